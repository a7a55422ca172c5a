#!/usr/bin/env bash
# Issue #15: other projects' lockfile test suites, read by Vigil and by the package manager itself.
# Usage: bash bench/lockfile-corpora.sh <corpus dir> [vigil CLI, default dist/cli/vigil.cjs]
#
# <corpus dir>/<set>/<case>/ holds one lockfile (bun.lock or yarn.lock) with the package.json (and
# workspace package.json files) beside it, laid out as the owning test lays the project out.
# bench/lockfile-corpora.txt lists each case's origin (repository, path, commit): Bun's own test
# suite (oven-sh/bun, MIT) holds bun.lock files, Yarn Berry fixtures and Yarn classic fixtures;
# cases under `bun-migrated/` are what Bun 1.4.5 wrote when it migrated those yarn.lock files
# (`bun pm migrate`, offline), so they are bun.lock files as Bun writes them today.
#
# The package managers come from the npm registry (into $TOOLS): bun 1.4.5 (@oven/bun-linux-x64)
# answers `bun pm ls --all` from bun.lock alone; Yarn 1.22.22 answers `yarn list --offline --json`
# from yarn.lock alone; Yarn 4.18.1 answers `yarn info -AR --json --name-only` offline. Where Yarn 4
# stops on a fixture for reasons of its own (Bun's Berry fixtures name packages of Bun's test registry
# and Yarn refuses them before listing), Yarn's rules are applied by bench/lib/lockfile-corpora.mjs
# instead, and the verdict says "(Yarn rules)".
set -euo pipefail
CORPUS=${1:?usage: bash bench/lockfile-corpora.sh <corpus dir> [vigil CLI]}
VIGIL=${2:-$(pwd)/dist/cli/vigil.cjs}
TOOLS=${TOOLS:-/tmp/vigil-corpus-tools}
mkdir -p "$TOOLS"
fetch() { # fetch <dir> <package@version>
  [ -d "$TOOLS/$1/package" ] && return
  (cd "$TOOLS" && mkdir -p "$1" && tar xzf "$(npm pack "$2" --silent)" -C "$1")
}
fetch bun @oven/bun-linux-x64@1.4.5
fetch yarn1 yarn@1.22.22
fetch yarn4 @yarnpkg/cli-dist@4.18.1
BUN=$TOOLS/bun/package/bin/bun
YARN1=$TOOLS/yarn1/package/bin/yarn.js
YARN4=$TOOLS/yarn4/package/bin/yarn.js
export BUN_INSTALL_CACHE_DIR=$TOOLS/bun-cache YARN_CACHE_FOLDER=$TOOLS/yarn-cache
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
COMPARE=$(cd "$(dirname "$0")" && pwd)/lib/lockfile-corpora.mjs
# REAL_YARN=1: first rebuild <corpus>/real-yarn/ (big yarn.lock files Yarn wrote in prettier, jest,
# webpack; kept out of this repository) from git, see bench/lib/real-lockfiles.sh.
if [ "${REAL_YARN:-0}" = 1 ]; then bash "$(dirname "$COMPARE")/real-lockfiles.sh" "$CORPUS" "${MIRRORS:-/work/.mirror}" >&2; fi
ROOT=$(pwd)

