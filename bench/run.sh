#!/usr/bin/env bash
# RuntimeActors next to libzmq 4.3.4: the same workloads on both, in one run, interleaved row by row so that
# the machine's noise hits both alike. Prints one line per comparison:
#   TRANSPORT thr|lat|first|cpu|scale|alloc SIZE ratio=R ractors=X libzmq=Y UNIT spread(ractors)=MIN..MAX spread(libzmq)=MIN..MAX
# ratio is RuntimeActors over libzmq (for latency lower is better). NetMQ (a managed ZeroMQ, bench/NetMQ.Benchmarks) has
# rows of its own for tcp and inproc, with vs_netmq=R ractors=X netmq=Y in place of ratio= and libzmq=.
# docs/performance.md explains every row.
#
# Usage: bench/run.sh [--full | --quick | --smoke] [--rounds R] [--no-vm]
#   (default)  full message counts, 3 rounds; each figure is the median of the rounds
#   --quick    every row with a tenth of the messages, 1 round
#   --smoke    every row with a few thousand messages, 1 round: checks that each row completes and prints a
#              figure (CI runs this; the figures mean nothing)
#   --no-vm    leaves out the vsock and vmci rows, which boot User-Mode Linux (RuntimeActors only, compared
#              with RuntimeActors over tcp in the same boot: vs_tcp=R)
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
rounds=""
vm=yes
guest=""
while [ $# -gt 0 ]; do
    case "$1" in
        --full) mode=full ;;
        --quick) mode=quick ;;
        --smoke) mode=smoke ;;
        --rounds) rounds="${2:?--rounds needs a number}"; shift ;;
        --no-vm) vm=no ;;
        # Internal: what the User-Mode Linux guest runs, RuntimeActors alone, figures to the given folder.
        --guest) guest="${2:?--guest needs a folder}"; shift ;;
        -h|--help) sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
    shift
done

# Messages per row (64 B, 1 KB, 64 KB), round trips per latency row, messages per cold row (64 B, no warm-up), and the
# limit on one process. Scale rows (once per run, not per round: memory is not noisy): peers on one ROUTER, subscribers
# on one PUB and the messages published to them over ten topics.
case "$mode" in
    full)  counts=(2000000 1000000 50000); trips=20000; cold=200000; limit=600; rounds="${rounds:-3}"; routed=10000; subscribers=1000; published=1000 ;;
    quick) counts=(200000 100000 5000);    trips=2000;  cold=20000;  limit=300; rounds="${rounds:-1}"; routed=2000;  subscribers=200;  published=200 ;;
    smoke) counts=(5000 5000 1000);        trips=1000;  cold=2000;   limit=60;  rounds="${rounds:-1}"; routed=100;   subscribers=20;   published=100 ;;
esac
topics=10
# epgm rows: ZMQ_RATE (kbit/s) on both ends. libzmq to libzmq over the loopback is bound by it up to the rate at which it
# starts losing data for good (64 B: lossless at 300000, stalled at 350000; 1 KB: lossless at 450000, stalled at
# 700000), so this is the highest rate with a margin below the 64 B stall; the rows compare at the same bound.
epgm_rate=${BENCH_RATE:-250000}
# User-Mode Linux runs the guest's rows some 40 times slower than the host, on one CPU: a tenth of the
# messages, in one round, keeps the full run within minutes.
if [ -n "$guest" ]; then
    case "$mode" in
        full)  counts=(200000 100000 5000); trips=2000 ;;
        quick) counts=(20000 10000 500);    trips=500 ;;
        smoke) counts=(1000 1000 200);      trips=200 ;;
    esac
fi
sizes=(64 1024 65536)
labels=(64B 1KB 64KB)

repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ractors_dll="$repo/bench/RuntimeActors.Wire.Benchmarks/bin/Release/net10.0/RuntimeActors.Wire.Benchmarks.dll"
netmq_dll="$repo/bench/NetMQ.Benchmarks/bin/Release/net10.0/NetMQ.Benchmarks.dll"
if [ -z "$guest" ]; then
    # libzmq3-dev (and gcc) come from the test dependencies, so a fresh machine needs no manual step.
    scripts/install-test-deps.sh >&2
    gcc -O2 -Wall -Wextra -Werror -o "$work/zbench" bench/libzmq/zbench.c -lzmq -lpthread
    gcc -O2 -Wall -Wextra -Werror -o "$work/zscale" bench/libzmq/zscale.c -lzmq
    dotnet build bench/RuntimeActors.Wire.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >&2
    dotnet build bench/NetMQ.Benchmarks -c Release --nologo -v q -clp:ErrorsOnly >&2
    zmq_version=$(sed -nE 's/^#define ZMQ_VERSION_(MAJOR|MINOR|PATCH) ([0-9]+).*/\2/p' /usr/include/zmq.h | paste -sd.)
    netmq_version=$(sed -nE 's/.*Include="NetMQ" Version="([^"]+)".*/\1/p' Directory.Packages.props)
