#!/usr/bin/env bash
# Runs the ClusterFeed sample (src/Samples/RuntimeActors.Samples.ClusterFeed) as three nodes of one Akka.Cluster on the
# loopback, with an external libzmq subscriber (scripts/cluster-failover.py) connected to all three nodes' feed
# endpoints, and makes the feed's singleton fail over twice: its node is stopped gracefully (SIGTERM: coordinated
# shutdown, cluster leave, singleton hand-over) and restarted, then the new singleton's node is killed (SIGKILL: the
# failure detector, then the split-brain resolver, downs it). It prints one line:
#
#   cluster failover graceful_ms=A kill_ms=B delivered=N gaps=G duplicates=D
#
# A and B: from the signal to the arrival at the subscriber of the first message a singleton on another node
# published (-1 when none came). N: messages the subscriber received. G: sequence numbers missing inside a producer's
# stream (PUB drops what it publishes while nobody is bound, and a proxy sends to a dead singleton until the node is
# removed). D: (producer, seq) pairs received more than once. Details land in artifacts/cluster-failover/.
#
# It exits 0 only when graceful_ms <= 2000, kill_ms <= 10000, N > 0, D = 0, and every gap lies inside a failover
# window (the message before it arrived no earlier than 1 s before the signal, the message after it no later than
# 1 s after the new singleton's first message). The line is printed in every case.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

project=src/Samples/RuntimeActors.Samples.ClusterFeed
dll="$repo/$project/bin/Release/net10.0/RuntimeActors.Samples.ClusterFeed.dll"
out="$repo/artifacts/cluster-failover"
python=/usr/bin/python3
helper="$repo/scripts/cluster-failover.py"
steady=${CF_STEADY:-3}   # seconds of delivery from all producers before each event
limit=${CF_WAIT:-60}     # seconds any one step may take

graceful_ms=-1 kill_ms=-1 delivered=0 gaps=0 duplicates=0
declare -a pid=() port=() feed=() gen=([1]=0 [2]=0 [3]=0)
sub_pid=

say() { echo "cluster-failover: $*" >&2; }
now_ms() { date +%s%3N; }
result() { echo "cluster failover graceful_ms=$graceful_ms kill_ms=$kill_ms delivered=$delivered gaps=$gaps duplicates=$duplicates"; }
fail() {
    say "$*"
    stop_all
    # What was received up to the failure still counts, so the line says how far the scene got.
    if [ -s "$out/events" ] && "$python" "$helper" report "$out/received.log" "$out/events" >"$out/report" 2>/dev/null; then
        read_report
    fi
    result
    exit 1
}
value() { sed -n "s/^$1=//p" "$out/report"; }
read_report() {
    graceful_ms=$(value graceful_ms) delivered=$(value delivered) gaps=$(value gaps) duplicates=$(value duplicates)
    kill_ms=$(value kill_ms) outside=$(value gaps_outside)
    graceful_ms=${graceful_ms:--1} kill_ms=${kill_ms:--1}
}

