#!/usr/bin/env bash
# Soaks RuntimeActors: for N minutes, the soak driver (src/Tools/RuntimeActors.Soak) runs every socket type at once,
# each pair as one numbered stream with its receiver checking every number:
#
#   PUSH/PULL      tcp     .NET PUSH -> pyzmq PULL/PUSH forwarder -> .NET PULL      restart: the pyzmq process
#   REQ/REP        ipc     .NET REQ  -> pyzmq REP echo                              restart: the pyzmq process
#   DEALER/ROUTER  ipc     .NET DEALER -> .NET ROUTER echo                         restart: the DEALER socket
#   PAIR           inproc  .NET PAIR -> .NET PAIR echo                             restart: both PAIR sockets
#   PUB/SUB        tcp     .NET PUB -> pyzmq XSUB/XPUB proxy -> .NET SUB           restart: the pyzmq process
#   XPUB/XSUB      inproc  .NET XPUB -> .NET XSUB                                  restart: the XSUB socket
#
# Each stream restarts its peer every 10 s (staggered): the sender stops, waits until every message it sent has
# arrived (the drain), then the peer is stopped, the .NET side is seen to have dropped the connection, and the new peer
# starts. So no message is ever in flight at a restart, and every message of the exactly-once kinds (PUSH/PULL,
# REQ/REP, DEALER/ROUTER, PAIR) must arrive, once and in order. PUB/SUB and XPUB/XSUB may drop (PUB drops what no
# subscriber takes yet): their missing messages are reported on stderr as dropped, not counted as lost.
#
# Usage: scripts/soak.sh --minutes N [--rate MSGS_PER_S_PER_STREAM (2000)] [--restart-seconds S (10)]
# It prints one line on stdout:
#
#   soak minutes=N messages=M lost=L rss_start=X rss_end=Y gen2=G
#
# M: messages sent by all streams (a round trip counts once). L: messages of the exactly-once kinds that never
# arrived. X, Y: the soak process's resident memory (VmRSS) in MiB, after warm-up (a tenth of the run, 5 to 60 s) and
# at the end. G: gen-2 collections of the soak process. Per-stream detail and progress each minute go to stderr.
#
# It exits 0 only when L = 0, no message came twice, out of order or damaged, every drain and restart step completed
# in time, and, for runs of 5 minutes or more, Y <= 1.5 * X + 50 (a shorter run gives the heap too little time to
# settle for the memory figure to mean anything); 1 otherwise, 2 for a wrong command line or a failed build.
set -uo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

project=src/Tools/RuntimeActors.Soak
dll="$repo/$project/bin/Release/net10.0/RuntimeActors.Soak.dll"
python=/usr/bin/python3

"$python" -c "import zmq" 2>/dev/null || { echo "soak: $python has no pyzmq (scripts/install-test-deps.sh installs python3-zmq)" >&2; exit 2; }
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
echo "soak: building $project (Release)" >&2
if ! dotnet build "$project" -c Release --nologo -v quiet -clp:ErrorsOnly >"$build_log" 2>&1 || [ ! -f "$dll" ]; then
    cat "$build_log" >&2
    echo "soak: building $project failed" >&2
    exit 2
fi

exec dotnet "$dll" --python "$python" --peer "$repo/scripts/soak_peer.py" "$@"