fi

# side NAME ARGS...: runs one side: zmq is libzmq's C program, ra RuntimeActors' .NET one, netmq NetMQ's .NET one
# (run as RuntimeActors' is).
side() {
    local name=$1
    shift
    case "$name" in
        zmq) timeout "$limit" "$work/zbench" "$@" ;;
        netmq) DOTNET_gcServer=0 timeout "$limit" dotnet "$netmq_dll" "$@" ;;
        *) DOTNET_gcServer=0 timeout "$limit" dotnet "$ractors_dll" "$@" ;;
    esac
}

# pair SENDER RECEIVER KIND TRANSPORT N SIZE: one row of one side across two processes. KIND is thr (PUSH
# to PULL; over epgm, PUB to SUB), athr (PUSH to PULL through the actor face: RuntimeActors' actor-push and actor-pull modes), cold (PUSH to
# PULL with no warm-up) or lat (REQ to REP). Prints the binding side's line, the connecting side's, then
# "launch at=T": the wall-clock time (Unix seconds) just before the connecting side was launched.
# Both sides first pass as many warm-up messages (or round trips) as they then measure: .NET's tiered JIT reaches
# its steady-state code only after some hundreds of milliseconds of traffic (a tenth, as before, measured the JIT's
# early tiers: tcp 64B at 0.5-0.6 of libzmq where the steady state is above 1). libzmq gets the same warm-up.
# The cold rows measure exactly what that warm-up leaves out.
pair() {
    local sender=$1 receiver=$2 kind=$3 transport=$4 count=$5 size=$6
    local warm=$count bound=pull connecting=push endpoint
    [ "$kind" = lat ] && bound=rep connecting=req
    [ "$kind" = athr ] && bound=actor-pull connecting=actor-push
    [ "$kind" = cold ] && warm=0
    [ "$transport" = epgm ] && bound=sub connecting=pub
    # A directory of its own per row: pair runs in a subshell, so a counter would not survive it.
    local row
    row=$(mktemp -d -p "$work")
    case "$transport" in
        tcp) endpoint='tcp://127.0.0.1:*' ;;
        ipc) endpoint="ipc://$row/socket" ;;
        vsock) endpoint='vsock://1:*' ;;   # the loopback CID
        vmci) endpoint='vmci://@:*' ;;     # the local CID, which the bind reports as a number
        epgm) endpoint=$epgm_endpoint ;;   # a group and port of the row's own (record)
    esac
    local ready="$row/ready" out="$row/bound"
    side "$receiver" "$bound" "$endpoint" "$count" "$size" "$warm" "$ready" >"$out" &
    local binder=$!
    local waited=0
    while [ ! -s "$ready" ]; do
        if ! kill -0 "$binder" 2>/dev/null || [ $waited -ge 300 ]; then
            kill "$binder" 2>/dev/null || true
            wait "$binder" 2>/dev/null || true
            echo "the $receiver $bound side did not bind" >&2
            return 1
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    local connected status=0 endpoint_bound launched
    endpoint_bound=$(cat "$ready")
    # The cold rows' start-to-first figure runs from here (the receiver is up and bound) to the receiver's first_at.
    launched=$(date +%s.%N)
    if [ "$transport" = epgm ]; then
        # A PGM sender is done when its messages left the socket, but a receiver may still need repairs from its window:
        # the PUB stays up until the SUB has everything (BENCH_UNTIL, a file created once the receiver exited).
        BENCH_UNTIL="$row/done" side "$sender" "$connecting" "$endpoint_bound" "$count" "$size" "$warm" >"$row/connecting" &
        local publisher=$!
        wait "$binder" || status=$?
        touch "$row/done"
        if [ $status -ne 0 ]; then
            kill "$publisher" 2>/dev/null || true
            wait "$publisher" 2>/dev/null || true
            echo "the $receiver $bound side exited with status $status" >&2
            return 1
        fi
        wait "$publisher" || status=$?
        if [ $status -ne 0 ]; then
            echo "the $sender $connecting side exited with status $status" >&2
            return 1
        fi
        cat "$out" "$row/connecting"
        echo "launch at=$launched"
        return 0
    fi
    connected=$(side "$sender" "$connecting" "$endpoint_bound" "$count" "$size" "$warm") || status=$?
    if [ $status -ne 0 ]; then
        # 124 is timeout's: the side waited $limit s for messages that did not come.
        echo "the $sender $connecting side exited with status $status" >&2
        kill "$binder" 2>/dev/null || true
        wait "$binder" 2>/dev/null || true
        return 1
    fi
    wait "$binder" || status=$?
    if [ $status -ne 0 ]; then
        echo "the $receiver $bound side exited with status $status" >&2
        return 1
    fi
    cat "$out"
    echo "$connected"
    echo "launch at=$launched"
}

