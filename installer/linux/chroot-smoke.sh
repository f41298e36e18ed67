#!/usr/bin/env bash
# Run smoke.sh on a built bundle inside a fresh minimal Debian (debootstrap) that has no Python at all:
# only the libraries a desktop has (X11/xcb, EGL, fontconfig, D-Bus), Xvfb and xdotool.
#
#   installer/linux/chroot-smoke.sh [DIST_DIR]      (default dist/habeas; run as root)
#
# The root file system is made once in build/chroot (about 80 s and 500 MB here) and reused.
# Environment: SUITE (default: the host's Debian codename, else bookworm), DEBIAN_MIRROR (default:
# the first Debian URI of the host's apt sources). Exit 0 = passed, 1 = a check failed,
# 3 = the chroot could not be made (no root, no debootstrap, no mirror): nothing was tested.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUNDLE=$(cd "${1:-$ROOT/dist/habeas}" && pwd)
CHROOT=${HABEAS_CHROOT:-$ROOT/build/chroot}
[ "$(id -u)" -eq 0 ] || { echo "chroot-smoke: needs root (chroot, mount)" >&2; exit 3; }

if [ ! -x "$CHROOT/usr/bin/Xvfb" ]; then
  command -v debootstrap >/dev/null || {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null \
      || { echo "chroot-smoke: debootstrap cannot be installed" >&2; exit 3; }
  }
  suite=${SUITE:-$( . /etc/os-release 2>/dev/null && echo "${VERSION_CODENAME:-}")}
  suite=${suite:-bookworm}
  mirror=${DEBIAN_MIRROR:-$(grep -h -m1 -E '^(URIs:|deb) ' /etc/apt/sources.list.d/*.sources \
    /etc/apt/sources.list 2>/dev/null | grep -o 'https\?://[^ ]*debian[^ ]*' | grep -v security | head -n 1 || true)}
  [ -n "$mirror" ] || { echo "chroot-smoke: no Debian mirror known (set DEBIAN_MIRROR)" >&2; exit 3; }
  packages=libxkbcommon-x11-0,libxcb-cursor0,libxcb-icccm4,libxcb-keysyms1,libxcb-image0,libxcb-render-util0
  packages=$packages,libxcb-randr0,libxcb-shape0,libxcb-xfixes0,libxcb-xkb1,libxcb-shm0,libxcb-sync1,libegl1
  packages=$packages,libgl1,libfontconfig1,libdbus-1-3,fonts-dejavu-core,xvfb,xauth,xdotool,x11-utils
  rm -rf "$CHROOT"
  echo "chroot-smoke: debootstrap $suite from $mirror into $CHROOT"
  debootstrap --variant=minbase --include="$packages" "$suite" "$CHROOT" "$mirror" >"$ROOT/build/debootstrap.log" 2>&1 \
    || { echo "chroot-smoke: debootstrap failed (see build/debootstrap.log)" >&2; rm -rf "$CHROOT"; exit 3; }
fi
if compgen -G "$CHROOT/usr/bin/python*" >/dev/null || compgen -G "$CHROOT/usr/lib/python3*" >/dev/null; then
  echo "chroot-smoke: the chroot has a Python, which defeats the test" >&2
  exit 1
fi

# The bundle and what smoke.sh reads, copied in afresh; /proc and /dev for Xvfb and the program.
rm -rf "$CHROOT/opt/habeas" "$CHROOT/opt/habeas-smoke"
mkdir -p "$CHROOT/opt/habeas-smoke/installer/linux" "$CHROOT/opt/habeas-smoke/app"
cp -a "$BUNDLE" "$CHROOT/opt/habeas"
cp "$ROOT/installer/linux/smoke.sh" "$CHROOT/opt/habeas-smoke/installer/linux/"
cp "$ROOT/app/__init__.py" "$CHROOT/opt/habeas-smoke/app/"
cp -r "$ROOT/examples" "$CHROOT/opt/habeas-smoke/"
mounted=()
cleanup() { for m in "${mounted[@]}"; do umount "$m" 2>/dev/null || umount -l "$m" || true; done; }
trap cleanup EXIT
# Never a bind mount of the host's /dev: a run killed before its cleanup would leave the host's
# device files inside build/, for the next `rm -rf build` to delete. A private /dev instead.
mountpoint -q "$CHROOT/proc" || { mount -t proc proc "$CHROOT/proc"; mounted+=("$CHROOT/proc"); }
if ! mountpoint -q "$CHROOT/dev"; then
  mount -t tmpfs -o mode=0755,nosuid habeas-dev "$CHROOT/dev"
  mounted+=("$CHROOT/dev")
  for node in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
    IFS=: read -r name major minor <<<"$node"
    mknod -m 0666 "$CHROOT/dev/$name" c "$major" "$minor"
  done
  mkdir -m 1777 "$CHROOT/dev/shm"
fi
mkdir -p "$CHROOT/tmp/.X11-unix" && chmod 1777 "$CHROOT/tmp" "$CHROOT/tmp/.X11-unix"
echo "chroot-smoke: $(. "$CHROOT/etc/os-release" && echo "$PRETTY_NAME"), no Python inside"
chroot "$CHROOT" /usr/bin/env -i PATH=/usr/bin:/bin /bin/bash /opt/habeas-smoke/installer/linux/smoke.sh /opt/habeas
