#!/usr/bin/env bash
# Second command of the README: install what the tests need and run the whole suite.
# With DATABASE_URL set, the suite runs on that database (PostgreSQL in CI).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh "[test]"
mkdir -p var
# Browser tests drive Debian's Chromium through Playwright (no browser download).
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "Chromium is needed for the browser tests: sudo apt-get install chromium" >&2
    exit 1
  fi
fi
# The production recipe's test (deploy/behind-tls.sh) puts Debian's nginx in front as the TLS
# proxy (issue 19); it runs when the suite runs on PostgreSQL.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx-light >/dev/null 2>&1 \
      || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  else
    echo "nginx is needed for the production recipe's test: sudo apt-get install nginx" >&2
  fi
fi
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/danchu makemigrations --check --dry-run >/dev/null
.venv/bin/mypy danchu
# Issue 19: the API contract is complete (no guessed serializer, unique operation ids) and the
# production settings pass Django's deployment checks.
.venv/bin/danchu spectacular --validate --fail-on-warn --file /dev/null
DEBUG=0 SECRET_KEY=ci-only-"$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')" \
  ALLOWED_HOSTS=danchu.example.gov.vn CSRF_TRUSTED_ORIGINS=https://danchu.example.gov.vn \
  SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto \
  .venv/bin/danchu check --deploy --fail-level WARNING
# Tests close connections after each request, so the live server leaves none behind.
export CONN_MAX_AGE=0
exec .venv/bin/pytest "$@"