# one SENDER RECEIVER KIND TRANSPORT N SIZE: one row of one side; inproc runs in one process.
one() {
    if [ "$4" = inproc ]; then
        side "$1" "inproc-$3" "$5" "$6" "$5" || { echo "the $1 inproc-$3 process exited with status $?" >&2; return 1; }
    else
        pair "$@"
    fi
}

field() { sed -nE "s/.*\\<$2=([^ ]+).*/\\1/p" <<<"$1" | head -1; }

# Every figure of every round goes to $work/figures as "KEY VALUE"; the table takes the median per key.
figures="${guest:-$work}/figures"
: >"$figures"
failed=0

# record KEY SENDER RECEIVER KIND TRANSPORT N SIZE: runs one side of one row and files its figures.
# libzmq's own rows get one retry, RuntimeActors' none: libzmq 4.3.4 to libzmq 4.3.4 over ipc stalls now and then
# (5 of 200 runs of `zbench pull`/`zbench push` alone here: the pull got exactly its warm-up messages, then nothing,
# while the push had sent everything and exited 0), which would fail a row that measures nothing of ours.
retried=0
# Each epgm row (and its retry) gets a group and port of its own, so that no row sees another's late packets; the
# group's third byte and the port's thousands come from this run's process id, so that two runs at once (a bench and
# a CI smoke) do not share one either.
epgm_endpoint_of() {
    echo "epgm://127.0.0.1;239.193.$(($$ % 250)).$(($1 % 250 + 1)):$((40000 + ($$ % 20) * 1000 + $1 % 1000))"
}
epgm_rows=0
record() {
    local key=$1 sender=$2 receiver=$3 kind=$4 transport=$5 count=$6 size=$7 output
    if [ "$transport" = epgm ]; then
        epgm_rows=$((epgm_rows + 1))
        epgm_endpoint=$(epgm_endpoint_of "$epgm_rows")
    fi
    if ! output=$(one "$sender" "$receiver" "$kind" "$transport" "$count" "$size"); then
        if [ "$sender" != zmq ] || [ "$receiver" != zmq ] \
            || ! { echo "RETRYING: $key (libzmq on both ends)" >&2
                   [ "$transport" != epgm ] || { epgm_rows=$((epgm_rows + 1)); epgm_endpoint=$(epgm_endpoint_of "$epgm_rows"); }
                   output=$(one "$sender" "$receiver" "$kind" "$transport" "$count" "$size"); }; then
            echo "FAILED: $key ($sender -> $receiver)" >&2
            failed=$((failed + 1))
            return 0
        fi
        retried=$((retried + 1))
    fi
    local measured receiving sending
    if [ "$kind" = thr ] || [ "$kind" = athr ] || [ "$kind" = cold ]; then
        measured=$(grep '^thr ' <<<"$output")
        sending=$(grep '^send ' <<<"$output")
        local msgs seconds
        msgs=$(field "$measured" msgs)
        seconds=$(field "$measured" seconds)
        awk -v k="$key" -v m="$msgs" -v s="$seconds" -v b="$size" \
            'BEGIN { printf "%s.msgs %.6g\n%s.mbs %.6g\n", k, m / s, k, m * b / s / 1e6 }' >>"$figures"
        # Inproc: both ends are one process, so both lines count the same process-wide allocations.
        echo "$key.alloc_recv $(field "$measured" alloc)" >>"$figures"
        echo "$key.alloc_send $(field "$sending" alloc)" >>"$figures"
        # CPU per message of each process (user plus system; for inproc, the one process, on the receiver's line).
        local cpu_recv cpu_send
        cpu_recv=$(field "$measured" cpu)
        cpu_send=$(field "$sending" cpu)
        if [ -n "$cpu_recv" ]; then echo "$key.cpu_recv $cpu_recv" >>"$figures"; fi
        if [ -n "$cpu_send" ]; then echo "$key.cpu_send $cpu_send" >>"$figures"; fi
        if [ "$kind" = cold ]; then
            # Milliseconds from the sender's launch to the receiver's first message (both wall-clock, Unix seconds).
            local first_at launched
            first_at=$(field "$measured" first_at)
            launched=$(field "$(grep '^launch ' <<<"$output")" at)
            awk -v k="$key" -v f="$first_at" -v l="$launched" 'BEGIN { printf "%s.first %.3f\n", k, (f - l) * 1000 }' >>"$figures"
        fi
    else
        measured=$(grep '^lat ' <<<"$output")
        receiving=$(grep '^rep ' <<<"$output")
        for statistic in mean p50 p99; do
            echo "$key.$statistic $(field "$measured" $statistic)" >>"$figures"
        done
        echo "$key.alloc_send $(field "$measured" alloc)" >>"$figures"
        echo "$key.alloc_recv $(field "$receiving" alloc)" >>"$figures"
    fi
}

