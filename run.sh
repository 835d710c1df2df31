#!/usr/bin/env bash
# The main job: runs the sample on the actor kernel (the pub/sub sample replaces it later).
set -euo pipefail
cd "$(dirname "$0")"
exec dotnet run --project src/Samples/RuntimeActors.Samples.PingPong -c Release -- "$@"