printf 'case\tverdict\tdetails\n'
{
for dir in "$CORPUS"/*/*/; do
  name=${dir#"$CORPUS"/}; name=${name%/}
  rm -rf "$WORK/case" && cp -r "$dir" "$WORK/case"
  if [ -f "$WORK/case/bun.lock" ]; then
    kind=bun
    (cd "$WORK/case" && timeout 60 "$BUN" pm ls --all >"$WORK/oracle" 2>&1 || true)
  elif head -c 200 "$WORK/case/yarn.lock" | grep -q 'yarn lockfile v1'; then
    kind=yarn1
    (cd "$WORK/case" && timeout 60 node "$YARN1" list --offline --json --non-interactive >"$WORK/oracle" 2>&1 || true)
  else
    kind=berry
    (cd "$WORK/case" && YARN_ENABLE_NETWORK=0 YARN_ENABLE_TELEMETRY=0 YARN_IGNORE_PATH=1 YARN_ENABLE_GLOBAL_CACHE=0 \
      timeout 60 node "$YARN4" info -AR --json --name-only >"$WORK/oracle" 2>/dev/null || true)
  fi
  rm -rf "$WORK/case/node_modules"
  node "$VIGIL" inventory --json --no-installed "$WORK/case" >"$WORK/vigil" 2>/dev/null || true
  printf '%s\t%s\n' "$name" "$(cd "$ROOT" && node "$COMPARE" "$kind" "$WORK/oracle" "$WORK/vigil" "$WORK/case")"
done

# Bun's tuple shapes: one bun.lock per shape below (the ways a bun.lock entry can be written or
# broken), each answered by Bun and by Vigil as above.
SHAPES=(
  '["x@1.0.0", "", {}, "sha512-AA=="]' '["x@v1.0.0", "", {}, "sha512-AA=="]' '["x@=1.0.0", "", {}, "sha512-AA=="]'
  '["x@01.0.0", "", {}, "sha512-AA=="]' '["x@1.0.0-beta.1+b", "", {}, ""]' '["x@1.0.0 || 2.0.0", "", {}, "sha512-AA=="]'
  '["x@1.0.0", "https://r.example/x/-/x-1.0.0.tgz", {}, "sha512-AA=="]' '["x@1.0.0", "", {}, "sha512-AA==", "extra"]'
  '["x@abbrev-1.1.1.tgz", {}]' '["x@./x.tgz", {}]' '["x@https://example.com/x-1.0.0.tgz", {}]'
  '["x@github:a/b#abc1234", {}, "a-b-abc1234"]' '["x@git+https://example.com/a/b.git#abc1234", {}, "abc1234"]'
  '["x@link:../x", {}]' '["x@file:../x", {}]' '["y@1.0.0", "", {}, "sha512-AA=="]'
  '["x@latest", "", {}, "sha512-AA=="]' '["x@^1.0.0", "", {}, "sha512-AA=="]' '["x@*", "", {}, "sha512-AA=="]'
  '["x@1.2", "", {}, "sha512-AA=="]' '["x@1.0.0.0", "", {}, "sha512-AA=="]' '["x@ 1.0.0", "", {}, "sha512-AA=="]'
  '["x@1.0.0"]' '["x@1.0.0", "", {}]' '["x@1.0.0", 5, {}, "sha512-AA=="]' '["x@1.0.0", "", 5, "sha512-AA=="]'
  '["x@1.0.0", "", {}, 5]' '["x@github:a/b#abc1234", {}]' '["x@https://e.com/x.tgz"]' '["x@./x.tgz"]'
  '["x@file:../x"]' '"x@1.0.0"' '[]' '["x", "", {}, "sha512-AA=="]' '["x@", "", {}, "sha512-AA=="]'
)
for shape in "${SHAPES[@]}"; do
  rm -rf "$WORK/case" && mkdir -p "$WORK/case"
  echo '{"name":"t","dependencies":{"x":"*"}}' >"$WORK/case/package.json"
  printf '{\n  "lockfileVersion": 1,\n  "workspaces": {\n    "": {\n      "name": "t",\n      "dependencies": {\n        "x": "*",\n      },\n    },\n  },\n  "packages": {\n    "x": %s,\n  }\n}\n' "$shape" >"$WORK/case/bun.lock"
  (cd "$WORK/case" && timeout 60 "$BUN" pm ls --all >"$WORK/oracle" 2>&1 || true)
  node "$VIGIL" inventory --json --no-installed "$WORK/case" >"$WORK/vigil" 2>/dev/null || true
  printf 'bun-shape %s\t%s\n' "$shape" "$(cd "$ROOT" && node "$COMPARE" bun "$WORK/oracle" "$WORK/vigil" "$WORK/case")"
done

# The real projects (REAL_YARN=1): also what a production install keeps, against Vigil's non-dev packages.
for dir in "$CORPUS"/real-yarn/*/; do
  [ -f "$dir/yarn.lock" ] || continue
  rm -rf "$WORK/case" && cp -r "$dir" "$WORK/case"
  if head -c 200 "$WORK/case/yarn.lock" | grep -q 'yarn lockfile v1'; then
    kind=yarn1
    (cd "$WORK/case" && timeout 60 node "$YARN1" list --offline --production --json --non-interactive >"$WORK/oracle" 2>&1 || true)
  else kind=berry; fi
  node "$VIGIL" inventory --json --no-installed "$WORK/case" >"$WORK/vigil" 2>/dev/null || true
  printf 'production %s\t%s\n' "${dir#"$CORPUS"/}" "$(cd "$ROOT" && node "$(dirname "$COMPARE")/production-set.mjs" "$kind" "$WORK/case" "$WORK/vigil" "$WORK/oracle")"
done
} | tee "$WORK/rows"
# Tally per set (the shapes are one set): verdicts counted.
awk -F'\t' '{ split($1, part, /[\/ ]/); set = part[1]; verdict = $2; sub(/ \(.*/, "", verdict); n[set]++; v[set, verdict]++; sets[set] = 1 }
  END { for (s in sets) printf "total %s: %d files, %d agree, %d both refuse, %d differ, %d refused by Vigil only, %d refused by the package manager only\n", s, n[s], v[s, "agree"], v[s, "both-refuse"], v[s, "differ"], v[s, "vigil-refuses"], v[s, "oracle-refuses"] }' "$WORK/rows" | sort

