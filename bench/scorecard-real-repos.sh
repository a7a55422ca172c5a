#!/bin/sh
# Rebuilds the real repositories bench/scorecard-real.ts scores (issue #16), under $1 (default
# /tmp/vigil-scorecard-real). Nothing is kept in this repository: the inputs are large.
#   node/      Node.js 18.20.4 release tree from Debian's source package (19,642 files), one commit
#   node-nocheckout/  a `--no-checkout` clone of node/: no work tree, so every read goes through
#              `git cat-file` (as for a bare mirror or another --ref), the case Binary-Artifacts
#              is compared with git on
#   scorecard/ ossf/scorecard at the commit the scorecard README names, from a clone or mirror
#   express/   expressjs/express with its history
# SCORECARD_GIT and EXPRESS_GIT name where to clone those two from (a mirror made with the
# session's fetch tool, or https://github.com/... on a machine with network).
set -eu
out=${1:-/tmp/vigil-scorecard-real}
mkdir -p "$out"
cd "$out"
if [ ! -d node/.git ]; then
  apt-get source --download-only nodejs >/dev/null
  mkdir -p node
  tar -xJf nodejs_*.orig.tar.xz -C node --strip-components=1
  (cd node && git init -q && git add -A && git -c user.email=bench@example.com -c user.name=bench commit -qm 'nodejs release tree' && git gc -q)
fi
[ -d node-nocheckout/.git ] || git clone -q --no-checkout node node-nocheckout
[ -d scorecard/.git ] || git clone -q --no-checkout "${SCORECARD_GIT:-https://github.com/ossf/scorecard}" scorecard
[ -d express/.git ] || git clone -q "${EXPRESS_GIT:-https://github.com/expressjs/express}" express
echo "$out"
