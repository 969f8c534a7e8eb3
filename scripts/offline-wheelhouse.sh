#!/usr/bin/env bash
# Build a complete wheelhouse for the offline hall laptop (docs/offline-hall.md, CV10).
# Run on a CONNECTED machine with the same OS, CPU and Python version as the laptop:
#
#   scripts/offline-wheelhouse.sh [WHEELHOUSE]          # default: ./wheelhouse
#
# It holds a wheel of danchu itself, of every runtime dependency (PyICU is compiled here: it
# needs libicu-dev and pkg-config; the laptop needs the same libicu runtime), and of the build
# dependencies (setuptools, wheel: `pip install -e .` from the source tree works offline too),
# plus pip itself, and a SHA256SUMS file to check the copy on the laptop.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-wheelhouse}
PYTHON=${PYTHON:-python3}
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$PYTHON" -m venv "$WORK/venv"
PIP=("$WORK/venv/bin/python" -m pip --quiet)
"${PIP[@]}" install --upgrade pip
# danchu and every runtime dependency, as wheels (sdists such as PyICU are built here).
"${PIP[@]}" wheel --wheel-dir "$OUT" .
# What building danchu from source needs ([build-system] requires), and pip itself.
BUILD_REQS=$("$WORK/venv/bin/python" - <<'PY'
import tomllib
with open("pyproject.toml", "rb") as f:
    print("\n".join(tomllib.load(f)["build-system"]["requires"]))
PY
)
mapfile -t BUILD <<<"$BUILD_REQS"
"${PIP[@]}" download --dest "$OUT" --only-binary=:all: "${BUILD[@]}" pip
# Prove the wheelhouse is complete before anyone carries it: install from it alone.
"$PYTHON" -m venv "$WORK/check"
env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL PIP_CONFIG_FILE=/dev/null \
  "$WORK/check/bin/python" -m pip --quiet install --no-index --find-links "$OUT" danchu
"$WORK/check/bin/danchu" help >/dev/null
(cd "$OUT" && sha256sum -- *.whl > SHA256SUMS)
echo "Wheelhouse ready: $OUT ($(ls "$OUT"/*.whl | wc -l) wheels, SHA256SUMS)"
