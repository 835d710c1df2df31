# What the scripts that run something inside User-Mode Linux share (scripts/uml-test.sh, scripts/vm-telemetry-demo.sh):
# checking the prerequisites, preparing the folder the guest reads and writes, and booting the guest. Sourced, not
# run; the caller sets uml_tag (the prefix of its messages) and repo (the repository's absolute path) first.
#
# The guest is Debian's linux.uml booted over this machine's own filesystem with scripts/uml/init.sh as init, which
# loads the vsock loopback, runs the payload and writes its exit status to the folder; see init.sh.

fail() {
    echo "$uml_tag: FAILED: $*" >&2
    exit 1
}

uml_require() {
    command -v linux.uml >/dev/null || fail "linux.uml is missing (scripts/install-test-deps.sh installs user-mode-linux)"
    command -v insmod >/dev/null || fail "insmod is missing (scripts/install-test-deps.sh installs kmod)"
    command -v gcc >/dev/null || fail "gcc is missing (scripts/install-test-deps.sh installs it)"
    ls /usr/lib/uml/modules/*/kernel/net/vmw_vsock/vsock_loopback.ko >/dev/null 2>&1 || fail "the UML vsock_loopback module is missing"
    case "$repo" in *[[:space:]]*) fail "the repository path '$repo' has a space, which the kernel command line cannot carry" ;; esac
}

# uml_prepare OUT: builds the xstate shim into OUT and writes OUT/env, the environment init.sh sources. Callers append
# their own variables (each with its export) to OUT/env afterwards.
uml_prepare() {
    local out=$1
    # Debian's UML 6.1 cannot restore the FPU state of guest processes on hosts with AVX-512 or AMX; see the shim.
    gcc -shared -fPIC -O2 -Wall -Werror -o "$out/xstate-shim.so" "$repo/scripts/uml/xstate-shim.c" -ldl || fail "building the xstate shim failed"

    # What the guest's init reads: the kernel command line can only carry short words, so it gets this file's folder.
    {
        printf 'UML_REPO=%q\n' "$repo"
        printf 'HOME=/tmp/home\nDOTNET_CLI_HOME=/tmp/home\nDOTNET_NOLOGO=1\nDOTNET_CLI_TELEMETRY_OPTOUT=1\nDOTNET_SKIP_FIRST_TIME_EXPERIENCE=1\n'
        printf 'DOTNET_ROOT=%q\n' "$(dirname "$(readlink -f "$(command -v dotnet)")")"
        printf 'RUNTIMEACTORS_UML=1\nRUNTIMEACTORS_TEST_TIMEFACTOR=%q\n' "${RUNTIMEACTORS_TEST_TIMEFACTOR:-1}"
        # The shim keeps AVX-512 state across UML's context switches but not across the signal frames UML builds, so
        # guest programs are kept off AVX-512 registers altogether.
        printf 'GLIBC_TUNABLES=glibc.cpu.hwcaps=-AVX512F,-AVX512CD,-AVX512BW,-AVX512DQ,-AVX512ER,-AVX512PF,-AVX512VL\n'
        printf 'DOTNET_EnableAVX512F=0\nDOTNET_EnableAVX512=0\n'
        printf 'export UML_REPO HOME DOTNET_CLI_HOME DOTNET_NOLOGO DOTNET_CLI_TELEMETRY_OPTOUT DOTNET_SKIP_FIRST_TIME_EXPERIENCE DOTNET_ROOT RUNTIMEACTORS_UML RUNTIMEACTORS_TEST_TIMEFACTOR GLIBC_TUNABLES DOTNET_EnableAVX512F DOTNET_EnableAVX512\n'
    } > "$out/env"
}

# uml_boot OUT LIMIT: boots the guest and waits at most LIMIT seconds for it; sets uml_status to linux.uml's exit
# status (124 when the limit ended it), which says nothing about the payload: that is in OUT/status.
uml_boot() {
    local out=$1 limit=$2 started
    started=$(date +%s)
    set +e
    LD_PRELOAD="$out/xstate-shim.so" timeout "$limit" linux.uml mem=2G rootfstype=hostfs rootflags=/ rw \
        init="$repo/scripts/uml/init.sh" UML_OUT="$out" con=null con0=fd:0,fd:1 </dev/null >"$out/console.log" 2>&1
    uml_status=$?
    set -e
    echo "$uml_tag: the guest ran for $(($(date +%s) - started)) s (linux.uml exit status $uml_status)"
}

# uml_require_status OUT LIMIT: fails unless the guest's init wrote OUT/status, showing the console's end if not.
uml_require_status() {
    local out=$1 limit=$2
    if [ ! -f "$out/status" ]; then
        echo "---- last lines of the guest console ($out/console.log) ----" >&2
        tail -n 40 "$out/console.log" >&2 || true
        [ "$uml_status" -eq 124 ] && fail "the guest did not finish within ${limit} s"
        fail "User-Mode Linux did not boot or its init died before writing a status"
    fi
}
