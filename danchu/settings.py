"""One settings module, driven by environment variables.

With nothing set, danchu runs on an embedded SQLite file under ``var/`` with DEBUG on, which is
what the README's first command and the offline counting laptop use. Production sets
``DATABASE_URL`` (PostgreSQL), ``SECRET_KEY``, ``DEBUG=0`` and ``ALLOWED_HOSTS``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
# The data directory: ``var/`` of a source checkout; for an installed package (no pyproject.toml
# beside it, e.g. in site-packages) the user's data folder, never inside site-packages.
_DEFAULT_VAR = (
    PROJECT_DIR / "var"
    if (PROJECT_DIR / "pyproject.toml").exists()
    else Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "danchu"
)
VAR_DIR = Path(os.environ.get("DANCHU_VAR_DIR", _DEFAULT_VAR))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "danchu-insecure-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver" if DEBUG else "")
# The machine itself may always ask (health checks of the proxy, `curl 127.0.0.1:8000/healthz`).
ALLOWED_HOSTS += [h for h in ("localhost", "127.0.0.1", "[::1]") if h not in ALLOWED_HOSTS]
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# Law 29/2018/QH14 Art. 5.5 (CV10): secret (MẬT) minutes of a confidence vote are drafted only on
# a computer never connected to the Internet. An installation produces them only when it is
# configured as the offline hall laptop (docs/offline-hall.md); a DEBUG development machine may.
DANCHU_OFFLINE_HALL = env_bool("DANCHU_OFFLINE_HALL", DEBUG)
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # shared core
    "danchu.units",
    "danchu.people",
    "danchu.accounts",
    "danchu.legalcal",
    "danchu.documents",
    "danchu.audit",
    "danchu.dataio",
    "danchu.web",
    "danchu.api",
    "danchu.jobs",
    "danchu.ops",
    # one app per process
    "danchu.votes",
    "danchu.surveys",
    "danchu.consultations",
    "danchu.classification",
    "danchu.residents",
    "danchu.disclosures",
    "danchu.satisfaction",
    "danchu.villages",
    "danchu.oversight",
    "danchu.dialogues",
    "danchu.complaints",
    # Last: Django's own form widget templates, which danchu.web overrides (date inputs).
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danchu.web.middleware.VietnameseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "danchu.web.middleware.InputHygieneMiddleware",
    "danchu.web.middleware.SecurityHeadersMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danchu.accounts.middleware.ActiveUnitMiddleware",
    "danchu.accounts.middleware.PasswordChangeRequiredMiddleware",
    "danchu.accounts.twofactor.TwoFactorRequiredMiddleware",
    "axes.middleware.AxesMiddleware",
    "danchu.accounts.throttle.LoginThrottleMiddleware",
]

# Background jobs (issue 16, danchu.jobs): Django's Tasks framework through django-tasks, with
# its database backend on SQLite and PostgreSQL alike. No extra service: a commune laptop runs
# `danchu jobs run-worker` beside the server, and a job's task row is written in the same
# transaction as the job itself (nothing queued for a job that was rolled back, no job without
# its task). A larger installation may point the "default" alias at another django-tasks backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DANCHU_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

ROOT_URLCONF = "danchu.urls"
# Form widgets render through the template engine, so danchu/web/templates/django/forms/ applies.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"
WSGI_APPLICATION = "danchu.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "danchu.web.context_processors.shell",
            ],
        },
    },
]

_default_sqlite = f"sqlite:///{VAR_DIR / 'danchu.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", _default_sqlite),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            # secure_delete: rows removed when e-ballots are shuffled leave no trace in the file.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA secure_delete=ON;"
            ),
        }
    )
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "danchu.accounts.backends.UsernameOrEmailBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Lock-out after repeated failures (django-axes): 5 failures lock the account *from that
# address* for 15 minutes, so a stranger elsewhere cannot lock anyone out (issue 19); and
# danchu.accounts.throttle pauses logins from an address after DANCHU_LOGIN_FAILURES_PER_ADDRESS
# failures on any accounts (password spraying), /admin/login/ included.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = float(os.environ.get("AXES_COOLOFF_HOURS", "0.25"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
DANCHU_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("DANCHU_LOGIN_FAILURES_PER_ADDRESS", "20"))
# TOTP two-factor authentication for Home Affairs and administrators (danchu.accounts.twofactor):
# on in production, off by default in development and tests (DANCHU_REQUIRE_2FA=1 turns it on).
DANCHU_REQUIRE_2FA = env_bool("DANCHU_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "danchu"
# API tokens expire after this many days (danchu.api.authentication).
DANCHU_API_TOKEN_DAYS = int(os.environ.get("DANCHU_API_TOKEN_DAYS", "30"))
# Mail (password reset links): Django's settings from the environment; without EMAIL_HOST the
# messages are written to the console log (offline laptop: an administrator resets instead).
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "danchu <no-reply@localhost>")
PASSWORD_RESET_TIMEOUT = 3 * 24 * 3600
# Failures count per account, however it was typed (username in any case, or email).
AXES_USERNAME_CALLABLE = "danchu.accounts.backends.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS: list[str] = []  # each app keeps its own locale/ catalogue
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["danchu.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/files/"  # served by danchu.web.files.serve, behind access checks
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
# Largest uploaded file accepted by the apps' forms (evidence, DOCX drafts), in megabytes.
DANCHU_MAX_UPLOAD_MB = int(os.environ.get("DANCHU_MAX_UPLOAD_MB", "10"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "danchu.api.authentication.ExpiringTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "danchu.api.schema.DanchuAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    # Vietnamese messages, 401 when not logged in (danchu/api/errors.py).
    "EXCEPTION_HANDLER": "danchu.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "danchu API",
    "DESCRIPTION": "JSON API of danchu. Every endpoint applies the same unit-scoped access rules "
    "as the pages. Authenticate with a session or with 'Authorization: Token <key>'.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Issue 19: /api/schema/ and /api/docs/ need a login in production; API_SCHEMA_PUBLIC=1 opens
    # them (the default while DEBUG is on).
    "SERVE_PERMISSIONS": [
        "rest_framework.permissions.AllowAny"
        if env_bool("API_SCHEMA_PUBLIC", DEBUG)
        else "rest_framework.permissions.IsAuthenticated"
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS (docs/operations.md). On by default in production (DEBUG=0): secure cookies, HTTPS
# redirect, HSTS for a year. The offline hall's laptop serves plain HTTP on its own LAN: it sets
# DANCHU_HTTPS=0 (or the older SECURE_COOKIES=0), which turns all of these off.
HTTPS = env_bool("DANCHU_HTTPS", env_bool("SECURE_COOKIES", not DEBUG))
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # the proxy's health check talks plain HTTP locally
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS else "0"))
# includeSubDomains covers only names under danchu's own host (e.g. *.danchu.tinh.gov.vn).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a TLS reverse proxy: the header the proxy sets (and always overwrites) to say the
# browser used HTTPS, e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto. Never set it without a proxy
# in front that overwrites it: a client could then claim HTTPS.
if _proxy_header := os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip():
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
CSRF_FAILURE_VIEW = "django.views.csrf.csrf_failure"  # renders web/templates/403_csrf.html
# Content-Security-Policy and Permissions-Policy of every answer (SecurityHeadersMiddleware).
# No form-action: Chromium applies it to the redirect after a POST too, and pages that answer a
# form with a redirect (ballot entry) stopped working under it.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; frame-ancestors 'none'"
)
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
)
# Longest value of one form or JSON field (per-field limits are the forms' own max_length).
DANCHU_MAX_FIELD_CHARS = int(os.environ.get("DANCHU_MAX_FIELD_CHARS", "200000"))

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Logs never carry ballot contents or one-time codes: see docs/security.md.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Issue 10: no log line for a request to an anonymous path (an e-ballot, an online survey
    # form), whatever the level: danchu.web.logging.ANONYMOUS_PATH_PREFIXES.
    "filters": {"anonymous_paths": {"()": "danchu.web.logging.DropAnonymousPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["anonymous_paths"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        # The development server logs request paths; e-voting paths carry no code (codes are
        # POSTed), and the filter drops them, but quieter is safer in the hall.
        "django.server": {
            "handlers": ["console"],
            "level": "WARNING",
            "propagate": False,
            "filters": ["anonymous_paths"],
        },
        "django.request": {"filters": ["anonymous_paths"]},
    },
}

# Lock-out is per account and address together, never per address alone: a hall's voters and
# counting board share one laptop or one NAT address, so an IP lock would shut everyone out
# after one person's typos (the per-address throttle's limit is high for the same reason).
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # HSTS preload is the domain owner's decision for the whole registrable domain (gov.vn
    # provinces), not an application's: SECURE_HSTS_PRELOAD=1 sets it where the owner agreed.
    "security.W021",
]
