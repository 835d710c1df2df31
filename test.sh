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

# The vsock and vmci suite needs a kernel with a vsock loopback: it runs inside User-Mode Linux, and its summary
# line joins the count below. A guest that cannot boot is a failure, never a skip.
uml_log=$(mktemp)
trap 'rm -f "$log" "$uml_log"' EXIT
scripts/uml-test.sh 2>&1 | tee "$uml_log"
uml_status=${PIPESTATUS[0]}
cat "$uml_log" >> "$log"
if [ "$uml_status" -ne 0 ] && ! grep -qE '^Failed! +- Failed: ' "$uml_log"; then
    # No test result to count: the suite could not run at all, which counts as one failure.
    echo 'Failed! - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - the User-Mode Linux suite did not run' >> "$log"
fi

# The pub/sub-across-VMs sample runs between two processes inside User-Mode Linux too, in one short boot; it is
# one test, passed only when the subscriber received what the publisher published.
scripts/vm-telemetry-demo.sh
demo_status=$?
if [ "$demo_status" -eq 0 ]; then
    echo 'Passed! - Failed:     0, Passed:     1, Skipped:     0, Total:     1 - the VmTelemetry sample inside User-Mode Linux' >> "$log"
else
    echo 'Failed! - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - the VmTelemetry sample inside User-Mode Linux' >> "$log"
fi

# A smoke run of the benchmark harness (a few thousand messages per row against libzmq, and the vsock and vmci
# rows in one more User-Mode Linux boot): not timed, it only checks that every row completes and prints a
# figure. It counts as one item of the summary below.
bench_log=$(mktemp)
trap 'rm -f "$log" "$uml_log" "$bench_log"' EXIT
bench_started=$SECONDS
timeout 600 bench/run.sh --smoke > "$bench_log" 2>&1
bench_status=$?
if [ "$bench_status" -eq 0 ]; then
    tail -n 1 "$bench_log"
    echo "Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1 - bench/run.sh --smoke, $((SECONDS - bench_started)) s" | tee -a "$log"
else
    cat "$bench_log"
    echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - bench/run.sh --smoke (exit $bench_status)" | tee -a "$log"
fi

# The ClusterFeed sample's failover scene (three cluster nodes, a graceful leave and a SIGKILL of the feed's node, a
# libzmq subscriber counting what it receives): one item of the summary below, passed when the script's goals are met.
failover_log=$(mktemp)
trap 'rm -f "$log" "$uml_log" "$bench_log" "$failover_log"' EXIT
failover_started=$SECONDS
timeout -k 20 300 scripts/cluster-failover.sh > "$failover_log" 2>&1
failover_status=$?
failover_line=$(grep -E '^cluster failover graceful_ms=-?[0-9]+ kill_ms=-?[0-9]+ delivered=[0-9]+ gaps=[0-9]+ duplicates=[0-9]+$' "$failover_log")
echo "${failover_line:-scripts/cluster-failover.sh printed no result line}"
if [ -z "$failover_line" ] && [ "$failover_status" -eq 0 ]; then
    failover_status=1
fi
if [ "$failover_status" -eq 0 ]; then
    echo "Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1 - scripts/cluster-failover.sh, $((SECONDS - failover_started)) s" | tee -a "$log"
else
    tail -n 40 "$failover_log"
    echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - scripts/cluster-failover.sh (exit $failover_status)" | tee -a "$log"
fi

# A short pass of coverage-guided fuzzing (AFL++ over SharpFuzz-instrumented assemblies, scripts/fuzz.sh) of the
# targets that read what a peer sends first: the frame and message decoders, the NULL handshake with ZAP, the PLAIN
# and CURVE servers, and the endpoints users type. One item of the summary; a crash or a hang fails it. The longer
# runs (scripts/fuzz.sh --all --seconds 60 and more) are for people, not for every commit.
fuzz_log=$(mktemp)
trap 'rm -f "$log" "$uml_log" "$bench_log" "$failover_log" "$fuzz_log"' EXIT
fuzz_started=$SECONDS
timeout -k 20 900 scripts/fuzz.sh decoder null plain-server curve-server endpoint --seconds 10 > "$fuzz_log" 2>&1
fuzz_status=$?
grep -E '^fuzz ' "$fuzz_log"
if [ "$fuzz_status" -eq 0 ]; then
    echo "Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1 - scripts/fuzz.sh (5 targets, 10 s each), $((SECONDS - fuzz_started)) s" | tee -a "$log"
else
    tail -n 40 "$fuzz_log"
    echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - scripts/fuzz.sh (exit $fuzz_status)" | tee -a "$log"
fi

# One minute of the soak (scripts/soak.sh): every socket type over tcp, ipc and inproc at once, pyzmq peers among them,
# peers restarted every 10 s after a drain. One item of the summary, passed when the script exits 0 and its line says
# lost=0. The long soaks (--minutes 30 and more) are for people, not for every commit.
soak_log=$(mktemp)
trap 'rm -f "$log" "$uml_log" "$bench_log" "$failover_log" "$fuzz_log" "$soak_log"' EXIT
soak_started=$SECONDS
timeout -k 20 300 scripts/soak.sh --minutes 1 > "$soak_log" 2>&1
soak_status=$?
soak_line=$(grep -E '^soak minutes=1 messages=[0-9]+ lost=0 rss_start=-?[0-9]+ rss_end=-?[0-9]+ gen2=[0-9]+$' "$soak_log")
echo "${soak_line:-scripts/soak.sh printed no result line with lost=0}"
if [ -z "$soak_line" ] && [ "$soak_status" -eq 0 ]; then
    soak_status=1
fi
if [ "$soak_status" -eq 0 ]; then
    echo "Passed!  - Failed:     0, Passed:     1, Skipped:     0, Total:     1 - scripts/soak.sh --minutes 1, $((SECONDS - soak_started)) s" | tee -a "$log"
else
    tail -n 40 "$soak_log"
    echo "Failed!  - Failed:     1, Passed:     0, Skipped:     0, Total:     1 - scripts/soak.sh --minutes 1 (exit $soak_status)" | tee -a "$log"
fi

# dotnet test prints one summary per test project; add them up into one closing line.
read -r passed failed skipped < <(
    grep -E '^(Passed|Failed)! +- Failed: ' "$log" \
    | sed -E 's/.*Failed: +([0-9]+), Passed: +([0-9]+), Skipped: +([0-9]+).*/\2 \1 \3/' \
    | awk '{p+=$1; f+=$2; s+=$3} END {print p+0, f+0, s+0}'
)
echo
echo "${passed} passed, ${failed} failed, ${skipped} skipped"

if [ "$status" -ne 0 ] || [ "$uml_status" -ne 0 ] || [ "$demo_status" -ne 0 ] || [ "$bench_status" -ne 0 ] || [ "$failover_status" -ne 0 ] || [ "$fuzz_status" -ne 0 ] || [ "$soak_status" -ne 0 ] || [ "$failed" -ne 0 ]; then
    exit 1
fi
if [ "$passed" -eq 0 ]; then
    echo "no test ran" >&2
    exit 1
fi
