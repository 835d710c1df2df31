#!/usr/bin/env bash
# Installs the Debian packages the test suites need, so that a fresh machine (and CI) runs them
# without any manual step. Packages already installed are not fetched again.
set -euo pipefail

# Each later transport adds what its real-peer tests need here (libzmq, User-Mode Linux...).
packages=()

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
