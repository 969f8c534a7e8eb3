#!/usr/bin/env bash
# First command of the README: set everything up and run danchu on its embedded default
# (SQLite under var/, demo data), printing the URL and the demo logins.
set -euo pipefail
cd "$(dirname "$0")/.."
HOST=${HOST:-127.0.0.1}
PORT=${PORT:-8000}
source scripts/_venv.sh ""
mkdir -p var
.venv/bin/danchu migrate --noinput
.venv/bin/danchu units load
.venv/bin/danchu demo
# Background jobs (issue 16: imports, large exports, reminders) run in a worker beside the server;
# it stops with the server.
.venv/bin/danchu jobs run-worker &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
echo
echo "danchu chạy tại / is running at: http://$HOST:$PORT/"
.venv/bin/danchu runserver "$HOST:$PORT"
