#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every test.
# Safe to run again; CI runs it on a clean clone as root (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# System packages the tests need (Debian names), installed only when missing so a local run stays fast.
# The web console's browser tests (tests/Web.Tests) drive Debian's chromium (never a Playwright browser
# download) and need a CJK font for the Chinese pages; the Server build bundles src/Designer with Node.js/npm.
need_apt=()
for pkg in chromium fonts-wqy-microhei; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
command -v npm >/dev/null 2>&1 || need_apt+=(nodejs npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "note: not root; skipping apt-get install of ${need_apt[*]}" >&2
  fi
fi

# PostgreSQL for tests/Postgres.Tests: a throwaway cluster on loopback (Debian's postgresql package, installed
# when missing), stopped and deleted on exit. Its connection string is PF_TEST_POSTGRES; under CI the PostgreSQL
# tests fail without it rather than pass unseen. An exported PF_TEST_POSTGRES (your own server) is used as is.
# shellcheck source=scripts/postgres.sh
source scripts/postgres.sh
if [ -z "${PF_TEST_POSTGRES:-}" ]; then
  pf_postgres_start || echo "warning: no PostgreSQL test cluster; the PostgreSQL tests will fail under CI, skip otherwise" >&2
fi
trap 'pf_postgres_stop' EXIT

dotnet tool restore >/dev/null
dotnet build PropertyFlow.sln -c Release -warnaserror
log=$(mktemp)
trap 'rm -f "$log"; pf_postgres_stop' EXIT
# Two passes. dotnet test runs the test projects side by side; the tests that start whole server processes (two
# nodes, PostgreSQL, a load of 1,000 complaints: Category=ServerProcesses) run afterwards on their own, so they do
# not take both cores from the browser tests in the first pass. Extra arguments go to both passes.
set +e
dotnet test PropertyFlow.sln -c Release --no-build --logger "console;verbosity=normal" \
  --filter "Category!=ServerProcesses" "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
dotnet test tests/Postgres.Tests -c Release --no-build --logger "console;verbosity=normal" \
  --filter "Category=ServerProcesses" "$@" 2>&1 | tee -a "$log"
status2=${PIPESTATUS[0]}
[ "$status" = 0 ] && status=$status2
set -e
# One closing line for every test project together.
passed=$(awk '/^ +Passed: +[0-9]+$/ {s += $2} END {print s + 0}' "$log")
failed=$(awk '/^ +Failed: +[0-9]+$/ {s += $2} END {print s + 0}' "$log")
if [ "$failed" != 0 ]; then
  # The failures again, at the end where a truncated CI log still shows them: each failed test with its message
  # and the first lines of its stack trace.
  echo "=== failed tests ==="
  awk '/^ +Failed [A-Za-z_]/ {show = 1; n = 0}
       /^ +(Passed|Skipped) [A-Za-z_]/ || /^(Results File|Test Run|Passed!|Failed!)/ {show = 0}
       show && n < 40 {print; n++}' "$log"
fi
echo "${passed} passed, ${failed} failed"
exit "$status"