# with_netmq TRANSPORT: whether the row has a NetMQ side too (tcp and inproc; NetMQ's ipc is not libzmq's).
with_netmq() { [ "$1" = tcp ] || [ "$1" = inproc ]; }

# The rows of one round; each row runs both sides back to back, and which side goes first alternates from
# row to row and from round to round. Where NetMQ runs too, it runs between the two, so that RuntimeActors runs before
# it in half the rows and after it in the other half, as before and after libzmq.
run_round() {
    local round=$1 row=0 transport i first second count
    for transport in tcp ipc inproc; do
        for i in 0 1 2; do
            row=$((row + 1))
            if [ $(((row + round) % 2)) -eq 0 ]; then first=zmq; second=ra; else first=ra; second=zmq; fi
            # inproc passes references to the same bytes on both sides, so a 64 KB message costs what a 64 B one does: with the
            # 64 KB count (some 17 ms of traffic) the row measured little more than thread start-up.
            count=${counts[$i]}
            [ "$transport" = inproc ] && count=${counts[0]}
            record "$transport.thr.$i.$first" $first $first thr $transport "$count" "${sizes[$i]}"
            if with_netmq $transport; then record "$transport.thr.$i.netmq" netmq netmq thr $transport "$count" "${sizes[$i]}"; fi
            record "$transport.thr.$i.$second" $second $second thr $transport "$count" "${sizes[$i]}"
        done
    done
    # Mixed: each side's wire path against the other's, compared with libzmq on both ends in the same round.
    for i in 0 1 2; do
        record "mixed.ra2zmq.$i" ra zmq thr tcp "${counts[$i]}" "${sizes[$i]}"
        record "mixed.zmq2ra.$i" zmq ra thr tcp "${counts[$i]}" "${sizes[$i]}"
    done
    # Actor face: an Akka actor sends through a PUSH socket actor to a PULL socket actor whose receiving actor is in
    # another process, with the flow control of Zmq.Send; compared with libzmq on both ends in the same round.
    for i in 0 1 2; do
        record "actor.thr.$i.ra" ra ra athr tcp "${counts[$i]}" "${sizes[$i]}"
    done
    for transport in tcp ipc inproc; do
        row=$((row + 1))
        if [ $(((row + round) % 2)) -eq 0 ]; then first=zmq; second=ra; else first=ra; second=zmq; fi
        record "$transport.lat.$first" $first $first lat $transport "$trips" 64
        if with_netmq $transport; then record "$transport.lat.netmq" netmq netmq lat $transport "$trips" 64; fi
        record "$transport.lat.$second" $second $second lat $transport "$trips" 64
    done
    # Cold: a fresh process pair, 64 B with no warm-up, so that .NET's start-up, runtime creation and first JIT tiers
    # count (the other rows measure steady state), and the time from the sender's launch to the first message received.
    for transport in tcp ipc; do
        row=$((row + 1))
        if [ $(((row + round) % 2)) -eq 0 ]; then first=zmq; second=ra; else first=ra; second=zmq; fi
        record "$transport.cold.$first" $first $first cold $transport "$cold" 64
        record "$transport.cold.$second" $second $second cold $transport "$cold" 64
    done
    # CURVE over tcp: both sides encrypt every frame with libsodium (BENCH_CURVE makes zbench.c and the .NET side use
    # zmq_curve(7)'s key pairs, the bound side as the server).
    for i in 0 1 2; do
        row=$((row + 1))
        if [ $(((row + round) % 2)) -eq 0 ]; then first=zmq; second=ra; else first=ra; second=zmq; fi
        BENCH_CURVE=1 record "curve.thr.$i.$first" $first $first thr tcp "${counts[$i]}" "${sizes[$i]}"
        BENCH_CURVE=1 record "curve.thr.$i.$second" $second $second thr tcp "${counts[$i]}" "${sizes[$i]}"
    done
    BENCH_CURVE=1 record "curve.lat.ra" ra ra lat tcp "$trips" 64
    BENCH_CURVE=1 record "curve.lat.zmq" zmq zmq lat tcp "$trips" 64
    epgm_round "$round"
}

