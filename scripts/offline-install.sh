#!/usr/bin/env bash
# Install danchu on the offline hall laptop from a wheelhouse made by offline-wheelhouse.sh,
# with no network at all (pip's index disabled: nothing is fetched from anywhere).
#
#   scripts/offline-install.sh WHEELHOUSE [VENV]          # default VENV: ./.venv
#
# Checks every wheel against SHA256SUMS first, then installs danchu and its dependencies into
# VENV. Afterwards follow docs/offline-hall.md, section 2 (settings, migrate, collectstatic).
set -euo pipefail
WHEELS=${1:?usage: offline-install.sh WHEELHOUSE [VENV]}
VENV=${2:-.venv}
PYTHON=${PYTHON:-python3}
WHEELS=$(cd "$WHEELS" && pwd)
(cd "$WHEELS" && sha256sum --check --quiet SHA256SUMS)
export PIP_NO_INDEX=1 PIP_FIND_LINKS="$WHEELS" PIP_CONFIG_FILE=/dev/null
unset PIP_EXTRA_INDEX_URL PIP_INDEX_URL
"$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip --quiet install --no-index --find-links "$WHEELS" --upgrade pip
"$VENV/bin/python" -m pip --quiet install --no-index --find-links "$WHEELS" danchu
"$VENV/bin/danchu" help >/dev/null
echo "danchu installed offline in $VENV"
