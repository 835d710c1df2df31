#!/bin/sh
# The init process of the User-Mode Linux guest that scripts/uml/boot.sh boots over this machine's own filesystem.
# It prepares what a Linux system would (proc, sys, tmpfs, loopback), inserts the vsock modules with the loopback
# transport, runs the payload, and leaves the output and the exit status in $UML_OUT, because UML's own exit status
# is not this script's. The payload is the script $UML_RUN when the env file sets it (scripts/vm-telemetry-demo.sh),
# else dotnet test on $UML_DLL (scripts/uml-test.sh). It always ends with halt -f, so the guest never hangs.
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export PATH

if [ -z "${UML_OUT:-}" ] || [ ! -f "$UML_OUT/env" ]; then
    echo "uml init: UML_OUT is not set or has no env file" >&2
    halt -f
fi
. "$UML_OUT/env"

log="$UML_OUT/test.log"
status="$UML_OUT/status"

setup() {
    mount -t proc proc /proc || return 1
    mount -t sysfs sys /sys || return 1
    # The kernel mounts its own devtmpfs on /dev (so /dev/vsock has the guest's numbers); it lacks /dev/shm.
    mkdir -p /dev/shm && mount -t tmpfs tmpfs /dev/shm || return 1
    # A private /tmp, unless the repository itself lives under /tmp (a clone there), which the mount would hide.
    case "$UML_REPO/" in
        /tmp/*) mkdir -p /dev/shm/tmp && TMPDIR=/dev/shm/tmp && export TMPDIR ;;
        *) mount -t tmpfs tmpfs /tmp || return 1 ;;
    esac
    ip link set lo up || return 1
    modules="/usr/lib/uml/modules/$(uname -r)/kernel/net/vmw_vsock"
    for module in vsock vmw_vsock_virtio_transport_common vsock_loopback; do
        insmod "$modules/$module.ko" || return 1
    done
    ulimit -n 65536
    mkdir -p "$HOME"
}

{
    echo "uml init: kernel $(uname -r), $(nproc) cpu"
    if setup; then
        if [ -n "${UML_RUN:-}" ]; then
            cd "$UML_REPO" && sh "$UML_RUN"
        elif [ -n "${UML_COMMAND:-}" ]; then
            # Another program to run in the same guest (bench/run.sh's vsock and vmci rows).
            cd "$UML_REPO" && bash -c "$UML_COMMAND"
        else
            cd "$UML_REPO" && dotnet test "$UML_DLL" --nologo --logger "trx;LogFileName=uml.trx" --results-directory "$UML_OUT"
        fi
        echo $? > "$status"
    else
        echo "uml init: setting up the guest failed" >&2
        echo 125 > "$status"
    fi
} > "$log" 2>&1

sync
halt -f
