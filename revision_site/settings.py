"""Settings for the revision site, read from environment variables.

Development defaults are safe to run on a laptop; production (DJANGO_DEBUG=0) refuses to start
without a secret key. Every variable is listed, with its default, in docs/self-hosting.md.
"""

import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from None


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Production (DJANGO_DEBUG=0) needs a long random secret: "
            "generate one with `python -c 'import secrets; print(secrets.token_urlsafe(50))'` and "
            "set it in the environment or in .env, or set DJANGO_DEBUG=1 for local development."
        )
    SECRET_KEY = "development-only-insecure-key"  # noqa: S105 - only ever used with DEBUG on

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

# HTTPS. On by default in production: redirect to https, secure cookies, HSTS. A centre that
# terminates TLS at its proxy keeps the default DJANGO_SECURE_PROXY_SSL_HEADER (the proxy must set
# X-Forwarded-Proto); DJANGO_SECURE=0 turns all of it off for plain-http set-ups and tests.
SECURE = env_bool("DJANGO_SECURE", not DEBUG)
_proxy_header = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "HTTP_X_FORWARDED_PROTO,https")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = tuple(part.strip() for part in _proxy_header.split(",", 1))
SECURE_SSL_REDIRECT = SECURE
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 63072000) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = True

# An empty value (as .env.example leaves them) means the default, as for every variable here.
DATA_DIR = Path(os.environ.get("DJANGO_DATA_DIR") or BASE_DIR / "data")
CONTENT_DIR = Path(os.environ.get("DJANGO_CONTENT_DIR") or BASE_DIR / "content")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "adminsortable2",
    "simple_history",
    "axes",
    "topics",
    "assessment",
    "practice",
]

MIDDLEWARE = [
    "revision_site.health.HealthCheckMiddleware",
    "revision_site.health.DatabaseUnavailableMiddleware",
    "revision_site.htmx_errors.HtmxErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "topics.caching.ContentPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "revision_site.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "assessment.context_processors.data_retention",
                "topics.theme.theme",
            ],
        },
    },
]

WSGI_APPLICATION = "revision_site.wsgi.application"

# SQLite by default: a file in the data directory, in WAL mode so readers never block the writer,
# with IMMEDIATE transactions (a writer takes the lock at BEGIN, so two workers never deadlock on
# an upgrade from read to write) and a busy timeout, so gunicorn workers wait rather than fail with
# "database is locked". DATABASE_URL (postgres://...) switches to PostgreSQL.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}
_database_url = os.environ.get("DATABASE_URL", "")
if _database_url:
    DATABASES = {
        "default": dj_database_url.parse(_database_url, conn_max_age=60, conn_health_checks=True)
    }
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)  # a fresh clone has no data directory yet
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
    DATABASES["default"]["TEST"] = {"NAME": os.environ.get("DJANGO_TEST_DATABASE_NAME") or None}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Learners are anonymous: their progress lives in the session (database-backed, so every app
# process and container sees the same session).
SESSION_COOKIE_AGE = 60 * 60 * 24 * 180
# Staff sessions end when the browser closes and after 8 hours, whichever comes first
# (revision_site/sessions.py; topics.signals marks them at sign-in).
SESSION_ENGINE = "revision_site.sessions"
SESSION_END_AT_BROWSER_CLOSE_KEY = "_end_at_browser_close"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Learners' answers older than this many days are deleted by `manage.py expire_records` (run by
# the entrypoint and on a schedule; docs/self-hosting.md). 0 keeps them. Answers a learner
# challenged stay: they are in a tutor's queue or were decided by one.
ATTEMPT_RETENTION_DAYS = env_int("DJANGO_ATTEMPT_RETENTION_DAYS", 365)

# Content Security Policy (django-csp 4): no inline script or style, nothing from other hosts.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}

# Admin login: django-axes locks out an address and username after repeated failures.
AXES_FAILURE_LIMIT = env_int("DJANGO_AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "assessment.addresses.client_address"
# And failures for one username from anywhere: past this many in the cool-off hour, each further
# try waits a delay that doubles per failure, up to the maximum (revision_site/signin.py).
LOGIN_BACKOFF_AFTER = env_int("DJANGO_LOGIN_BACKOFF_AFTER", 10)
LOGIN_BACKOFF_MAX_SECONDS = env_int("DJANGO_LOGIN_BACKOFF_MAX_SECONDS", 300)

# Rendered pages, per process (keyed by the content generation, see topics/caching.py).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": 5000},
    }
}
# How long a process trusts its last reading of the content generation (seconds).
CONTENT_VERSION_TTL = float(os.environ.get("DJANGO_CONTENT_VERSION_TTL") or "1.0")

