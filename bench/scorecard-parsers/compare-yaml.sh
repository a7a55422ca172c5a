#!/usr/bin/env bash
# Builds the go-yaml v3 oracle and compares Vigil's workflow reader with it on CORPUS
# (see workflow-corpus.sh). gopkg.in/yaml.v3 comes from the module proxy, or from Debian's
# golang-gopkg-yaml.v3-dev (/usr/share/gocode) when the proxy is unreachable.
set -euo pipefail
corpus=${1:?usage: compare-yaml.sh CORPUS}
here=$(cd "$(dirname "$0")" && pwd)
build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
cp "$here/yaml-oracle/main.go" "$here/yaml-oracle/go.mod" "$build/"
if ! (cd "$build" && go mod tidy >/dev/null 2>&1); then
  echo 'replace gopkg.in/yaml.v3 => /usr/share/gocode/src/gopkg.in/yaml.v3' >> "$build/go.mod"
  export GOFLAGS=-mod=mod GOPROXY=off
fi
(cd "$build" && go build -o oracle .)
find "$corpus" -type f \( -name '*.yml' -o -name '*.yaml' \) | sort | "$build/oracle" > "$build/verdicts.jsonl"
cd "$here/../.." && node --import tsx bench/scorecard-parsers/compare-yaml.ts "$build/verdicts.jsonl"
