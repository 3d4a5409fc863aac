#!/usr/bin/env bash
# The one test command: installs what the tests need, then runs every test.
# Safe to run again; CI runs it on a clean clone as root (see .ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1

# System packages the tests need. Later issues add Chromium and PostgreSQL here.
need_apt=()
command -v sqlite3 >/dev/null 2>&1 || need_apt+=(sqlite3)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "note: not root; skipping apt-get install of ${need_apt[*]}" >&2
  fi
fi

dotnet build PropertyFlow.sln -c Release -warnaserror
dotnet test PropertyFlow.sln -c Release --no-build --logger "console;verbosity=normal" "$@"
