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
    "openocmw.registry",
    "openocmw.gpmi",
    "openocmw.casework",
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

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# The interface speaks Dutch and French (German next); never English.
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("fr", "Français")]
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
MIDDLEWARE += ["csp.middleware.CSPMiddleware", "openocmw.web.middleware.NoStoreMiddleware"]
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
