# Shared set-up for scripts/run-app, scripts/run-tests and scripts/build-app (sourced, not run).
# Installs what a fresh Debian machine lacks: Qt's system libraries, Japanese fonts, the keyring
# daemon (tests only), then a virtual environment with the pinned Python packages.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${AMZDESK_VENV:-$ROOT/.venv}"
PY="$VENV/bin/python"

# Qt (PySide6) needs these on Debian/Ubuntu; fonts-noto-cjk renders Japanese text.
APT_RUNTIME=(python3 python3-venv libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6
  libglib2.0-0 libxkbcommon0 fonts-noto-cjk libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1
  libxkbcommon-x11-0 libx11-xcb1 libxcb-randr0 libxcb-shm0 libxcb-sync1 libxcb-xfixes0 libcups2)
# Tests additionally run the real OS keyring (gnome-keyring on a D-Bus session) and Xvfb;
# actionlint checks the CI workflow's shell steps with shellcheck.
APT_TEST=(dbus gnome-keyring xvfb xauth binutils shellcheck)

ensure_apt() {
  command -v dpkg-query >/dev/null 2>&1 || return 0   # not Debian-like: trust the system
  local missing=() pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "amzdesk needs these system packages. Run this once, then try again:" >&2
    echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
}

find_python() {
  local cand
  for cand in python3.13 python3.12 python3.11 python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
      "$cand" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$cand"; return 0
    fi
  done
  echo "amzdesk needs Python 3.11 or newer (python3 --version)." >&2
  exit 1
}

ensure_venv() {  # $1: extras, e.g. "test" or "test,build" or ""
  local extras="$1" spec="." stamp
  [ -n "$extras" ] && spec=".[$extras]"
  if [ ! -x "$PY" ]; then
    echo "==> creating $VENV"
    "$(find_python)" -m venv "$VENV"
  fi
  stamp="$VENV/.amzdesk-installed-$(cat "$ROOT/pyproject.toml" "$ROOT/constraints.txt" | sha256sum | cut -c1-16)-${extras:-none}"
  if [ ! -f "$stamp" ]; then
    echo "==> installing Python packages ($spec)"
    "$PY" -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
    "$PY" -m pip install -q --disable-pip-version-check -c "$ROOT/constraints.txt" -e "$ROOT$( [ -n "$extras" ] && echo "[$extras]")"
    touch "$stamp"
  fi
}
