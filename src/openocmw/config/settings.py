"""Django settings for OpenOCMW.

Everything that differs between machines comes from the environment:

- ``DATABASE_URL``: ``sqlite:///path/to/db.sqlite3`` (default: ``var/openocmw.sqlite3``) or
  ``postgresql://user:password@host:port/name``.
- ``OPENOCMW_SECRET_KEY``: required when ``OPENOCMW_DEBUG`` is off.
- ``OPENOCMW_DEBUG``: ``1`` for development (the default for ``make run``).
- ``OPENOCMW_ALLOWED_HOSTS``: comma-separated host names.
- ``OPENOCMW_VAR``: directory for the SQLite database, uploads and generated files.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PACKAGE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("OPENOCMW_VAR", BASE_DIR / "var"))

DEBUG = os.environ.get("OPENOCMW_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("OPENOCMW_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and os.environ.get("OPENOCMW_ALLOW_INSECURE_KEY") != "1":
        raise ImproperlyConfigured(
            "OPENOCMW_SECRET_KEY is not set (set OPENOCMW_DEBUG=1 for a development server)."
        )
    SECRET_KEY = "insecure-development-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("OPENOCMW_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "openocmw.accounts",
    "openocmw.jobs",
    "django_q",
    "openocmw.registry",
    "openocmw.gpmi",
    "openocmw.casework",
    "openocmw.rights",
    "openocmw.circle",
    "openocmw.journal",
    "openocmw.exchange",
    "openocmw.finance",
    "openocmw.stats",
    "openocmw.public",
    "openocmw.web",
    "openocmw.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "openocmw.accounts.middleware.TenancyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "openocmw.config.urls"
WSGI_APPLICATION = "openocmw.config.wsgi.application"

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
                "openocmw.accounts.context_processors.tenancy",
            ],
        },
    }
]
# Django's form renderer with its common widget templates in Python (same HTML, a fraction of
# the CPU: web/forms_renderer.py).
FORM_RENDERER = "openocmw.web.forms_renderer.FormRenderer"


def database_from_url(url: str) -> dict:
    """Turn a ``DATABASE_URL`` into a Django ``DATABASES`` entry."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        name = unquote(parsed.path[1:] if parsed.path.startswith("//") else parsed.path)
        if parsed.netloc:
            name = parsed.netloc + name
        if name.startswith("/") is False and name != ":memory:":
            name = str(BASE_DIR / name)
        if name != ":memory:":  # the directory of a new database, e.g. var/ on first use
            Path(name).parent.mkdir(parents=True, exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": name,
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    if parsed.scheme in ("postgres", "postgresql"):
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parsed.path.lstrip("/")),
            "USER": unquote(parsed.username or ""),
            "PASSWORD": unquote(parsed.password or ""),
            "HOST": parsed.hostname or "",
            "PORT": str(parsed.port or ""),
            "CONN_MAX_AGE": 60,
        }
    raise ImproperlyConfigured(f"DATABASE_URL has an unsupported scheme: {parsed.scheme!r}")


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openocmw.sqlite3'}")
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [  # issue 9 §2: at least 12 characters (the demo's has 13)
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The interface speaks Dutch, French and German (the ÖSHZ of the German-speaking Community);
# never English. A browser asking for de-BE (or de-DE, de) gets German (docs/translations.md).
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français"), ("de", "Deutsch")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
FORMAT_MODULE_PATH = ["openocmw.config.formats"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Europe/Brussels"
# Amounts are grouped explicitly (floatformat:"2g"); ids in links and forms must never be.
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = VAR_DIR / "media"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
if os.environ.get("OPENOCMW_FAST_HASHER") == "1":  # tests and demo loading only
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {"openocmw": {"level": "INFO"}},
}

# --- Disclosure control (issue 9 §8): aggregates that leave an OCMW --------------------------
# Counts under this threshold are suppressed, with the counts that would give them away, in
# every aggregate seen from outside the OCMW (the federal inspector's pages, exports and API).
OPENOCMW_DISCLOSURE_THRESHOLD = int(os.environ.get("OPENOCMW_DISCLOSURE_THRESHOLD", "5"))
if OPENOCMW_DISCLOSURE_THRESHOLD < 1:
    raise ValueError("OPENOCMW_DISCLOSURE_THRESHOLD is a whole number of at least 1")
# --- Audit log: the key and the checkpoints outside the database (issue 9 §1) ---
# The key that chains the entries (HMAC-SHA256): the key itself, or a file holding it.
# Without either, development generates var/audit.key; production refuses to start.
OPENOCMW_AUDIT_KEY = os.environ.get("OPENOCMW_AUDIT_KEY", "")
OPENOCMW_AUDIT_KEY_FILE = os.environ.get("OPENOCMW_AUDIT_KEY_FILE", "")
# Signed checkpoints of the chain heads: one file each, never rewritten; mirrors are more
# folders (separated by the path separator, ":") that receive the same files.
OPENOCMW_AUDIT_CHECKPOINT_DIR = Path(
    os.environ.get("OPENOCMW_AUDIT_CHECKPOINT_DIR", VAR_DIR / "audit-checkpoints")
)
OPENOCMW_AUDIT_CHECKPOINT_MIRRORS = [
    p for p in os.environ.get("OPENOCMW_AUDIT_CHECKPOINT_MIRRORS", "").split(os.pathsep) if p
]

# --- Login and sessions: lockout, idle timeout, forced password change (issue 9 §2) ---
INSTALLED_APPS.append("axes")
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out user or address
    "django.contrib.auth.backends.ModelBackend",
]
MIDDLEWARE += [
    "openocmw.accounts.sessions.SessionGuardMiddleware",  # idle timeout, forced change
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]
# A user name, or an address, is locked out after this many failed logins in a row, for
# AXES_COOLOFF_TIME; `openocmw manage axes_reset_username NAME` unlocks it earlier.
AXES_FAILURE_LIMIT = int(os.environ.get("OPENOCMW_LOGIN_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The address locked out is the one the audit records: behind a trusted reverse proxy, the
# client from X-Forwarded-For, never the proxy itself (accounts.addresses).
AXES_CLIENT_IP_CALLABLE = "openocmw.accounts.addresses.client_ip"
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("OPENOCMW_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openocmw.accounts.views.locked_out"  # our page, in nl/fr (429)
AXES_DISABLE_ACCESS_LOG = True  # logins are in the audit log
AXES_VERBOSE = False
# Logged out after this many minutes without a request (the cookie also ends after 8 hours).
OPENOCMW_SESSION_IDLE_MINUTES = int(os.environ.get("OPENOCMW_SESSION_IDLE_MINUTES", "30"))
# API tokens expire after this many days unless `createtoken --days N` says otherwise.
OPENOCMW_TOKEN_DAYS = int(os.environ.get("OPENOCMW_TOKEN_DAYS", "90"))
# --- API (issue 9 §3-4): Django REST framework, drf-spectacular, and one guard for all input ---
INSTALLED_APPS += ["rest_framework", "drf_spectacular"]
# NUL bytes and lone surrogates in GET/POST are refused with a 400 naming the parameter, and
# InputError raised by a view (a bad id in the query string) is answered the same way.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.locale.LocaleMiddleware") + 1,
    "openocmw.guard.InputGuardMiddleware",
)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "openocmw.api.auth.BearerTokenAuthentication",
        "openocmw.api.auth.SessionActorAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["openocmw.api.auth.HasActor"],
    "DEFAULT_PARSER_CLASSES": ["openocmw.api.parsers.StrictJSONParser"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "openocmw.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": None,
    "UNICODE_JSON": True,
    "STRICT_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OpenOCMW API",
    "DESCRIPTION": (
        "Registry of persons and households of one OCMW, GPMI, and the leefloon calculation. "
        "Authenticate with a session or with `Authorization: Bearer <token>` "
        "(`openocmw createtoken USER`). Every call is scoped to the token's OCMW and audited. "
        'Every error is `{"errors": [{"field", "code", "message"}]}`, the message in the '
        "language of Accept-Language (nl, fr, de; de-BE is German) or else of the user."
    ),
    "VERSION": __import__("openocmw").__version__,
    "OAS_VERSION": "3.1.0",
    "SERVERS": [{"url": "/api/v1"}],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SCHEMA_PATH_PREFIX_TRIM": True,
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_GENERATE_CHOICE_DESCRIPTION": False,
    # Two choice sets are both called "kind" (a GPMI contract's, a journal note's): named here so
    # that neither gets a generated hash name (drf-spectacular W001, which `check --deploy` fails).
    "ENUM_NAME_OVERRIDES": {
        "GpmiKindEnum": "openocmw.gpmi.models.Kind",
        "NoteKindEnum": "openocmw.journal.models.NoteKind",
        "ActionStatusEnum": "openocmw.circle.models.ActionStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "openocmw.api.schema.complete",
    ],
}

# --- Background jobs (openocmw.jobs on django-q2) ---------------------------------------------
# OPENOCMW_QUEUE_URL: empty (default) for the queue in the database itself (SQLite or
# PostgreSQL, no other server; `openocmw run` starts a worker), or redis://host:port/db for
# production, with `openocmw worker` on any number of machines. docs/administration.md.
OPENOCMW_QUEUE_URL = os.environ.get("OPENOCMW_QUEUE_URL", "")
OPENOCMW_JOBS = {
    # Run each job at once in the process that enqueues it (tests; `openocmw demo --inline`).
    "INLINE": os.environ.get("OPENOCMW_JOBS_INLINE") == "1",
    # A running job whose heartbeat is older than this many seconds is presumed dead (its
    # worker was killed) and queued again: the retry delay of a killed job.
    "LEASE": float(os.environ.get("OPENOCMW_JOBS_LEASE", "60")),
    "HEARTBEAT": float(os.environ.get("OPENOCMW_JOBS_HEARTBEAT", "10")),
    # How often each `openocmw worker` looks for such jobs, and re-sends queued jobs that no
    # worker picked up after REQUEUE_AFTER seconds (a broker that lost the message).
    "RECOVER_EVERY": float(os.environ.get("OPENOCMW_JOBS_RECOVER_EVERY", "15")),
    "REQUEUE_AFTER": float(os.environ.get("OPENOCMW_JOBS_REQUEUE_AFTER", "900")),
}
_JOB_TIMEOUT = int(os.environ.get("OPENOCMW_JOBS_TIMEOUT", str(6 * 3600)))
Q_CLUSTER = {
    # The queue's name (the Redis list, the rows of the database queue): one per installation.
    "name": os.environ.get("OPENOCMW_QUEUE_NAME", "openocmw"),
    "workers": int(os.environ.get("OPENOCMW_WORKERS", "2")),
    "timeout": _JOB_TIMEOUT,  # a job running longer is stopped (and retried by recovery)
    # The broker's own redelivery stays out of the way: recovery uses the jobs' leases.
    "retry": _JOB_TIMEOUT + 600,
    "max_attempts": 1,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "poll": 0.5,
    "label": "Jobs",
    **({"redis": OPENOCMW_QUEUE_URL} if OPENOCMW_QUEUE_URL else {"orm": "default"}),
}

# --- Production profile, security headers and proxies (docs/administration.md) ----------------
# OPENOCMW_PROFILE is "production" (the default when OPENOCMW_DEBUG is off) or "development".
# Production: HTTPS only (redirect, HSTS), Secure cookies, a secret key of at least 50 varied
# characters. Behind a reverse proxy that terminates TLS, set OPENOCMW_PROXY_SSL_HEADER=1 (the
# proxy must set X-Forwarded-Proto) and OPENOCMW_TRUSTED_PROXIES to the proxy's address(es).
PROFILE = os.environ.get("OPENOCMW_PROFILE", "development" if DEBUG else "production")
if PROFILE not in ("production", "development"):
    raise ImproperlyConfigured(f"OPENOCMW_PROFILE must be production or development: {PROFILE!r}")
SECRET_KEY_MIN_LENGTH = 50


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").strip().lower() in ("1", "true", "yes")


if PROFILE == "production":
    if DEBUG:
        raise ImproperlyConfigured("OPENOCMW_PROFILE=production needs OPENOCMW_DEBUG=0.")
    if os.environ.get("OPENOCMW_ALLOW_INSECURE_KEY") != "1" and (
        len(SECRET_KEY) < SECRET_KEY_MIN_LENGTH or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            f"OPENOCMW_SECRET_KEY must have at least {SECRET_KEY_MIN_LENGTH} characters, not all "
            "alike (generate one: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    SECURE_SSL_REDIRECT = _flag("OPENOCMW_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("OPENOCMW_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("OPENOCMW_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = _flag("OPENOCMW_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
else:
    # runserver starts a thread per request: persistent connections would pile up until
    # PostgreSQL refuses clients (seen with 20 users in bench_load); gunicorn keeps them.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
if _flag("OPENOCMW_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Addresses or networks (CIDR) of the reverse proxies whose X-Forwarded-For is believed for the
# client address in the audit log; from any other peer, REMOTE_ADDR is the client.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("OPENOCMW_TRUSTED_PROXIES", "").split(",") if p.strip()
]

# Static files: in production the application server serves them itself (WhiteNoise) from
# STATIC_ROOT, filled by `collectstatic` (`openocmw serve` runs it), precompressed; in
# development `runserver` serves them from the apps.
# Before AxesMiddleware, which stays last as django-axes asks.
_AXES = MIDDLEWARE.index("axes.middleware.AxesMiddleware")
MIDDLEWARE[_AXES:_AXES] = [
    "csp.middleware.CSPMiddleware",
    "openocmw.web.middleware.NoStoreMiddleware",
]
if not DEBUG:
    MIDDLEWARE.insert(MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
                      "whitenoise.middleware.WhiteNoiseMiddleware")  # fmt: skip
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    }
    WHITENOISE_MAX_AGE = 600  # names are not hashed: a new release's CSS shows within minutes

# Content-Security-Policy (django-csp): everything from this site only; no inline script or
# style (templates use static files), no plugins, no framing, forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- E-mail (issue 10 §3: the daily reminders) -------------------------------------------------
# Development writes the e-mails as files under var/mail/ unless OPENOCMW_EMAIL_HOST is set; a
# server sends them through its SMTP relay (OPENOCMW_EMAIL_HOST, _PORT, _USER, _PASSWORD, _TLS).
if os.environ.get("OPENOCMW_EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["OPENOCMW_EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("OPENOCMW_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("OPENOCMW_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("OPENOCMW_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = _flag("OPENOCMW_EMAIL_TLS", False)
    # A mail server that hangs holds a job worker this long at most (the job is then retried).
    EMAIL_TIMEOUT = int(os.environ.get("OPENOCMW_EMAIL_TIMEOUT", "30"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get("OPENOCMW_EMAIL_FROM", "openocmw@localhost")
# The address of the application in e-mails (the reminders link to /tasks/).
OPENOCMW_BASE_URL = os.environ.get("OPENOCMW_BASE_URL", "http://127.0.0.1:8000")
# Federal data flows, cross-checks and the social report between OCMWs (issue 13,
# docs/exchange.md): which adapter answers the consultations, and the file drop's folders.
OPENOCMW_EXCHANGE = {
    "ADAPTER": os.environ.get("OPENOCMW_EXCHANGE_ADAPTER", "file"),
    "NETWORK_URL": os.environ.get("OPENOCMW_EXCHANGE_NETWORK_URL", ""),
    "FLOWS_DIR": Path(
        os.environ.get("OPENOCMW_EXCHANGE_FLOWS_DIR", VAR_DIR / "exchange" / "flows")
    ),
    "DROP_DIR": Path(os.environ.get("OPENOCMW_EXCHANGE_DROP_DIR", VAR_DIR / "exchange" / "drop")),
    "QUARANTINE_DIR": Path(
        os.environ.get("OPENOCMW_EXCHANGE_QUARANTINE_DIR", VAR_DIR / "exchange" / "quarantine")
    ),
    "DONE_DIR": Path(os.environ.get("OPENOCMW_EXCHANGE_DONE_DIR", VAR_DIR / "exchange" / "done")),
}
