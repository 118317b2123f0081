#!/usr/bin/env bash
# The test command: installs and starts every service the tests need (on loopback), then runs every
# test of the solution on PostgreSQL and SQLite, and on SQL Server when CC_TEST_SQLSERVER names one (the Azure pipeline
# sets it). Needs root or sudo for apt-get on a fresh machine.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
. infra/dev/common.sh

# Tools the tests use to look at what we produce. The deployment tests check nginx.conf with nginx -t and ask dpkg which
# packages hold the default letter stylesheet's fonts (the image must install them). The scale-out tests start nginx,
# pgbouncer and wrk themselves, on loopback ports of their own.
ensure_packages postgresql fonts-dejavu-core fonts-dejavu-extra fonts-liberation2 nginx pgbouncer wrk

infra/dev/postgres.sh install
infra/dev/postgres.sh start
# A second database server: tenants are placed on and moved between the two.
CC_PG_INSTANCE=2 infra/dev/postgres.sh start
for svc in infra/dev/services.d/*.sh; do
  [ -e "$svc" ] && bash "$svc" start
done

export CC_TEST_POSTGRES="$(infra/dev/postgres.sh url)"
export CC_TEST_POSTGRES_2="$(CC_PG_INSTANCE=2 infra/dev/postgres.sh url)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# Tenants' mail accounts may name only public hosts; the local Dovecot and Postfix listen on loopback.
export Mail__AllowPrivateHosts=true

results="$CC_DEV_DIR/test-results"
rm -rf "$results"
status=0
run_tests() {
  dotnet test "$@" -c Release --logger "trx" --results-directory "$results" \
    --logger "console;verbosity=minimal" || status=$?
}
if [ "$#" -gt 0 ]; then
  run_tests ContactCenter.sln "$@"
else
  # The browser tests run alone after the rest: a real browser, two servers and the rest of the solution's tests
  # at once on two cores made sign-ins time out.
  run_tests ContactCenter.sln --filter "FullyQualifiedName!~ContactCenter.EndToEnd.Tests"
  run_tests tests/ContactCenter.EndToEnd.Tests --no-build
fi

# One closing line over all test assemblies, read from the TRX files; before it, what failed and why, where a reader of
# the log's tail sees it: each failed test's message and the start of its stack trace, and the cleanup failures the
# runner reports beside the tests.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  e=$(echo "$counters" | sed -n 's/.* executed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
  awk '
    /<UnitTestResult / { failed = ($0 ~ /outcome="Failed"/); shown = 0; inside = 0
      if (failed && match($0, /testName="[^"]*"/)) print "FAILED " substr($0, RSTART + 10, RLENGTH - 11) }
    failed && /<Message>/ { inside = 1 }
    failed && inside && shown < 30 { print "    " $0; shown++ }
    /<\/ErrorInfo>/ { inside = 0; failed = 0 }
    /<RunInfo [^>]*outcome="Error"/ { getline; if ($0 ~ /Failure/) print "ERROR " $0 }
  ' "$trx"
done
echo "tests: $passed passed, $failed failed, $skipped skipped"
if [ "$status" -eq 0 ] && [ "$failed" -gt 0 ]; then status=1; fi
exit "$status"