# epgm: PUB to SUB over PGM in UDP on the loopback, 64 B and 1 KB, both ends at ZMQ_RATE $epgm_rate, then each side's
# sender to the other's receiver (compared with libzmq on both ends of the same round, as the tcp mixed rows are).
# A tenth of the other rows' counts: every epgm row is bound by the rate (250 Mbit/s moves 2e6 x 1 KB, warm-up
# included, in some 70 s a side), so more messages would measure the same for longer.
epgm_round() {
    local round=$1 i first second count
    for i in 0 1; do
        if [ $(((i + round) % 2)) -eq 0 ]; then first=zmq; second=ra; else first=ra; second=zmq; fi
        count=$(( counts[i] / 10 > 1000 ? counts[i] / 10 : counts[i] ))
        BENCH_RATE=$epgm_rate record "epgm.thr.$i.$first" $first $first thr epgm "$count" "${sizes[$i]}"
        BENCH_RATE=$epgm_rate record "epgm.thr.$i.$second" $second $second thr epgm "$count" "${sizes[$i]}"
        BENCH_RATE=$epgm_rate record "epgm.ra2zmq.$i" ra zmq thr epgm "$count" "${sizes[$i]}"
        BENCH_RATE=$epgm_rate record "epgm.zmq2ra.$i" zmq ra thr epgm "$count" "${sizes[$i]}"
    done
}

# scale SIDE KIND: one scale row of one side. KIND is router (one request from each of $routed peers) or pub
# ($subscribers subscribers, $published messages); the bound side is SIDE's, the connecting side is always zscale,
# which fails the row when a reply or a message is missing. Files resident and managed-heap bytes per peer and the
# seconds from the bind until every peer was in.
scale() {
    local name=$1 kind=$2 row bound connecting peers
    row=$(mktemp -d -p "$work")
    if [ "$kind" = router ]; then
        peers=$routed
        bound=(router 'tcp://127.0.0.1:*' "$peers" "$row/ready")
        connecting=(dealers "$peers")
    else
        peers=$subscribers
        bound=(pub 'tcp://127.0.0.1:*' "$peers" "$published" "$topics" "$row/ready")
        connecting=(subs "$peers" "$published" "$topics")
    fi
    if [ "$name" = zmq ]; then
        timeout "$limit" "$work/zscale" "${bound[@]}" >"$row/bound" &
    else
        DOTNET_gcServer=0 timeout "$limit" dotnet "$ractors_dll" "${bound[@]}" >"$row/bound" &
    fi
    local binder=$! waited=0 status=0
    while [ ! -s "$row/ready" ]; do
        if ! kill -0 "$binder" 2>/dev/null || [ $waited -ge 300 ]; then
            echo "FAILED: scale $kind: the $name side did not bind" >&2
            failed=$((failed + 1))
            return 0
        fi
        sleep 0.1
        waited=$((waited + 1))
    done
    timeout "$limit" "$work/zscale" "${connecting[0]}" "$(cat "$row/ready")" "${connecting[@]:1}" >"$row/connecting" || status=$?
    wait "$binder" || status=$?
    if [ $status -ne 0 ]; then
        echo "FAILED: scale $kind ($name side), status $status" >&2
        failed=$((failed + 1))
        return 0
    fi
    local measured
    measured=$(grep '^scale ' "$row/bound")
    echo "scale.$kind.$name.rss $(field "$measured" rss_per_conn)" >>"$figures"
    echo "scale.$kind.$name.heap $(field "$measured" heap_per_conn)" >>"$figures"
    echo "scale.$kind.$name.seconds $(field "$measured" seconds)" >>"$figures"
}

# The guest's rows: RuntimeActors alone over tcp, vsock and vmci, in one boot of User-Mode Linux.
if [ -n "$guest" ]; then
    for ((round = 1; round <= rounds; round++)); do
        for transport in tcp vsock vmci; do
            for i in 0 1 2; do
                record "$transport.thr.$i.ra" ra ra thr $transport "${counts[$i]}" "${sizes[$i]}"
            done
            record "$transport.lat.ra" ra ra lat $transport "$trips" 64
        done
    done
    [ "$failed" -eq 0 ]
    exit
fi

