#!/bin/sh
# Put Habeas in this user's applications menu, from an unpacked bundle (the folder this script is in).
#   ./install.sh            desktop entry, icons and AppStream file under ~/.local/share
#   ./install.sh --remove   take them away again (the bundle folder and your cases stay)
# Nothing is copied out of the folder: move it first to where it should live (e.g. ~/.local/opt).
# Your cases are elsewhere (~/.local/share/Habeas): unpacking a newer version beside or over this
# one and running its install.sh upgrades without touching them; the new version migrates the store
# on its first start, after a backup copy.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
DATA=${XDG_DATA_HOME:-$HOME/.local/share}
ID=org.habeas.Habeas
SIZES="16 24 32 48 64 128 256 512"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$DATA/applications/$ID.desktop" "$DATA/metainfo/$ID.metainfo.xml" \
    "$DATA/icons/hicolor/scalable/apps/$ID.svg"
  for size in $SIZES; do rm -f "$DATA/icons/hicolor/${size}x$size/apps/$ID.png"; done
  echo "Habeas removed from the applications menu ($HERE itself was left as it is)."
  exit 0
fi

mkdir -p "$DATA/applications" "$DATA/metainfo"
cp -r "$HERE/share/icons/hicolor" "$DATA/icons/" 2>/dev/null || { mkdir -p "$DATA/icons"; cp -r "$HERE/share/icons/hicolor" "$DATA/icons/"; }
cp "$HERE/share/metainfo/$ID.metainfo.xml" "$DATA/metainfo/"
# The entry runs this folder's program by its full path (quoted for the Exec key's rules).
sed "s|^Exec=habeas-gui\$|Exec=\"$HERE/habeas-gui\"|" "$HERE/share/applications/$ID.desktop" \
  > "$DATA/applications/$ID.desktop"
command -v update-desktop-database >/dev/null && update-desktop-database -q "$DATA/applications" || true
command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "Habeas is in the applications menu; it runs $HERE/habeas-gui."
