#!/bin/sh
# Installs the Debian/Ubuntu packages Habeas needs. Uses sudo unless already root.
#   system-packages.sh          what the desktop app needs (Qt's X11 libraries, a CJK UI font)
#   system-packages.sh --test   plus what the test suite needs (Xvfb, poppler-utils, fonts used by tests)
# PostgreSQL is not installed here: clinics use their own server; CI installs it in .ci/run.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

PACKAGES="python3 python3-venv python3-pip
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3
  libx11-6 libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-randr0
  libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0
  libxcb-xkb1 libxcb-glx0 fontconfig fonts-dejavu-core fonts-wqy-microhei"

if [ "${1:-}" = "--test" ]; then
  PACKAGES="$PACKAGES xvfb xauth x11-utils imagemagick poppler-utils poppler-data"
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $PACKAGES >/dev/null
