#!/bin/sh
# Add amzdesk to the application menu of the current user (no root needed):
# ~/.local/share/applications/amzdesk.desktop pointing at this folder's executable, and the icon
# in every size under ~/.local/share/icons/hicolor.  Run it again after moving the folder.
#   ./install-desktop-entry.sh            install
#   ./install-desktop-entry.sh --remove   remove
set -eu
HERE="$(cd "$(dirname "$0")" && pwd)"
DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
APPS="$DATA/applications"
ICONS="$DATA/icons/hicolor"

if [ "${1:-}" = "--remove" ]; then
  rm -f "$APPS/amzdesk.desktop"
  for dir in "$ICONS"/*/apps; do rm -f "$dir/amzdesk.png" "$dir/amzdesk.svg"; done
  echo "amzdesk removed from the application menu"
  exit 0
fi

mkdir -p "$APPS"
for png in "$HERE"/icons/amzdesk-*.png; do
  size="${png##*-}"; size="${size%.png}"
  mkdir -p "$ICONS/${size}x${size}/apps"
  cp "$png" "$ICONS/${size}x${size}/apps/amzdesk.png"
done
mkdir -p "$ICONS/scalable/apps"
cp "$HERE/icons/amzdesk.svg" "$ICONS/scalable/apps/amzdesk.svg"
# Exec/TryExec need the absolute path; quote it for spaces (desktop entry spec quoting).
exe="$HERE/amzdesk"
sed -e "s|^Exec=.*|Exec=\"$exe\"|" -e "s|^TryExec=.*|TryExec=$exe|" \
  "$HERE/amzdesk.desktop" > "$APPS/amzdesk.desktop"
chmod 644 "$APPS/amzdesk.desktop"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$APPS" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" || true
echo "amzdesk added to the application menu ($APPS/amzdesk.desktop)"