# vm_rows: boots User-Mode Linux as scripts/uml-test.sh does, runs this script's guest part in it, and files
# its figures under "vm.". The guest sees the host's filesystem, except /tmp, so its output goes to artifacts/.
vm_rows() {
    local out="$repo/artifacts/bench-uml"
    if ! command -v linux.uml >/dev/null; then
        echo "FAILED: vsock and vmci rows: linux.uml is missing (scripts/install-test-deps.sh installs it)" >&2
        failed=$((failed + 1))
        return 0
    fi
    rm -rf "$out"
    mkdir -p "$out"
    # Debian's UML 6.1 cannot restore the FPU state of guest processes on hosts with AVX-512; see the shim.
    gcc -shared -fPIC -O2 -Wall -Werror -o "$out/xstate-shim.so" scripts/uml/xstate-shim.c -ldl
    {
        printf 'UML_REPO=%q\nUML_DLL=none\n' "$repo"
        printf 'UML_COMMAND=%q\n' "bench/run.sh --$mode --rounds 1 --guest $out"
        printf 'HOME=/tmp/home\nDOTNET_CLI_HOME=/tmp/home\nDOTNET_NOLOGO=1\nDOTNET_CLI_TELEMETRY_OPTOUT=1\n'
        printf 'DOTNET_ROOT=%q\n' "$(dirname "$(readlink -f "$(command -v dotnet)")")"
        printf 'GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX512F,-AVX512CD,-AVX512BW,-AVX512DQ,-AVX512ER,-AVX512PF,-AVX512VL\n'
        printf 'DOTNET_EnableAVX512F=0\nDOTNET_EnableAVX512=0\n'
        printf 'export UML_REPO UML_DLL UML_COMMAND HOME DOTNET_CLI_HOME DOTNET_NOLOGO DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_ROOT GLIBC_TUNABLES DOTNET_EnableAVX512F DOTNET_EnableAVX512\n'
    } >"$out/env"
    local started=$SECONDS
    LD_PRELOAD="$out/xstate-shim.so" timeout $((limit * 4)) linux.uml mem=2G rootfstype=hostfs rootflags=/ rw \
        init="$repo/scripts/uml/init.sh" UML_OUT="$out" con=null con0=fd:0,fd:1 </dev/null >"$out/console.log" 2>&1 || true
    echo "User-Mode Linux ran for $((SECONDS - started)) s" >&2
    if [ "$(cat "$out/status" 2>/dev/null)" != 0 ]; then
        echo "FAILED: vsock and vmci rows: the guest did not complete them; see $out/test.log and console.log" >&2
        tail -n 20 "$out/test.log" >&2 2>/dev/null || true
        failed=$((failed + 1))
    fi
    sed 's/^/vm./' "$out/figures" >>"$figures" 2>/dev/null || true
}

echo "bench/run.sh --$mode: $rounds round(s), $(nproc) cores, libzmq $zmq_version, NetMQ $netmq_version, .NET $(dotnet --version), load $(cut -d' ' -f1-3 /proc/loadavg)"
started=$SECONDS
for ((round = 1; round <= rounds; round++)); do
    echo "round $round of $rounds..." >&2
    run_round "$round"
done
echo "scale rows..." >&2
for kind in router pub; do
    scale ra "$kind"
    scale zmq "$kind"
done
if [ "$vm" = yes ]; then
    echo "vsock and vmci rows in User-Mode Linux..." >&2
    vm_rows
fi

# extremes KEY: "min..max" of the rounds' figures, the spread a reader needs to tell a change from noise.
extremes() {
    awk -v k="$1" '$1 == k { print $2 }' "$figures" | sort -g | awk -v f="$2" '
        function show(v) {
            if (f == "e") { r = sprintf("%.2e", v); sub(/e\+0?/, "e", r); return r }
            return sprintf(f, v)
        }
        { v[++n] = $1 } END { if (n == 0) { print "none" } else { print show(v[1]) ".." show(v[n]) } }'
}

median() {
    awk -v k="$1" '$1 == k { print $2 }' "$figures" | sort -g | awk '{ v[++n] = $1 } END {
        if (n == 0) { print "none"; exit }
        print (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2 }'
}

# line TRANSPORT KIND SIZE RACTORS_KEY LIBZMQ_KEY UNIT FORMAT: one comparison; a figure missing from every
# round prints as "none" and fails the run.
rows=0
line() {
    local x y
    x=$(median "$4")
    y=$(median "$5")
    rows=$((rows + 1))
    if [ "$x" = none ] || [ "$y" = none ]; then
        echo "$1 $2 $3 ${ratio_name:-ratio}=none ractors=$x ${reference_name:-libzmq}=$y $6"
        failed=$((failed + 1))
        return 0
    fi
    awk -v t="$1" -v k="$2" -v s="$3" -v x="$x" -v y="$y" -v u="$6" -v f="$7" \
        -v rn="${ratio_name:-ratio}" -v yn="${reference_name:-libzmq}" '
        function show(v) {
            if (f == "e") { r = sprintf("%.2e", v); sub(/e\+0?/, "e", r); return r }
            return sprintf(f, v)
        }
        BEGIN {
            ratio = (y + 0 == 0) ? "n/a" : sprintf("%.2f", x / y)
            printf "%s %s %s %s=%s ractors=%s %s=%s %s", t, k, s, rn, ratio, show(x), yn, (y + 0 == 0) ? "0" : show(y), u
        }'
    # The spread of the rounds, after the figures so that scripts reading "ratio=", "ractors=" and "libzmq=" are unaffected.
    echo " spread(ractors)=$(extremes "$4" "$7") spread(${reference_name:-libzmq})=$(extremes "$5" "$7")"
}

