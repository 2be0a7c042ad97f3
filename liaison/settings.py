"""Liaison settings, read from the environment.

Safe for development by default (SQLite, DEBUG on, a throwaway key); production sets
DEBUG=false, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL. Every variable is listed in
.env.example.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, default)
    if value.lower() in ("true", "1", "yes", "on"):
        return True
    if value.lower() in ("false", "0", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name, default):
    value = os.environ.get(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envproxies(name, default):
    """A number of trusted proxies; true and false (the old meaning) count as 1 and 0."""
    value = os.environ.get(name, default).strip().lower()
    if value in ("true", "yes", "on", "false", "no", "off", ""):
        return int(envbool(name, default))
    if not value.isdigit():
        raise ImproperlyConfigured(f"{name} must be the number of trusted proxies (0, 1, 2…), not {value!r}")
    return int(value)


def envlist(name, default):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "true")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "development-only-key-never-used-in-production-" + "x" * 20

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "auditlog",
    "axes",
    "csp",
    "django_countries",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "directory",
    "partners",
    "activities",
    "communication",
    "cooperation",
    "protocol",
    "search",
    "dashboards",
    "public",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.audit.AuditMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.AtomicWritesMiddleware",
]

ROOT_URLCONF = "liaison.urls"
WSGI_APPLICATION = "liaison.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.organisation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'liaison.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", "0"),
    )
}
# Requests that may write run in one transaction each (core.middleware.AtomicWritesMiddleware);
# reads run in autocommit and take no lock. A connection kept between requests is checked
# before use, so that a database restart costs one 503, not a 500 per stale connection.
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker read while the other writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def envcache(name, default):
    """CACHE_URL: file:///a/directory (one server), redis://host:6379/0 (several), locmem: (tests)."""
    url = os.environ.get(name, "") or default
    if url.startswith("file://"):
        # Entries are pages and drawings: room for every page of a large site in four languages,
        # counted on one write in a hundred (core.filecache).
        return {
            "BACKEND": "core.filecache.FileCache",
            "LOCATION": url.removeprefix("file://"),
            "OPTIONS": {"MAX_ENTRIES": 50000, "CHECK_EVERY": 100},
        }
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url == "locmem:":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    raise ImproperlyConfigured(f"{name} must be file:///directory, redis://host:port/db or locmem:, not {url!r}")


# Public pages are cached until any governed record changes (core.cache). The default, a
# directory, is shared by every worker and command on this server; several servers share Redis.
CACHES = {"default": envcache("CACHE_URL", f"file://{BASE_DIR / 'cache'}")}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"
# A back-office session ends after SESSION_IDLE_SECONDS without a request, and in any case
# SESSION_COOKIE_AGE after login (core.middleware.SessionIdleTimeoutMiddleware).
SESSION_IDLE_SECONDS = envint("SESSION_IDLE_SECONDS", "1800")
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", "43200")
# Login throttling (core.throttle, with django-axes): failed logins allowed per account from
# one address, and from one address whatever the accounts, before a pause of LOGIN_PAUSE_SECONDS.
LOGIN_FAILURES_ALLOWED = envint("LOGIN_FAILURES_ALLOWED", "5")
LOGIN_FAILURES_ALLOWED_PER_ADDRESS = envint("LOGIN_FAILURES_ALLOWED_PER_ADDRESS", "30")
LOGIN_PAUSE_SECONDS = envint("LOGIN_PAUSE_SECONDS", "900")
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_HANDLER = "core.throttle.ThrottleHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_FAILURE_LIMIT = LOGIN_FAILURES_ALLOWED
AXES_COOLOFF_TIME = timedelta(seconds=LOGIN_PAUSE_SECONDS)
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "core.throttle.username_for_axes"
AXES_CLIENT_IP_CALLABLE = "core.net.client_ip"
AXES_LOCKOUT_CALLABLE = "core.throttle.lockout_response"
AXES_ENABLE_ADMIN = False  # manage.py axes_reset_username / axes_reset_ip lift a pause early
AXES_DISABLE_ACCESS_LOG = True

# Kosovo is on the OECD DAC list under the code XK, which ISO 3166 has not assigned.
COUNTRIES_OVERRIDE = {"XK": _("Kosovo")}

