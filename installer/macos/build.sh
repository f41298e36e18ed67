#!/usr/bin/env bash
# Build Habeas.app and a .dmg on macOS; no arguments.
#
#   installer/macos/build.sh
#
# Needs: macOS 11 or newer with the Xcode command-line tools, and Python 3.11 from python.org
# (PYTHON, default python3.11; its architecture is the app's: arm64, x86_64, or universal2 Python
# only if every wheel in the lock is universal2, which PySide6's are not: build once per architecture).
# Leaves dist/Habeas.app (bundle id org.habeas.Habeas, version from app/__init__.py), dist/habeas/
# (the same program for the terminal) and dist/habeas-<version>-macos-<arch>.dmg.
# Signing: ad hoc by default, which runs on the building Mac; others see Gatekeeper's warning. With
# MACOS_SIGN_IDENTITY="Developer ID Application: …" the app is signed with the hardened runtime, and
# with NOTARY_PROFILE (an `xcrun notarytool store-credentials` profile) the dmg is notarised and stapled.
# NOT RUN YET: written on Linux, where neither PyInstaller's BUNDLE nor hdiutil can run (README).
set -euo pipefail
[ "$(uname -s)" = Darwin ] || { echo "installer/macos/build.sh runs on macOS only" >&2; exit 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3.11}
VENV=${HABEAS_BUILD_VENV:-$ROOT/build/venv-macos}
ARCH=$(uname -m)
APP=dist/Habeas.app

VERSION=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' app/__init__.py)
[ -n "$VERSION" ] || { echo "no __version__ in app/__init__.py" >&2; exit 1; }

# 1. The build environment, rebuilt when the lock files or the Python changed.
stamp="$VENV/.habeas-inputs"
inputs=$( (cat requirements/lock.txt installer/requirements-build.txt; "$PYTHON" -VV; uname -m) | shasum -a 256 | cut -d' ' -f1)
if [ ! -x "$VENV/bin/pyinstaller" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$inputs" ]; then
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --upgrade pip
  # The lock was compiled on Linux; on macOS it only holds more than needed (SecretStorage, jeepney).
  "$VENV/bin/python" -m pip install -q --require-hashes -r requirements/lock.txt
  "$VENV/bin/python" -m pip install -q -r installer/requirements-build.txt
  echo "$inputs" > "$stamp"
fi

# 2. Catalogs into build/locales, the notices.
rm -rf build/locales
for po in locales/*/LC_MESSAGES/habeas.po; do
  mkdir -p "build/$(dirname "$po")"
  cp "$po" "build/$po"
done
"$VENV/bin/pybabel" compile -d build/locales -D habeas
"$VENV/bin/python" installer/third_party.py --out build/THIRD-PARTY-NOTICES.txt

# 3. The app (the spec's BUNDLE step on macOS; PyInstaller turns the PNG icon into .icns with Pillow).
rm -rf dist/habeas "$APP"
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller installer/habeas.spec
plist="$APP/Contents/Info.plist"
[ "$(/usr/libexec/PlistBuddy -c 'Print CFBundleIdentifier' "$plist")" = org.habeas.Habeas ]
[ "$(/usr/libexec/PlistBuddy -c 'Print CFBundleShortVersionString' "$plist")" = "$VERSION" ]
[ "$("$APP/Contents/MacOS/habeas" --version)" = "Habeas $VERSION" ]

if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --force --deep --options runtime --timestamp --sign "$MACOS_SIGN_IDENTITY" "$APP"
else
  codesign --force --deep --sign - "$APP"
fi
codesign --verify --deep --strict "$APP"

# 4. The disk image: the app and a link to /Applications, to drag it onto.
staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
cp -R "$APP" "$staging/"
ln -s /Applications "$staging/Applications"
dmg="dist/habeas-$VERSION-macos-$ARCH.dmg"
rm -f "$dmg"
hdiutil create -volname "Habeas $VERSION" -srcfolder "$staging" -ov -format UDZO "$dmg"
if [ -n "${MACOS_SIGN_IDENTITY:-}" ]; then
  codesign --sign "$MACOS_SIGN_IDENTITY" --timestamp "$dmg"
fi
if [ -n "${NOTARY_PROFILE:-}" ]; then
  xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
  xcrun stapler staple "$dmg"
fi
echo "$APP and $dmg: Habeas $VERSION for macOS $ARCH ($(du -sh "$APP" | cut -f1))"
