#!/usr/bin/env sh
# Install what the report's browser test needs, from Debian packages: chromium and a CJK font.
# Idempotent: installs nothing when /usr/bin/chromium and "Noto Sans CJK" are already there.
# Uses sudo only when not root. Never runs `playwright install` (that downloads a browser build;
# the tests drive Debian's /usr/bin/chromium through playwright's executable_path instead).
set -eu

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}  # override only to test this script
packages=""

if [ -x "$CHROMIUM" ]; then
    echo "install_browser: $CHROMIUM present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
else
    echo "install_browser: $CHROMIUM missing"
    packages=" chromium"
fi

if command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "Noto Sans CJK"; then
    echo "install_browser: font Noto Sans CJK present"
else
    echo "install_browser: font Noto Sans CJK missing"
    packages="$packages fonts-noto-cjk"
fi

if [ -z "$packages" ]; then
    echo "install_browser: nothing to do"
    exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "install_browser: need root or sudo to install:$packages" >&2
    exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: no apt-get; install chromium and a Noto Sans CJK font by hand" >&2
    exit 1
fi

echo "install_browser: apt-get update"
$SUDO apt-get update
echo "install_browser: apt-get install -y --no-install-recommends$packages"
# shellcheck disable=SC2086  # the package list is meant to split into words
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $packages
echo "install_browser: installed$packages"