# vm_line: as line, for the rows with no libzmq counterpart: RuntimeActors over vsock or vmci next to
# RuntimeActors over tcp in the same User-Mode Linux boot.
vm_line() {
    ratio_name=vs_tcp reference_name=tcp line "$@"
}

# netmq_line: as line, RuntimeActors next to NetMQ (NetMQ on both ends) in the same round.
netmq_line() {
    ratio_name=vs_netmq reference_name=netmq line "$@"
}

echo
for transport in tcp ipc inproc; do
    for i in 0 1 2; do
        line $transport thr "${labels[$i]}" "$transport.thr.$i.ra.msgs" "$transport.thr.$i.zmq.msgs" msg/s e
        line $transport thr "${labels[$i]}" "$transport.thr.$i.ra.mbs" "$transport.thr.$i.zmq.mbs" MB/s "%.1f"
    done
done
for i in 0 1 2; do
    line tcp:ractors-to-libzmq thr "${labels[$i]}" "mixed.ra2zmq.$i.msgs" "tcp.thr.$i.zmq.msgs" msg/s e
    line tcp:libzmq-to-ractors thr "${labels[$i]}" "mixed.zmq2ra.$i.msgs" "tcp.thr.$i.zmq.msgs" msg/s e
done
for i in 0 1; do
    line epgm thr "${labels[$i]}" "epgm.thr.$i.ra.msgs" "epgm.thr.$i.zmq.msgs" msg/s e
done
for i in 0 1; do
    line epgm:ractors-to-libzmq thr "${labels[$i]}" "epgm.ra2zmq.$i.msgs" "epgm.thr.$i.zmq.msgs" msg/s e
    line epgm:libzmq-to-ractors thr "${labels[$i]}" "epgm.zmq2ra.$i.msgs" "epgm.thr.$i.zmq.msgs" msg/s e
done
for i in 0 1 2; do
    line "tcp actor" thr "${labels[$i]}" "actor.thr.$i.ra.msgs" "tcp.thr.$i.zmq.msgs" msg/s e
done
for i in 0 1 2; do
    line "tcp curve" thr "${labels[$i]}" "curve.thr.$i.ra.msgs" "curve.thr.$i.zmq.msgs" msg/s e
done
# Cold: throughput of a fresh process pair with no warm-up, and milliseconds from launching the sender to the first
# message received (lower is better).
for transport in tcp ipc; do
    line "$transport cold" thr 64B "$transport.cold.ra.msgs" "$transport.cold.zmq.msgs" msg/s e
    line "$transport cold" first 64B "$transport.cold.ra.first" "$transport.cold.zmq.first" "ms(start-to-first)" "%.1f"
done
for transport in tcp ipc inproc; do
    for statistic in mean p50 p99; do
        line $transport lat 64B "$transport.lat.ra.$statistic" "$transport.lat.zmq.$statistic" "µs($statistic)" "%.1f"
    done
done
for statistic in mean p50 p99; do
    line "tcp curve" lat 64B "curve.lat.ra.$statistic" "curve.lat.zmq.$statistic" "µs($statistic)" "%.1f"
done
# NetMQ: our figures (the same ones as in the libzmq lines above) next to NetMQ's of the same rounds.
for transport in tcp inproc; do
    for i in 0 1 2; do
        netmq_line $transport thr "${labels[$i]}" "$transport.thr.$i.ra.msgs" "$transport.thr.$i.netmq.msgs" msg/s e
    done
done
for transport in tcp inproc; do
    for statistic in mean p50 p99; do
        netmq_line $transport lat 64B "$transport.lat.ra.$statistic" "$transport.lat.netmq.$statistic" "µs($statistic)" "%.1f"
    done
done
if [ "$vm" = yes ]; then
    for transport in vsock vmci; do
        for i in 0 1 2; do
            vm_line $transport thr "${labels[$i]}" "vm.$transport.thr.$i.ra.msgs" "vm.tcp.thr.$i.ra.msgs" msg/s e
            vm_line $transport thr "${labels[$i]}" "vm.$transport.thr.$i.ra.mbs" "vm.tcp.thr.$i.ra.mbs" MB/s "%.1f"
        done
        for statistic in mean p50 p99; do
            vm_line $transport lat 64B "vm.$transport.lat.ra.$statistic" "vm.tcp.lat.ra.$statistic" "µs($statistic)" "%.1f"
        done
    done
