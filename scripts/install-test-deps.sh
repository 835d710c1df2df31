#!/usr/bin/env bash
# Installs the Debian packages the test suites need, so that a fresh machine (and CI) runs them
# without any manual step. Packages already installed are not fetched again.
set -euo pipefail

# python3-zmq: libzmq 4.3 through pyzmq, the reference peer of the interop suites.
# user-mode-linux, kmod: a Linux kernel run as a process, whose vsock_loopback module (inserted with kmod's
# insmod) gives the vsock and vmci end-to-end suite a real kernel to connect through (scripts/uml-test.sh);
# gcc, libc6-dev: build the small preload shim that lets that kernel run on AVX-512 hosts (scripts/uml/).
# libzmq3-dev: headers and library of libzmq 4.3 for the C side of the benchmark harness (bench/run.sh).
# iproute2: `ip netns`, the network namespaces in which the ractors epgm tests run their multicast.
packages=(python3-zmq user-mode-linux kmod gcc libc6-dev libzmq3-dev iproute2)

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing test dependencies: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
