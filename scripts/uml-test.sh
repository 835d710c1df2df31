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

project=tests/RuntimeActors.Transports.Vsock.Uml.Tests
dll="$repo/$project/bin/Debug/net10.0/RuntimeActors.Transports.Vsock.Uml.Tests.dll"
out="$repo/artifacts/uml"
limit=${UML_TEST_TIMEOUT:-900}

fail() {
    echo "uml-test: FAILED: $*" >&2
    exit 1
}

command -v linux.uml >/dev/null || fail "linux.uml is missing (scripts/install-test-deps.sh installs user-mode-linux)"
command -v insmod >/dev/null || fail "insmod is missing (scripts/install-test-deps.sh installs kmod)"
command -v gcc >/dev/null || fail "gcc is missing (scripts/install-test-deps.sh installs it)"
ls /usr/lib/uml/modules/*/kernel/net/vmw_vsock/vsock_loopback.ko >/dev/null 2>&1 || fail "the UML vsock_loopback module is missing"
case "$repo" in *[[:space:]]*) fail "the repository path '$repo' has a space, which the kernel command line cannot carry" ;; esac

rm -rf "$out"
mkdir -p "$out"

dotnet build "$project" --nologo -v quiet -clp:ErrorsOnly || fail "building $project failed"
[ -f "$dll" ] || fail "the build left no $dll"

# Debian's UML 6.1 cannot restore the FPU state of guest processes on hosts with AVX-512 or AMX; see the shim.
gcc -shared -fPIC -O2 -Wall -Werror -o "$out/xstate-shim.so" scripts/uml/xstate-shim.c -ldl || fail "building the xstate shim failed"

# What the guest's init reads: the kernel command line can only carry short words, so it gets this file's folder.
{
    printf 'UML_REPO=%q\nUML_DLL=%q\n' "$repo" "$dll"
    printf 'HOME=/tmp/home\nDOTNET_CLI_HOME=/tmp/home\nDOTNET_NOLOGO=1\nDOTNET_CLI_TELEMETRY_OPTOUT=1\nDOTNET_SKIP_FIRST_TIME_EXPERIENCE=1\n'
    printf 'DOTNET_ROOT=%q\n' "$(dirname "$(readlink -f "$(command -v dotnet)")")"
    printf 'RUNTIMEACTORS_UML=1\nRUNTIMEACTORS_TEST_TIMEFACTOR=%q\n' "${RUNTIMEACTORS_TEST_TIMEFACTOR:-1}"
    # The shim keeps AVX-512 state across UML's context switches but not across the signal frames UML builds, so
    # guest programs are kept off AVX-512 registers altogether.
    printf 'GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX512F,-AVX512CD,-AVX512BW,-AVX512DQ,-AVX512ER,-AVX512PF,-AVX512VL\n'
    printf 'DOTNET_EnableAVX512F=0\nDOTNET_EnableAVX512=0\n'
    printf 'export UML_REPO UML_DLL HOME DOTNET_CLI_HOME DOTNET_NOLOGO DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_SKIP_FIRST_TIME_EXPERIENCE DOTNET_ROOT RUNTIMEACTORS_UML RUNTIMEACTORS_TEST_TIMEFACTOR GLIBC_TUNABLES DOTNET_EnableAVX512F DOTNET_EnableAVX512\n'
} > "$out/env"

echo "uml-test: booting User-Mode Linux to run $project"
started=$(date +%s)
set +e
LD_PRELOAD="$out/xstate-shim.so" timeout "$limit" linux.uml mem=2G rootfstype=hostfs rootflags=/ rw \
    init="$repo/scripts/uml/init.sh" UML_OUT="$out" con=null con0=fd:0,fd:1 </dev/null >"$out/console.log" 2>&1
uml_status=$?
set -e
echo "uml-test: the guest ran for $(($(date +%s) - started)) s (linux.uml exit status $uml_status)"

if [ -f "$out/test.log" ]; then
    cat "$out/test.log"
fi

if [ ! -f "$out/status" ]; then
    echo "---- last lines of the guest console ($out/console.log) ----" >&2
    tail -n 40 "$out/console.log" >&2 || true
    [ "$uml_status" -eq 124 ] && fail "the guest did not finish within ${limit} s"
    fail "User-Mode Linux did not boot or its init died before writing a status"
fi

status=$(cat "$out/status")
[ "$status" = "0" ] || fail "dotnet test inside the guest exited with $status"
grep -qE '^Passed! +- Failed: +0, Passed: +[1-9]' "$out/test.log" || fail "the guest's dotnet test reported no passing run"
echo "uml-test: passed"
