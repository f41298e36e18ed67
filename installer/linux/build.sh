#!/usr/bin/env bash
# Build the Linux bundle of Habeas from a clean clone; no arguments.
#
#   installer/linux/build.sh
#
# Leaves dist/habeas/ (the program: dist/habeas/habeas, and dist/habeas/habeas-gui beside it) and
# dist/habeas-<version>-linux-x86_64.tar.gz. Installs what it needs: the Debian packages the build
# uses, when missing and when run as root (else it names them and stops); a build virtual
# environment in build/venv with requirements/lock.txt (hash-checked) and installer/requirements-build.txt.
# Environment: PYTHON (default python3, 3.11 or newer, built with a shared libpython as Debian's
# and pyenv's are), HABEAS_BUILD_VENV (default build/venv; reused when its inputs did not change).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
VENV=${HABEAS_BUILD_VENV:-$ROOT/build/venv}
ARCH=$(uname -m)
started=$(date +%s)

say() { printf '==> %s\n' "$*"; }

# 1. System packages: readelf/objdump (binutils) for PyInstaller and the spec, and the libraries Qt's
#    xcb plugin links against (PyInstaller copies those it finds into the bundle).
missing=()
command -v readelf >/dev/null || missing+=(binutils)
command -v "$PYTHON" >/dev/null || missing+=(python3 python3-venv)
"$PYTHON" -c 'import venv, ensurepip' 2>/dev/null || missing+=(python3-venv)
for lib in libxkbcommon-x11.so.0 libxcb-cursor.so.0 libxcb-icccm.so.4 libxcb-keysyms.so.1 \
  libxcb-image.so.0 libxcb-render-util.so.0 libEGL.so.1 libfontconfig.so.1 libdbus-1.so.3; do
  ldconfig -p | grep -q "$lib" || { missing+=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
    libxcb-image0 libxcb-render-util0 libegl1 libfontconfig1 libdbus-1-3); break; }
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "Missing Debian packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
    exit 1
  fi
  say "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

"$PYTHON" - <<'EOF'
import sys, sysconfig
if sys.version_info < (3, 11):
    sys.exit(f"Python 3.11 or newer is needed, this is {sys.version.split()[0]} (set PYTHON=...)")
if not sysconfig.get_config_var("Py_ENABLE_SHARED"):
    sys.exit("this Python has no shared libpython, which PyInstaller needs (Debian's python3 has one)")
EOF

# 2. The build environment, rebuilt only when the lock files or the Python changed.
stamp="$VENV/.habeas-inputs"
inputs=$(cat requirements/lock.txt installer/requirements-build.txt; "$PYTHON" -VV)
inputs=$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)
if [ ! -x "$VENV/bin/pyinstaller" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$inputs" ]; then
  say "build environment in $VENV"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements/lock.txt
  "$VENV/bin/python" -m pip install -q -r installer/requirements-build.txt
  echo "$inputs" > "$stamp"
fi

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/__init__.py)
[ -n "$VERSION" ] || { echo "no __version__ in app/__init__.py" >&2; exit 1; }
say "Habeas $VERSION for $ARCH"

# 3. Compiled catalogs (in build/locales: the checkout's committed .mo files stay untouched) and
#    the third-party notices, which the spec ships.
rm -rf build/locales
for po in locales/*/LC_MESSAGES/habeas.po; do
  mkdir -p "build/$(dirname "$po")"
  cp "$po" "build/$po"
done
"$VENV/bin/pybabel" compile -d build/locales -D habeas 2>&1 | sed 's/^/    /'
"$VENV/bin/python" installer/third_party.py --out build/THIRD-PARTY-NOTICES.txt

# 4. The bundle.
rm -rf dist/habeas
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/habeas.spec
# habeas-gui: the same program, which opens the window whatever the arguments (installer/launcher.py).
ln -s habeas dist/habeas/habeas-gui
# For a desktop install from the tarball (installer/linux/install.sh puts them in place).
mkdir -p dist/habeas/share/applications dist/habeas/share/metainfo dist/habeas/share/icons
cp installer/linux/org.habeas.Habeas.desktop dist/habeas/share/applications/
cp installer/linux/org.habeas.Habeas.metainfo.xml dist/habeas/share/metainfo/
cp -r resources/icons/hicolor dist/habeas/share/icons/
cp installer/linux/install.sh dist/habeas/install.sh

# 5. The tarball: one top folder habeas-<version>/, owner-neutral.
tarball="dist/habeas-$VERSION-linux-$ARCH.tar.gz"
tar --owner=0 --group=0 --numeric-owner --transform "s,^habeas,habeas-$VERSION,S" \
  -C dist -czf "$tarball" habeas
say "dist/habeas: $(du -sh dist/habeas | cut -f1); $tarball: $(du -sh "$tarball" | cut -f1); \
built in $(( $(date +%s) - started )) s"
