#!/usr/bin/env bash
# docs/operations.md as a script: danchu under gunicorn with DEBUG=0 on PostgreSQL, behind nginx
# terminating TLS with a self-signed certificate (issue 19). CI runs it through
# danchu/web/tests/test_production_tls.py; an operator may run it to try the recipe.
#
#   deploy/behind-tls.sh start DIR     # DIR: a scratch folder (certificate, logs, var/)
#   deploy/behind-tls.sh stop DIR
#
# Environment: DATABASE_URL (PostgreSQL, required; its database is migrated), HTTPS_PORT and
# APP_PORT (free ports when unset; the address is printed and written to DIR/url), ADMIN_PASSWORD (the "admin" superuser's password, created if missing),
# PYTHON_BIN (folder of the danchu, gunicorn commands; default .venv/bin).
# Needs Debian's nginx and openssl (scripts/test.sh installs nginx when run as root).
set -euo pipefail
cd "$(dirname "$0")/.."
action=${1:?start or stop}
dir=$(realpath -m "${2:?scratch folder}")
bin=${PYTHON_BIN:-$PWD/.venv/bin}
free_port() { "$bin/python" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
https_port=${HTTPS_PORT:-$(free_port)}
app_port=${APP_PORT:-$(free_port)}
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

if [ "$action" = stop ]; then
  [ -f "$dir/nginx.pid" ] && "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -s stop 2>/dev/null || true
  [ -f "$dir/gunicorn.pid" ] && kill "$(cat "$dir/gunicorn.pid")" 2>/dev/null || true
  exit 0
fi

: "${DATABASE_URL:?DATABASE_URL must name a PostgreSQL database}"
case "$DATABASE_URL" in postgres*) ;; *) echo "DATABASE_URL must be PostgreSQL" >&2; exit 2 ;; esac
[ -x "$nginx_bin" ] || { echo "nginx is needed: apt-get install nginx" >&2; exit 2; }
mkdir -p "$dir/var" "$dir/logs"

# 1. A self-signed certificate for localhost (a real install uses its own certificate).
if [ ! -f "$dir/cert.pem" ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$dir/key.pem" -out "$dir/cert.pem" 2>/dev/null
fi

# 2. The production settings of docs/operations.md.
export DEBUG=0
export SECRET_KEY=${SECRET_KEY:-$(head -c 48 /dev/urandom | base64 | tr -d '\n/+=')}
export ALLOWED_HOSTS=localhost
export CSRF_TRUSTED_ORIGINS="https://localhost:$https_port"
export SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto
export DANCHU_VAR_DIR="$dir/var"
export DANCHU_TRUSTED_PROXIES=127.0.0.1
export CONN_MAX_AGE=0
# A production server never runs with Django's async-safety switch off (a test harness may
# have it in its environment).
unset DJANGO_ALLOW_ASYNC_UNSAFE

"$bin/danchu" check --deploy --fail-level WARNING
"$bin/danchu" migrate --noinput >"$dir/logs/migrate.log"
"$bin/danchu" collectstatic --noinput >"$dir/logs/collectstatic.log"
DJANGO_SUPERUSER_PASSWORD=${ADMIN_PASSWORD:-Mật khẩu quản trị 2026} \
  "$bin/danchu" createsuperuser --noinput --username admin --email admin@localhost \
  >/dev/null 2>&1 || true
# The administrator's role (docs/operations.md: "then give roles"), through the audited service.
"$bin/danchu" shell -c "
from danchu.accounts.models import Role, User
from danchu.accounts.services import grant_role
admin = User.objects.get(username='admin')
if not admin.roles.filter(role=Role.SYSTEM_ADMIN).exists():
    grant_role(actor=None, user=admin, role=Role.SYSTEM_ADMIN)
"

# 3. gunicorn on the loopback only.
"$bin/gunicorn" danchu.wsgi:application -c deploy/gunicorn.conf.py \
  --bind "127.0.0.1:$app_port" --workers 2 --timeout 60 --daemon \
  --pid "$dir/gunicorn.pid" --error-logfile "$dir/logs/gunicorn.log"

# 4. nginx terminates TLS and passes the request on. It *sets* X-Forwarded-Proto and
#    X-Forwarded-For (never passes the client's own), keeps the Host with its port (CSRF origin
#    check) and logs no client address and nothing of the anonymous paths (issue 10).
cat >"$dir/nginx.conf" <<EOF
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/logs/nginx-error.log;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  client_body_temp_path $dir/nginx-body;
  proxy_temp_path $dir/nginx-proxy;
  fastcgi_temp_path $dir/nginx-fastcgi;
  uwsgi_temp_path $dir/nginx-uwsgi;
  scgi_temp_path $dir/nginx-scgi;
  log_format noaddress '\$time_iso8601 "\$request" \$status \$body_bytes_sent';
  access_log $dir/logs/nginx-access.log noaddress;
  client_max_body_size 20m;
  server {
    listen 127.0.0.1:$https_port ssl;
    server_name localhost;
    ssl_certificate $dir/cert.pem;
    ssl_certificate_key $dir/key.pem;
    ssl_protocols TLSv1.2 TLSv1.3;
    proxy_set_header Host \$http_host;
    proxy_set_header X-Forwarded-Proto https;
    proxy_set_header X-Forwarded-For \$remote_addr;
    location ~ ^/(votes/e|api/votes/e|surveys/online)/ {
      access_log off;
      proxy_pass http://127.0.0.1:$app_port;
    }
    location / { proxy_pass http://127.0.0.1:$app_port; }
  }
}
EOF
"$nginx_bin" -p "$dir" -c "$dir/nginx.conf"

# 5. Up when gunicorn runs and the health check answers through TLS.
for _ in $(seq 1 60); do
  if [ -s "$dir/gunicorn.pid" ] && kill -0 "$(cat "$dir/gunicorn.pid")" 2>/dev/null \
    && curl -fsk "https://localhost:$https_port/healthz" >/dev/null 2>&1; then
    echo "https://localhost:$https_port/" >"$dir/url"
    echo "danchu at https://localhost:$https_port/"
    exit 0
  fi
  sleep 0.5
done
echo "danchu did not answer; see $dir/logs/" >&2
exit 1
