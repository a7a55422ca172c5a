#!/usr/bin/env bash
# Best effort, for CI: install and start a local PostgreSQL so the advisory store's PostgreSQL
# backend runs the same contract tests as SQLite. Prints the connection URL on success; prints
# nothing (and the tests say they were skipped) when this machine cannot run a server.
set -uo pipefail
SUDO=""
AS_POSTGRES="runuser -u postgres --"
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo -n"; AS_POSTGRES="sudo -n -u postgres"; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  $SUDO apt-get update -qq >/dev/null 2>&1 || exit 0
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null 2>&1 || exit 0
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
[ -n "$version" ] || exit 0
pg_lsclusters -h 2>/dev/null | grep -q "^$version main" || $SUDO pg_createcluster "$version" main >/dev/null 2>&1 || exit 0
$SUDO pg_ctlcluster "$version" main start >/dev/null 2>&1 || pg_lsclusters -h | grep -q "online" || exit 0
$AS_POSTGRES psql -q -c "DO \$\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'vigil_ci') THEN CREATE ROLE vigil_ci LOGIN PASSWORD 'vigil_ci'; END IF; END \$\$;" >/dev/null 2>&1 || exit 0
$AS_POSTGRES psql -q -tc "SELECT 1 FROM pg_database WHERE datname = 'vigil_ci'" 2>/dev/null | grep -q 1 || $AS_POSTGRES createdb -O vigil_ci vigil_ci >/dev/null 2>&1 || exit 0
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')
echo "postgres://vigil_ci:vigil_ci@127.0.0.1:${port:-5432}/vigil_ci"
