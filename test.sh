#!/usr/bin/env bash
# Runs every test suite of RuntimeActors after installing what the suites need.
# Usage: ./test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")"

scripts/install-test-deps.sh || { echo "installing test dependencies failed" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test RuntimeActors.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per test project; add them up into one closing line.
read -r passed failed skipped < <(
    grep -E '^(Passed|Failed)! +- Failed: ' "$log" \
    | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
    | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
)
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    exit 1
fi
if [ "$passed" -eq 0 ]; then
    echo "no test ran" >&2
    exit 1
fi