stop_all() {
    local p
    for p in "${pid[@]}" $sub_pid; do
        [ -n "$p" ] && kill -TERM "$p" 2>/dev/null
    done
    for _ in $(seq 50); do
        alive=0
        for p in "${pid[@]}" $sub_pid; do
            [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1
        done
        [ "$alive" -eq 0 ] && break
        sleep 0.2
    done
    for p in "${pid[@]}" $sub_pid; do
        [ -n "$p" ] && kill -KILL "$p" 2>/dev/null
    done
    wait 2>/dev/null
    pid=() sub_pid=
}
trap 'stop_all' EXIT
trap 'fail "interrupted"' INT TERM

# start_node I: starts node I (again) on its ports, its output in nodeI.GEN.out / .err.
start_node() {
    local i=$1
    gen[i]=$((gen[i] + 1))
    dotnet "$dll" --node "$i" --port "${port[i]}" --feed "${feed[i]}" --seeds "${port[1]},${port[2]},${port[3]}" \
        >"$out/node$i.${gen[i]}.out" 2>"$out/node$i.${gen[i]}.err" &
    pid[i]=$!
}

# ups: the number of "singleton up" lines of each node's current output, as "N N N".
ups() {
    local i counts=()
    for i in 1 2 3; do
        counts+=("$(grep -c '^singleton up' "$out/node$i.${gen[i]}.out" 2>/dev/null || true)")
    done
    echo "${counts[*]}"
}

# await_singleton "BEFORE" EXCEPT: waits for a new "singleton up" line on a node other than EXCEPT; prints that node.
await_singleton() {
    local before=($1) except=$2 deadline=$((SECONDS + limit)) now i
    while [ "$SECONDS" -lt "$deadline" ]; do
        now=($(ups))
        for i in 1 2 3; do
            if [ "$i" != "$except" ] && [ "${now[i-1]:-0}" -gt "${before[i-1]:-0}" ]; then
                echo "$i"
                return 0
            fi
        done
        sleep 0.1
    done
    return 1
}

# await_producers N SINCE_MS: waits until the subscriber has heard N distinct producers since SINCE_MS.
await_producers() {
    local want=$1 since=$2 deadline=$((SECONDS + limit))
    while [ "$SECONDS" -lt "$deadline" ]; do
        [ "$("$python" "$helper" producers "$out/received.log" "$since")" -ge "$want" ] && return 0
        sleep 0.2
    done
    return 1
}

await_exit() {
    local p=$1 deadline=$((SECONDS + limit))
    while kill -0 "$p" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || return 1
        sleep 0.1
    done
    wait "$p" 2>/dev/null
    return 0
}

show_logs() {
    local f
    for f in "$out"/node*.err; do
        echo "---- $(basename "$f") (last 15 lines) ----" >&2
        tail -n 15 "$f" >&2
    done
}

rm -rf "$out"
mkdir -p "$out"
: >"$out/received.log" >"$out/events"

"$python" -c "import zmq" 2>/dev/null || fail "$python has no pyzmq (scripts/install-test-deps.sh installs python3-zmq)"
say "building $project (Release)"
dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >"$out/build.log" 2>&1 || { cat "$out/build.log" >&2; fail "building $project failed"; }
[ -f "$dll" ] || fail "the build left no $dll"

# Six free loopback ports: three for Akka.Remote, three for the feed.
read -r -a ports < <("$python" -c '
import socket
socks = [socket.socket() for _ in range(6)]
for s in socks: s.bind(("127.0.0.1", 0))
print(" ".join(str(s.getsockname()[1]) for s in socks))
for s in socks: s.close()')
for i in 1 2 3; do
    port[i]=${ports[i-1]}
    feed[i]="tcp://127.0.0.1:${ports[i+2]}"
done
say "nodes on Akka.Remote ports ${port[*]}, feed endpoints ${feed[*]}"

"$python" -u "$helper" subscribe "$out/received.log" "${feed[1]}" "${feed[2]}" "${feed[3]}" 2>"$out/subscriber.err" &
sub_pid=$!

# Node 1 first, so it is the oldest and hosts the singleton; then the other two join.
started=$(now_ms)
start_node 1
first=$(await_singleton "0 0 0" 0) || { show_logs; fail "no singleton came up within ${limit} s"; }
start_node 2
start_node 3
await_producers 3 "$started" || { show_logs; fail "the subscriber did not hear all three producers within ${limit} s"; }
sleep "$steady"
say "steady: singleton on node $first, three producers delivering"

# Graceful: SIGTERM runs coordinated shutdown, which leaves the cluster and hands the singleton over.
before=$(ups)
at=$(now_ms)
echo "graceful $at $first" >>"$out/events"
kill -TERM "${pid[first]}"
second=$(await_singleton "$before" "$first") || { show_logs; fail "no singleton came up after node $first left"; }
await_exit "${pid[first]}" || { show_logs; fail "node $first did not exit within ${limit} s of SIGTERM"; }
say "graceful: node $first left, singleton up on node $second"

restarted=$(now_ms)
start_node "$first"
await_producers 3 "$restarted" || { show_logs; fail "node $first did not rejoin and produce within ${limit} s"; }
sleep "$steady"

# Kill: SIGKILL leaves it to the failure detector and the split-brain resolver to down the node.
before=$(ups)
at=$(now_ms)
echo "kill $at $second" >>"$out/events"
kill -KILL "${pid[second]}"
wait "${pid[second]}" 2>/dev/null
pid[second]=
third=$(await_singleton "$before" "$second") || { show_logs; fail "no singleton came up after node $second was killed"; }
say "kill: node $second killed, singleton up on node $third"
await_producers 2 "$(now_ms)" || { show_logs; fail "delivery did not resume after node $second was killed"; }
sleep "$steady"

stop_all
"$python" "$helper" report "$out/received.log" "$out/events" >"$out/report" || fail "reading $out/received.log failed"
cat "$out/report" >&2
read_report

problems=()
[ "$delivered" -gt 0 ] || problems+=("nothing was delivered")
[ "$graceful_ms" -ge 0 ] && [ "$graceful_ms" -le 2000 ] || problems+=("graceful failover took ${graceful_ms} ms, over 2000")
[ "$kill_ms" -ge 0 ] && [ "$kill_ms" -le 10000 ] || problems+=("SIGKILL failover took ${kill_ms} ms, over 10000")
[ "$duplicates" -eq 0 ] || problems+=("$duplicates duplicates")
[ "$outside" -eq 0 ] || problems+=("$outside missing messages outside the failover windows")
result
if [ "${#problems[@]}" -gt 0 ]; then
    printf 'cluster-failover: %s\n' "${problems[@]}" >&2
    exit 1
fi
