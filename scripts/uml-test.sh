#!/usr/bin/env bash
# Runs the vsock and vmci end-to-end suite (tests/RuntimeActors.Transports.Vsock.Uml.Tests) inside User-Mode Linux:
# a Linux 6.1 kernel run as a process over this machine's own filesystem, whose vsock_loopback module gives the
# suite a real kernel to connect through (the host's vsock has no loopback). The suite is built here; the guest
# only runs it. The output, the trx file and the guest's console land in artifacts/uml/.
#
# It fails loudly, never skips: a missing linux.uml, a guest that does not boot, or a guest that ends without
# writing its status is an error, and so is any failed test.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"
uml_tag=uml-test
. scripts/uml/boot.sh

project=tests/RuntimeActors.Transports.Vsock.Uml.Tests
dll="$repo/$project/bin/Debug/net10.0/RuntimeActors.Transports.Vsock.Uml.Tests.dll"
out="$repo/artifacts/uml"
limit=${UML_TEST_TIMEOUT:-900}

uml_require

rm -rf "$out"
mkdir -p "$out"

dotnet build "$project" --nologo -v quiet -clp:ErrorsOnly || fail "building $project failed"
[ -f "$dll" ] || fail "the build left no $dll"

uml_prepare "$out"
# Without UML_RUN, the guest's init runs dotnet test on UML_DLL.
printf 'UML_DLL=%q\nexport UML_DLL\n' "$dll" >> "$out/env"

echo "uml-test: booting User-Mode Linux to run $project"
uml_boot "$out" "$limit"

if [ -f "$out/test.log" ]; then
    cat "$out/test.log"
fi
uml_require_status "$out" "$limit"

status=$(cat "$out/status")
[ "$status" = "0" ] || fail "dotnet test inside the guest exited with $status"
grep -qE '^Passed! +- Failed: +0, Passed: +[1-9]' "$out/test.log" || fail "the guest's dotnet test reported no passing run"
echo "uml-test: passed"
