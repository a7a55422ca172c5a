#!/usr/bin/env bash
# Rebuilds the workflow corpus for the go-yaml comparison (issue #16): every distinct version of
# every `.github/workflows/*.yml|yaml` file in the history of the given git repositories (bare
# mirrors are fine), one file per blob, as <out>/<owner+name>/<blob>.yml. Nothing is committed:
# the corpus is third-party text; only this script and small licensed samples live in the repo.
#
#   bench/scorecard-parsers/workflow-corpus.sh OUT GITDIR...
set -euo pipefail
out=${1:?usage: workflow-corpus.sh OUT GITDIR...}
shift
mkdir -p "$out"
for git_dir in "$@"; do
  name=$(basename "$(dirname "$git_dir")")
  [ "$name" = "." ] && name=$(basename "$git_dir")
  mkdir -p "$out/$name"
  # New-side blob of every change to a workflow file, on every ref.
  git -C "$git_dir" log --all --format= --raw --no-abbrev --no-renames -- '.github/workflows/*.yml' '.github/workflows/*.yaml' \
    | awk '$5 != "D" && $4 !~ /^0+$/ { print $4 }' | sort -u > "$out/$name.blobs"
  while read -r blob; do
    [ -s "$out/$name/$blob.yml" ] || git -C "$git_dir" cat-file blob "$blob" > "$out/$name/$blob.yml"
  done < "$out/$name.blobs"
  echo "$name: $(wc -l < "$out/$name.blobs") workflow versions" >&2
done