LANGUAGE_CODE = "fr"
LANGUAGES = [
    ("fr", _("French")),
    ("nl", _("Dutch")),
    ("en", _("English")),
    ("de", _("German")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
# Locale formats, Django's own completed where they miss something (core.formats).
FORMAT_MODULE_PATH = ["liaison.formats"]
USE_TZ = True

# Content is entered in any of the four languages; a missing translation falls back
# to the others in this order, and templates mark the fallback visibly.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en", "fr", "nl", "de")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
# Uploaded files are served by partners.views.document, which checks who may read them.
MEDIA_URL = "/documents/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Agreement documents: at most this many bytes, of these kinds.
UPLOAD_MAX_BYTES = envint("UPLOAD_MAX_BYTES", str(20 * 1024 * 1024))
# The largest request read at all: beyond it, a 413 before the body is read (core.middleware).
# Room for a document of UPLOAD_MAX_BYTES and the longest text fields; the proxy in front
# should refuse the same (nginx: client_max_body_size 64m).
REQUEST_MAX_BYTES = envint("REQUEST_MAX_BYTES", str(64 * 1024 * 1024))
# A form's fields, files apart. Above the longest text a field takes (partners.NOTES_MAX_LENGTH),
# so that an overlong text is refused at its field and sent back to the user, not lost in a 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024 * 1024

EMAIL_URL = os.environ.get("EMAIL_URL", "console:" if DEBUG else "")
if EMAIL_URL.startswith("smtp"):
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    EMAIL_BACKEND = "core.smtp.EmailBackend"  # Django's, with the envelope pipelined
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme == "smtp+tls"
    EMAIL_USE_SSL = _mail.scheme == "smtps"
elif EMAIL_URL == "console:":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
elif EMAIL_URL:
    raise ImproperlyConfigured(f"EMAIL_URL must be smtp://, smtp+tls://, smtps:// or console:, not {EMAIL_URL!r}")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "liaison@localhost")

# The newsletter (communication): the site's address for the links in mail, how long a
# confirmation link lasts, how many messages a worker sends per second (0: no limit), how long
# a worker holds the deliveries it claimed, and subscription attempts allowed per client per hour.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# A partner with no activity, agreement or follow-up for this many months is dormant (dashboards).
DORMANT_AFTER_MONTHS = envint("DORMANT_AFTER_MONTHS", "12")
NEWSLETTER_CONFIRM_DAYS = envint("NEWSLETTER_CONFIRM_DAYS", "7")
NEWSLETTER_RATE = envint("NEWSLETTER_RATE", "0")
NEWSLETTER_LEASE_SECONDS = envint("NEWSLETTER_LEASE_SECONDS", "60")
NEWSLETTER_SUBSCRIBE_PER_HOUR = envint("NEWSLETTER_SUBSCRIBE_PER_HOUR", "10")
# The worker's routines (core.routines): how often each worker writes its heartbeat (one missing
# for two heartbeats is reported), the mailbox folder of bounces (.eml files; none: the routine
# is off), the folder of the nightly backup (none: off) and how many archives it keeps there,
# and the token /health/?deep=1 asks for (none: the deep health is off).
WORKER_HEARTBEAT_SECONDS = envint("WORKER_HEARTBEAT_SECONDS", "30")
# The worker's scheduling priority below the web server's (os.nice): on a machine that also
# serves the site, an edition sending at full speed leaves the CPU to page views first.
WORKER_NICENESS = envint("WORKER_NICENESS", "10")
NEWSLETTER_BOUNCE_FOLDER = os.environ.get("NEWSLETTER_BOUNCE_FOLDER", "")
BACKUP_FOLDER = os.environ.get("BACKUP_FOLDER", "")
BACKUP_KEEP = envint("BACKUP_KEEP", "14")
MONITORING_TOKEN = os.environ.get("MONITORING_TOKEN", "")
# Applicant registrations allowed per client address and per e-mail address per hour.
APPLICANT_REGISTRATIONS_PER_HOUR = envint("APPLICANT_REGISTRATIONS_PER_HOUR", "10")
APPLICANT_REGISTRATIONS_PER_EMAIL_PER_HOUR = envint("APPLICANT_REGISTRATIONS_PER_EMAIL_PER_HOUR", "3")

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000")
# Both commit every subdomain (and, for preload, the browsers' built-in list) to HTTPS for
# a long time, which only the owner of the whole domain can promise: off unless asked for.
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("HSTS_PRELOAD", "false")
# Reverse proxies in front of the application that the client's address is read through (core.net).
BEHIND_PROXY = envproxies("BEHIND_PROXY", "0")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# The deploy check warns when subdomains or preload are left out of HSTS: deliberate (above).
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]

# The application is offline by design: everything comes from its own origin, and no
# script runs unless it is a file of its own (no inline code, no eval).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AUDITLOG_INCLUDE_ALL_MODELS = False

# The REST API (api/): public data for anyone, writes for staff with a personal token; requests
# allowed per minute per token and per client address, counted in the cache above.
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "100/min")
API_RATE_PER_ADDRESS = os.environ.get("API_RATE_PER_ADDRESS", "100/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.RightsPermission"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle", "api.throttling.AddressRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"token": API_RATE_PER_TOKEN, "address": API_RATE_PER_ADDRESS},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.problem_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Liaison API",
    "DESCRIPTION": "The public data of Liaison, and writes for staff with a personal token.",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    # Answers and requests described apart: an answer may give null where a write may not.
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.inferred_facts_may_be_null",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
