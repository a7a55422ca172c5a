#!/usr/bin/env bash
# Issue #15: does Vigil trust npm's hidden lockfile (node_modules/.package-lock.json) exactly when
# npm does? Each scenario changes a tree npm installed, then asks npm (`npm ls --all --loglevel
# verbose` logs "shrinkwrap failed to load node_modules/.package-lock.json <reason>" when it reads
# the folders instead) and Vigil (`inventory --verbose`), and compares verdict and reason.
# Usage: bash bench/hidden-lockfile-npm.sh [vigil CLI, default dist/cli/vigil.cjs]
# Needs npm (7+) and the packages below in its cache or the registry.
set -euo pipefail
VIGIL=${1:-$(pwd)/dist/cli/vigil.cjs}
WORK=${WORK:-$(mktemp -d /tmp/vigil-hidden-npm.XXXXXX)}
PRISTINE=$WORK/pristine
mkdir -p "$PRISTINE/packages/a"
cat >"$PRISTINE/package.json" <<'EOF'
{ "name": "hidden-check", "version": "1.0.0", "private": true, "workspaces": ["packages/a"],
  "dependencies": { "debug": "2.6.9", "ms": "2.1.3", "@types/estree": "1.0.11", "a": "*" } }
EOF
echo '{ "name": "a", "version": "0.1.0", "dependencies": { "ms": "2.0.0" } }' >"$PRISTINE/packages/a/package.json"
# The same project installed with npm 11's linked strategy (node_modules/.store, links).
LINKED=$WORK/pristine-linked
cp -a "$PRISTINE" "$LINKED"
(cd "$PRISTINE" && npm install --prefer-offline --no-audit --no-fund --silent)
(cd "$LINKED" && npm install --install-strategy=linked --prefer-offline --no-audit --no-fund --silent)
BASE=$PRISTINE
OLD='2020-01-01 00:00:00'

# settle <tree>: every folder (links not followed) older than the hidden lockfile, as after an install.
settle() { find "$1" -type d -exec touch -h -d "$OLD" {} +; touch -d '2020-01-01 00:00:01' "$1/node_modules/.package-lock.json"; }
npm_says() { (cd "$1" && npm ls --all --loglevel verbose 2>&1 || true) | sed -n 's/.*shrinkwrap failed to load node_modules\/\.package-lock\.json //p' | head -1; }
vigil_says() { node "$VIGIL" inventory "$1" --format json --verbose 2>&1 >/dev/null | sed -n 's/^node_modules\/\.package-lock\.json not used, the installed package.json files are read instead: \(.*\) (npm would not use it either)$/\1/p' | head -1; }

agree=0; differ=0
scenario() { # scenario <name> <shell commands run in the tree> [verdict: compare used/not used only]
  local tree=$WORK/$1
  rm -rf "$tree"; cp -a "$BASE" "$tree"; settle "$tree"
  (cd "$tree" && eval "$2")
  local npm vigil; npm=$(npm_says "$tree"); vigil=$(vigil_says "$tree")
  # Where the reason is an error message of the JSON parser, the two parsers word it differently.
  if [ "$npm" = "$vigil" ] || { [ "${3:-}" = verdict ] && [ -n "$npm" ] && [ -n "$vigil" ]; }; then agree=$((agree + 1)); printf 'agree   %-28s %s\n' "$1" "${npm:-used}"
  else differ=$((differ + 1)); printf 'DIFFER  %-28s npm: %s | vigil: %s\n' "$1" "${npm:-used}" "${vigil:-used}"; fi
}

scenario unchanged ':'
scenario package-newer 'touch node_modules/ms'
scenario within-10ms 'touch -d "2020-01-01 00:00:01.009" node_modules/ms'
scenario just-over-10ms 'touch -d "2020-01-01 00:00:01.011" node_modules/ms'
scenario scope-newer 'touch node_modules/@types'
scenario nested-newer 'touch node_modules/debug/node_modules/ms'
scenario nested-nm-folder-newer 'touch node_modules/debug/node_modules'
scenario top-node-modules-newer 'touch node_modules'
scenario workspace-newer 'touch packages/a'
scenario workspace-dep-newer 'touch packages/a/node_modules/ms'
scenario edit-by-rename 'cp node_modules/ms/package.json x.tmp && mv x.tmp node_modules/ms/package.json'
scenario edit-in-place 'node -e "fs.writeFileSync(process.argv[1], fs.readFileSync(process.argv[1], \"utf8\").replace(\"2.1.3\", \"2.1.4\"))" node_modules/ms/package.json'
scenario extra-package 'mkdir node_modules/left-pad && echo {} > node_modules/left-pad/package.json && touch -d "$OLD" node_modules node_modules/left-pad'
scenario extra-dot-folder 'mkdir node_modules/.cache && touch -d "$OLD" node_modules'
scenario entry-folder-gone 'rm -rf node_modules/@types && touch -d "$OLD" node_modules'
scenario workspace-link-gone 'rm node_modules/a && touch -d "$OLD" node_modules'
scenario dangling-link 'ln -s ../nowhere node_modules/gone && touch -h -d "$OLD" node_modules node_modules/gone'
scenario link-out-of-tree 'mkdir -p ../outside-$$ && echo {} > ../outside-$$/package.json && touch -d "$OLD" ../outside-$$ && ln -s "$(cd ../outside-$$ && pwd)" node_modules/ext && touch -h -d "$OLD" node_modules'
scenario lockfile-not-json 'echo "{" > node_modules/.package-lock.json' verdict
BASE=$LINKED
scenario linked-unchanged ':'
scenario linked-store-package-newer 'touch node_modules/.store/ms@2.1.3-*/node_modules/ms'
scenario linked-store-key-newer 'touch node_modules/.store/ms@2.1.3-*'
scenario linked-store-nm-newer 'touch node_modules/.store/ms@2.1.3-*/node_modules'
scenario linked-link-newer 'touch -h node_modules/debug'
scenario linked-store-extra 'mkdir -p node_modules/.store/x@1/node_modules && touch -d "$OLD" node_modules node_modules/.store'
scenario linked-store-gone 'rm -rf node_modules/.store/ms@2.0.0-* && touch -d "$OLD" node_modules/.store'
echo "$agree agree, $differ differ (work dir $WORK)"
