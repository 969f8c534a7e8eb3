# Shared by start.sh and test.sh: make .venv and install danchu (with the extras in $1).
# PyICU compiles against the system ICU: on Debian/Ubuntu run as root it installs libicu-dev.
PYTHON=${PYTHON:-python3}
if ! pkg-config --exists icu-uc 2>/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config >/dev/null
  else
    echo "PyICU needs ICU's headers: sudo apt-get install libicu-dev pkg-config" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".${1:-}"
