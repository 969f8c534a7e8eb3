#!/usr/bin/env bash
# CI (issue 11): the offline hall installation, end to end. Builds the wheelhouse (online), then
# with NO network — in a network namespace without any route when the machine allows it (root,
# `ip netns`), else with pip's index disabled — installs danchu from it alone, migrates, loads
# the demo, opens a vote, starts the server on 127.0.0.1 and fetches a ballot.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
WORK=$(mktemp -d)
NS=danchu-offline-$$
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null || true
  ip netns delete "$NS" 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
echo "== offline hall: wheelhouse (online) =="
scripts/offline-wheelhouse.sh "$WORK/wheelhouse"

RUN=()
if [ "$(id -u)" = "0" ] && ip netns add "$NS" 2>/dev/null; then
  ip -n "$NS" link set lo up
  RUN=(ip netns exec "$NS")
  echo "== offline hall: network namespace $NS (loopback only, no route) =="
  if "${RUN[@]}" python3 -c "import socket; socket.create_connection(('1.1.1.1', 53), 2)" 2>/dev/null; then
    echo "the namespace reaches the network: not an offline check" >&2
    exit 1
  fi
else
  echo "== offline hall: no network namespace here; pip's index disabled instead =="
fi
offline() {
  "${RUN[@]}" env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL -u PIP_INDEX_URL \
    PIP_NO_INDEX=1 PIP_CONFIG_FILE=/dev/null HOME="$WORK/home" "$@"
}
mkdir -p "$WORK/home" "$WORK/var"
offline scripts/offline-install.sh "$WORK/wheelhouse" "$WORK/venv"

export DANCHU_VAR_DIR="$WORK/var" DEBUG=0 SECRET_KEY=offline-hall-check-$$ \
  ALLOWED_HOSTS=127.0.0.1,localhost SECURE_COOKIES=0 DANCHU_OFFLINE_HALL=1
unset DATABASE_URL
offline "$WORK/venv/bin/danchu" migrate --noinput >/dev/null
offline "$WORK/venv/bin/danchu" collectstatic --noinput >/dev/null
offline "$WORK/venv/bin/danchu" demo >/dev/null
read -r BALLOT SUBJECT < <(offline "$WORK/venv/bin/python" "$ROOT/scripts/offline_hall_smoke.py")
PORT=${OFFLINE_HALL_PORT:-8765}
offline "$WORK/venv/bin/gunicorn" danchu.wsgi -c "$ROOT/deploy/gunicorn.conf.py" \
  -b "127.0.0.1:$PORT" -w 1 --chdir "$WORK" &
SERVER_PID=$!
offline "$WORK/venv/bin/python" - "$PORT" "$BALLOT" "$SUBJECT" <<'PY'
import sys, time, urllib.request
port, path, subject = sys.argv[1], sys.argv[2], " ".join(sys.argv[3:])
for _ in range(60):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            page = r.read().decode()
        break
    except OSError:
        time.sleep(1)
else:
    sys.exit("the server did not answer")
assert subject.split()[0] in page, "the ballot does not list the people voted on"
print(f"ballot served offline: {path}")
PY
echo "== offline hall: OK =="
