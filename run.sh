#!/usr/bin/env bash
# The main job: the pub/sub telemetry sample, publisher and subscriber as two processes on this machine.
# The same programs carry the stream across VMs over vsock (src/Samples/RuntimeActors.Samples.VmTelemetry/README.md);
# here they meet over ipc, which needs no hypervisor. `./run.sh pingpong` runs the actor-kernel sample instead.
set -euo pipefail
cd "$(dirname "$0")"

if [ "${1:-}" = "pingpong" ]; then
    shift
    exec dotnet run --project src/Samples/RuntimeActors.Samples.PingPong -c Release -- "$@"
fi

count="${1:-5}"
out=artifacts/run
dotnet build src/Samples/RuntimeActors.Samples.VmTelemetry -c Release -o "$out" --nologo -v quiet >/dev/null
dir=$(mktemp -d)
endpoint="ipc://$dir/telemetry"
publisher=""
trap '[ -n "$publisher" ] && kill "$publisher" 2>/dev/null; rm -rf "$dir"' EXIT

echo "publisher binds $endpoint; the subscriber prints $count samples and exits"
dotnet "$out/RuntimeActors.Samples.VmTelemetry.dll" publish --bind "$endpoint" --interval 200 >/dev/null 2>&1 &
publisher=$!
dotnet "$out/RuntimeActors.Samples.VmTelemetry.dll" subscribe --connect "$endpoint" --count "$count"