fi
# Scale: memory per connection on the bound side (resident; managed heap for RuntimeActors alone) and the time
# from the bind until every peer was in (set mostly by the connecting side, zscale on both).
for kind in router pub; do
    if [ "$kind" = router ]; then size="${routed}peers"; else size="${subscribers}subs"; fi
    line tcp scale "$size" "scale.$kind.ra.rss" "scale.$kind.zmq.rss" "B/conn($kind,rss)" "%.0f"
    line tcp scale "$size" "scale.$kind.ra.heap" "scale.$kind.zmq.heap" "B/conn($kind,heap)" "%.0f"
    line tcp scale "$size" "scale.$kind.ra.seconds" "scale.$kind.zmq.seconds" "s($kind,all-in)" "%.2f"
done
# CPU per message, user plus system time of each process over its measured messages (the sender until its socket
# closed with every message on the wire); inproc runs both ends in one process. Lower is better.
for transport in tcp ipc; do
    for i in 0 1 2; do
        line $transport cpu "${labels[$i]}" "$transport.thr.$i.ra.cpu_send" "$transport.thr.$i.zmq.cpu_send" "µs/msg(send)" "%.3f"
        line $transport cpu "${labels[$i]}" "$transport.thr.$i.ra.cpu_recv" "$transport.thr.$i.zmq.cpu_recv" "µs/msg(recv)" "%.3f"
    done
done
for i in 0 1; do
    line epgm cpu "${labels[$i]}" "epgm.thr.$i.ra.cpu_send" "epgm.thr.$i.zmq.cpu_send" "µs/msg(send)" "%.3f"
    line epgm cpu "${labels[$i]}" "epgm.thr.$i.ra.cpu_recv" "epgm.thr.$i.zmq.cpu_recv" "µs/msg(recv)" "%.3f"
done
for i in 0 1 2; do
    line inproc cpu "${labels[$i]}" "inproc.thr.$i.ra.cpu_recv" "inproc.thr.$i.zmq.cpu_recv" "µs/msg(process)" "%.3f"
done
for i in 0 1 2; do
    line "tcp curve" cpu "${labels[$i]}" "curve.thr.$i.ra.cpu_send" "curve.thr.$i.zmq.cpu_send" "µs/msg(send)" "%.3f"
    line "tcp curve" cpu "${labels[$i]}" "curve.thr.$i.ra.cpu_recv" "curve.thr.$i.zmq.cpu_recv" "µs/msg(recv)" "%.3f"
done
# Heap bytes per message on the .NET side (libzmq allocates with malloc, not on a garbage-collected heap), with the
# RuntimeActors meter listened to and collected every second in every .NET process (MetricsExport.cs): metrics on.
for transport in tcp ipc; do
    for i in 0 1 2; do
        line $transport alloc "${labels[$i]}" "$transport.thr.$i.ra.alloc_send" "$transport.thr.$i.zmq.alloc_send" "B/msg(push)" "%.1f"
        line $transport alloc "${labels[$i]}" "$transport.thr.$i.ra.alloc_recv" "$transport.thr.$i.zmq.alloc_recv" "B/msg(pull)" "%.1f"
    done
done
for i in 0 1 2; do
    line "tcp actor" alloc "${labels[$i]}" "actor.thr.$i.ra.alloc_send" "tcp.thr.$i.zmq.alloc_send" "B/msg(push)" "%.1f"
    line "tcp actor" alloc "${labels[$i]}" "actor.thr.$i.ra.alloc_recv" "tcp.thr.$i.zmq.alloc_recv" "B/msg(pull)" "%.1f"
done
for i in 0 1 2; do
    line "tcp curve" alloc "${labels[$i]}" "curve.thr.$i.ra.alloc_send" "curve.thr.$i.zmq.alloc_send" "B/msg(push)" "%.1f"
    line "tcp curve" alloc "${labels[$i]}" "curve.thr.$i.ra.alloc_recv" "curve.thr.$i.zmq.alloc_recv" "B/msg(pull)" "%.1f"
done
for i in 0 1 2; do
    line inproc alloc "${labels[$i]}" "inproc.thr.$i.ra.alloc_recv" "inproc.thr.$i.zmq.alloc_recv" "B/msg(process)" "%.1f"
done
for transport in tcp ipc; do
    line $transport alloc 64B "$transport.lat.ra.alloc_send" "$transport.lat.zmq.alloc_send" "B/trip(req)" "%.1f"
    line $transport alloc 64B "$transport.lat.ra.alloc_recv" "$transport.lat.zmq.alloc_recv" "B/trip(rep)" "%.1f"
done
line inproc alloc 64B "inproc.lat.ra.alloc_send" "inproc.lat.zmq.alloc_send" "B/trip(process)" "%.1f"

echo
echo "$rows rows, $failed failed, $retried libzmq row(s) retried, $((SECONDS - started)) s, load $(cut -d' ' -f1-3 /proc/loadavg)"
[ "$failed" -eq 0 ]
