#!/usr/bin/env bash
# Coverage-guided fuzzing of the runtime's parsers with AFL++ and SharpFuzz.
#
#   scripts/fuzz.sh --list                    the targets
#   scripts/fuzz.sh TARGET [--seconds N]      fuzz one target for N seconds (default 60)
#   scripts/fuzz.sh --all [--seconds N]       fuzz each target for N seconds
#
# Installs what it needs the first time: afl++ (apt) and the sharpfuzz instrumenting tool (in artifacts/fuzz/tools).
# Publishes src/Tools/RuntimeActors.Fuzz (Release) into artifacts/fuzz/app, instruments the runtime and transport
# assemblies there, and runs afl-fuzz on the seed corpus (src/Tools/RuntimeActors.Fuzz/corpus/TARGET). Prints one line
# per target; crash and hang inputs are copied to artifacts/fuzz/findings/TARGET. Exits 1 when anything crashed or hung.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$root/artifacts/fuzz"
project="$root/src/Tools/RuntimeActors.Fuzz"
app="$work/app"
tools="$work/tools"
sharpfuzz_version=2.3.0
# afl-fuzz -t: a run slower than this is a hang. Generous: the first run of each path JIT-compiles its code.
timeout_ms="${FUZZ_TIMEOUT_MS:-10000}"

usage() {
    echo "usage: scripts/fuzz.sh --list | TARGET [--seconds N] | --all [--seconds N]" >&2
    exit 2
}

seconds=60
targets=()
all=false
list=false
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) [ $# -ge 2 ] || usage; seconds="$2"; shift 2 ;;
        --all) all=true; shift ;;
        --list) list=true; shift ;;
        -*) usage ;;
        *) targets+=("$1"); shift ;;
    esac
done
[[ "$seconds" =~ ^[0-9]+$ ]] && [ "$seconds" -gt 0 ] || usage

install_afl() {
    command -v afl-fuzz >/dev/null && return
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing afl++"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq afl++ >/dev/null
}

install_sharpfuzz() {
    [ -x "$tools/sharpfuzz" ] && return
    echo "Installing SharpFuzz.CommandLine $sharpfuzz_version into $tools"
    dotnet tool install --tool-path "$tools" SharpFuzz.CommandLine --version "$sharpfuzz_version" >/dev/null
}

publish() {
    # A fresh folder each time: sharpfuzz instruments in place and refuses an assembly it already instrumented.
    rm -rf "$app"
    dotnet publish "$project/RuntimeActors.Fuzz.csproj" -c Release -o "$app" -v q -nologo >/dev/null
    for assembly in RuntimeActors RuntimeActors.Transports.Tcp RuntimeActors.Transports.Ipc RuntimeActors.Transports.Inproc RuntimeActors.Transports.Vsock; do
        "$tools/sharpfuzz" "$app/$assembly.dll" >/dev/null
    done
}

stat() {
    sed -n "s/^$1 *: *//p" "$2" 2>/dev/null | head -1
}

count_files() {
    find "$1" -maxdepth 1 -type f ! -name README.txt 2>/dev/null | wc -l
}

fuzz() {
    local target="$1" out="$work/out/$1" corpus="$project/corpus/$1"
    [ -d "$corpus" ] || { echo "fuzz $target: no seed corpus in $corpus" >&2; return 1; }
    rm -rf "$out"
    mkdir -p "$out"
    # In a container: no CPU governor to check, core dumps piped elsewhere, no terminal, two shared cores.
    AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
        AFL_FORKSRV_INIT_TMOUT=60000 AFL_QUIET=1 \
        timeout $((seconds + 300)) afl-fuzz -i "$corpus" -o "$out" -t "$timeout_ms" -m none -V "$seconds" \
        -- dotnet "$app/RuntimeActors.Fuzz.dll" "$target" >"$out/afl.log" 2>&1 || {
            echo "fuzz $target: afl-fuzz failed, see $out/afl.log:" >&2
            tail -20 "$out/afl.log" >&2
            return 1
        }
    local stats="$out/default/fuzzer_stats"
    local crashes hangs
    crashes=$(count_files "$out/default/crashes")
    hangs=$(count_files "$out/default/hangs")
    echo "fuzz $target seconds=$seconds execs=$(stat execs_done "$stats") paths=$(stat corpus_count "$stats") crashes=$crashes hangs=$hangs"
    if [ "$crashes" -gt 0 ] || [ "$hangs" -gt 0 ]; then
        mkdir -p "$work/findings/$target"
        find "$out/default/crashes" "$out/default/hangs" -maxdepth 1 -type f ! -name README.txt -exec cp {} "$work/findings/$target/" \;
        echo "fuzz $target: inputs in $work/findings/$target (replay uninstrumented: dotnet run --project src/Tools/RuntimeActors.Fuzz -- $target FILE)" >&2
        return 1
    fi
}

install_afl
install_sharpfuzz
publish
if $list; then
    dotnet "$app/RuntimeActors.Fuzz.dll" --list
    exit 0
fi
if $all; then
    mapfile -t targets < <(dotnet "$app/RuntimeActors.Fuzz.dll" --list)
fi
[ ${#targets[@]} -gt 0 ] || usage

failed=0
for target in "${targets[@]}"; do
    fuzz "$target" || failed=1
done
exit $failed