# Answers a learner may post per minute: per session, and per address (a class behind one NAT
# shares an address). Counted in the database (assessment.ratelimit), so shared by every process.
# A quiz round asks this many of a topic's written questions (assessment/drawing.py), with the
# topic's true-or-false checks between them; "New set" draws the next round.
QUIZ_ROUND_QUESTIONS = 5
QUIZ_RATE_PER_SESSION = env_int("DJANGO_QUIZ_RATE_PER_SESSION", 30)
QUIZ_RATE_PER_ADDRESS = env_int("DJANGO_QUIZ_RATE_PER_ADDRESS", 600)
# Answers posted without a session (a first answer, or a script sending no cookie) per minute per
# address: each would make a new session. A class starting together from one network stays under.
QUIZ_NEW_SESSIONS_PER_ADDRESS = env_int("DJANGO_QUIZ_NEW_SESSIONS_PER_ADDRESS", 60)
# Challenges ("I think I earned this") per minute, per session and per address, and how many may
# wait for a tutor on one question: each is a tutor's reading time, and the queue is on their page.
CHALLENGE_RATE_PER_SESSION = env_int("DJANGO_CHALLENGE_RATE_PER_SESSION", 10)
CHALLENGE_RATE_PER_ADDRESS = env_int("DJANGO_CHALLENGE_RATE_PER_ADDRESS", 100)
CHALLENGES_PENDING_PER_QUESTION = env_int("DJANGO_CHALLENGES_PENDING_PER_QUESTION", 200)
# Progress codes tried per minute per address (practice.views.progress_code_use). A code has 160
# random bits, so this is not what keeps codes safe; it keeps scripts from hammering the page.
PROGRESS_CODE_RATE_PER_ADDRESS = env_int("DJANGO_PROGRESS_CODE_RATE_PER_ADDRESS", 10)
# How many proxies of your own stand in front of the site (assessment/addresses.py): 0 means
# learners connect directly and X-Forwarded-For is ignored.
TRUSTED_PROXY_COUNT = env_int("DJANGO_TRUSTED_PROXY_COUNT", 0)
# ... and the networks they connect from (CIDRs, comma-separated): X-Forwarded-For is read only
# from a connection coming from one of these, so a client that goes round the proxy cannot forge
# its address. Loopback by default (nginx on the same host).
try:
    TRUSTED_PROXIES = [
        ipaddress.ip_network(network, strict=False)
        for network in env_list("DJANGO_TRUSTED_PROXIES", "127.0.0.0/8,::1/128")
    ]
except ValueError as error:
    raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {error}") from None

# One line per event on standard output, as key=value pairs an operator can grep and read.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"logfmt": {"()": "revision_site.logging.LogfmtFormatter"}},
    "filters": {"refused_host": {"()": "revision_site.logging.RefusedHostFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "logfmt"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL") or "INFO"},
    "loggers": {
        # Django's own handlers (console with DEBUG on, mail_admins without ADMINS) would print
        # each of its lines a second time beside the root's logfmt line.
        "django": {"handlers": [], "level": "INFO"},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        "django.security.DisallowedHost": {"filters": ["refused_host"]},
    },
}
