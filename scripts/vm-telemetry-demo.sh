#!/usr/bin/env bash
# Runs the pub/sub-across-VMs sample (src/Samples/RuntimeActors.Samples.VmTelemetry) between two processes inside
# User-Mode Linux, whose vsock loopback (CID 1) stands in for the host and guest of a real VM, and checks that the
# subscriber received what the publisher published. Two rounds in one boot: the publisher binds and the subscriber
# connects, then the reverse. Outputs and the guest's console land in artifacts/vm-telemetry/.
#
# It exits 0 only when, in both rounds, the subscriber exited 0 after VMT_COUNT samples, every line it printed is a
# line the publisher printed (topic and JSON byte for byte), and their sequence numbers follow one another with no
# gap. Anything else, including a guest that does not boot, fails loudly.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
uml_tag=vm-telemetry
. scripts/uml/boot.sh

project=src/Samples/RuntimeActors.Samples.VmTelemetry
dll="$repo/$project/bin/Debug/net10.0/RuntimeActors.Samples.VmTelemetry.dll"
out="$repo/artifacts/vm-telemetry"
count=${VMT_COUNT:-5}
wait_limit=${VMT_WAIT:-40} # seconds a subscriber may take, from its start, to receive its samples
limit=${VMT_TIMEOUT:-150}  # seconds the whole guest may take

uml_require

rm -rf "$out"
mkdir -p "$out"

dotnet build "$project" --nologo -v quiet -clp:ErrorsOnly || fail "building $project failed"
[ -f "$dll" ] || fail "the build left no $dll"

uml_prepare "$out"
{
    printf 'UML_RUN=%q\nVMT_DLL=%q\nVMT_COUNT=%q\nVMT_WAIT=%q\nVMT_PORT=5600\n' \
        "$repo/scripts/uml/vm-telemetry-guest.sh" "$dll" "$count" "$wait_limit"
    printf 'export UML_RUN VMT_DLL VMT_COUNT VMT_WAIT VMT_PORT\n'
} >> "$out/env"

echo "vm-telemetry: booting User-Mode Linux to run a publisher and a subscriber over vsock://1"
uml_boot "$out" "$limit"
if [ -f "$out/test.log" ]; then
    cat "$out/test.log"
fi
uml_require_status "$out" "$limit"
[ "$(cat "$out/status")" = "0" ] || fail "the guest's payload exited with $(cat "$out/status")"

# check ROUND: what one round's subscriber printed against what its publisher printed.
check() {
    local name=$1 received sub_status lines sequences expected first
    received="$out/$name.sub.out"
    show() {
        echo "---- $name: subscriber stderr ----" >&2; tail -n 20 "$out/$name.sub.err" >&2 || true
        echo "---- $name: publisher stderr ----" >&2; tail -n 20 "$out/$name.pub.err" >&2 || true
    }
    [ -f "$out/$name.sub.status" ] || { show; fail "$name: the subscriber's exit status is missing"; }
    sub_status=$(cat "$out/$name.sub.status")
    if [ "$sub_status" -ne 0 ]; then
        show
        [ "$sub_status" -eq 124 ] && fail "$name: the subscriber did not receive $count samples within ${wait_limit} s"
        fail "$name: the subscriber exited with $sub_status"
    fi
    echo "vm-telemetry: $name: the subscriber received:"
    sed 's/^/    /' "$received"
    lines=$(wc -l <"$received")
    [ "$lines" -eq "$count" ] || { show; fail "$name: the subscriber printed $lines samples, not $count"; }
    while IFS= read -r line; do
        case "$line" in telemetry/uml-"$name"\ \{*) ;; *) fail "$name: not a sample of topic telemetry/uml-$name: $line" ;; esac
        grep -qFx -- "$line" "$out/$name.pub.out" || fail "$name: the publisher never published: $line"
    done <"$received"
    sequences=$(sed -E 's/.*"sequence":([0-9]+).*/\1/' "$received" | paste -sd " ")
    first=${sequences%% *}
    expected=$(seq "$first" $((first + count - 1)) | paste -sd ' ')
    [ "$sequences" = "$expected" ] || fail "$name: the sequence numbers $sequences have a gap or are out of order"
    echo "vm-telemetry: $name: $count samples, sequences $sequences, each one published"
}

check pub-binds
check sub-binds
echo "vm-telemetry: passed"
