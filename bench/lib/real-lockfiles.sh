#!/usr/bin/env bash
# Issue #15: big lockfiles that Yarn itself wrote in real public repositories (all MIT), rebuilt
# into <corpus dir>/real-yarn/<case>/ for bench/lockfile-corpora.sh; the files are too big to keep here.
# Usage: bash bench/lib/real-lockfiles.sh <corpus dir> [dir of git mirrors]
# Each case takes, at the commit given, only package.json, yarn.lock, .yarnrc.yml (without yarnPath
# and plugins, which name files of the repository that are not taken) and, for Berry, the
# package.json of every workspace the lockfile lists (`name@workspace:<path>`). A mirror is
# <mirrors>/<owner>+<name>/repo (a bare git directory); without one, the repository is cloned
# without blobs (`git clone --bare --filter=blob:none`) and git fetches the few files it shows.
set -euo pipefail
CORPUS=${1:?usage: bash bench/lib/real-lockfiles.sh <corpus dir> [mirrors dir]}
MIRRORS=${2:-/work/.mirror}
CASES=(
  'berry-prettier prettier/prettier 4f84a934201322ca87750e2b9b25baf296da6560'
  'berry-jest jestjs/jest 52db46e50404c993d3f10dd1481e861cc04ae22e'
  'classic-webpack webpack/webpack bc3e930f75e3f6ecbdf193a0dedf6067ea3a286b'
)
for line in "${CASES[@]}"; do
  read -r name repo commit <<<"$line"
  git_dir=$MIRRORS/${repo/\//+}/repo
  if [ ! -d "$git_dir" ]; then
    git_dir=$MIRRORS/${repo/\//+}.git
    [ -d "$git_dir" ] || git clone --quiet --bare --filter=blob:none "https://github.com/$repo" "$git_dir"
  fi
  out=$CORPUS/real-yarn/$name
  rm -rf "$out" && mkdir -p "$out"
  show() { git --git-dir="$git_dir" show "$commit:$1"; }
  show package.json >"$out/package.json"
  show yarn.lock >"$out/yarn.lock"
  if git --git-dir="$git_dir" cat-file -e "$commit:.yarnrc.yml" 2>/dev/null; then
    # yarnPath and plugins name files of the repository (its Yarn release, its plugins): dropped.
    show .yarnrc.yml | awk '/^(yarnPath|plugins):/ { skip = 1; next } skip && /^[ -]/ { next } { skip = 0; print }' >"$out/.yarnrc.yml"
  fi
  # Berry workspaces: `"name@workspace:path":` keys (the root is `workspace:.`).
  { grep -oE '@workspace:[^",]+' "$out/yarn.lock" || true; } | sed 's/^@workspace://' | sort -u | while read -r path; do
    [ "$path" = . ] && continue
    mkdir -p "$out/$path"
    show "$path/package.json" >"$out/$path/package.json"
  done
  echo "$name: $repo@$commit, $(wc -c <"$out/yarn.lock") bytes of yarn.lock, $(find "$out" -name package.json | wc -l) package.json"
done
