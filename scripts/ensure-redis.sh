#!/usr/bin/env bash
# The tests run against a real redis-server; install Debian's package when it is missing.
set -euo pipefail
command -v redis-server >/dev/null 2>&1 && exit 0
echo "redis-server is not installed; installing Debian's redis-server package for the tests" >&2
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "Run as root, or install it yourself: apt-get install redis-server" >&2; exit 1
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
