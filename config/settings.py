"""Caring City settings: one file, read from the environment (see .env.example).

Defaults give a newcomer a working app (DEBUG on, SQLite, e-mail printed to the console).
With DJANGO_DEBUG=False the secret key, allowed hosts and database URL become mandatory.
"""

import importlib.util
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

if DEBUG:
    SECRET_KEY = env("DJANGO_SECRET_KEY", default="dev-only-insecure-key-change-me-0123456789abcdef")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
    DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
else:  # production: no silent defaults for what must be secret or explicit
    SECRET_KEY = env("DJANGO_SECRET_KEY")
    ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    DATABASES = {"default": env.db("DATABASE_URL")}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions make SQLite behave under a few concurrent writers.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    DATABASES["default"].setdefault("TEST", {})["NAME"] = None  # in-memory when testing
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))

# The address people use, for links in e-mails. Mandatory in production.
SITE_URL = (env("CARINGCITY_SITE_URL", default="http://127.0.0.1:8000") if DEBUG else env("CARINGCITY_SITE_URL")).rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "django_htmx",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "caringcity.core",
    "caringcity.people",
    "caringcity.teams",
    "caringcity.visits",
    "caringcity.circles",
    "caringcity.networks",
    "caringcity.evaluation",
    "caringcity.stories",
    "caringcity.lab",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "caringcity.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "caringcity.core.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "caringcity.people.middleware.RequireTwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "caringcity" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "caringcity.core.context_processors.caringcity",
            ],
        },
    },
]

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_HASHERS = env.list(
    "DJANGO_PASSWORD_HASHERS",
    default=[
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ],
)

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "people:home"
LOGOUT_REDIRECT_URL = "people:home"

# --- django-allauth -------------------------------------------------------------------------
ACCOUNT_ADAPTER = "caringcity.core.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "caringcity.core.forms.SignupExtraForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Caring City] "
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins: 5 a minute per browser, 10 in 5 minutes per e-mail address.
    "login_failed": "5/m/ip,10/5m/key",
    "login": "30/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "request_login_code": "20/m/ip,3/m/key",
    "change_password": "5/m/user",
}
ACCOUNT_LOGIN_BY_CODE_MAX_ATTEMPTS = 3
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 600
MFA_ADAPTER = "caringcity.core.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Caring City"
MFA_PASSKEY_LOGIN_ENABLED = False
USERSESSIONS_TRACK_ACTIVITY = True

# --- caches (allauth throttling and used TOTP codes live here) -------------------------------
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://caringcity")}

# --- background work ------------------------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": env(
            "TASKS_BACKEND",
            default="django_tasks.backends.immediate.ImmediateBackend"
            if DEBUG
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- e-mail ---------------------------------------------------------------------------------
EMAIL_CONFIG = env.email("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Caring City <no-reply@caringcity.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
LANGUAGES = [
    ("en-gb", _("English")),
    ("tr", _("Turkish")),
    ("bn", _("Bengali")),
]
LOCALE_PATHS = [BASE_DIR / "caringcity" / "locale"]
LANGUAGE_COOKIE_NAME = "caringcity_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["caringcity.core.formats"]

# --- static and uploaded files --------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "caringcity" / "static"]
# Leaflet comes from the django-leaflet package (installed from PyPI, never copied here). Its app
# is not installed because its admin needs GeoDjango (GDAL), which we do not use: we serve only
# its static files, found without importing the package.
_leaflet_package = importlib.util.find_spec("leaflet")
if _leaflet_package and _leaflet_package.submodule_search_locations:
    STATICFILES_DIRS.append(Path(_leaflet_package.submodule_search_locations[0]) / "static")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads: form data (not files) above this is refused with a 400; each upload field checks its
# file's size and type (caringcity.core.validators). Set the proxy's body limit to match.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
UPLOAD_MAX_BYTES = DATA_UPLOAD_MAX_MEMORY_SIZE
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
FORMS_URLFIELD_ASSUME_HTTPS = True
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# --- security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Joining the browsers' preload list is a one-way decision for the operator's domain.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

# No inline script, nothing from another host. Inline style attributes are not allowed either.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Map tiles (the places page of the networks of care). The browser fetches tiles from this
# server, so it learns roughly where the map is: use a tile server you trust, or set it empty to
# draw places on a plain background (no request leaves the site). {z}/{x}/{y} as Leaflet expects.
MAP_TILES_URL = env("MAP_TILES_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png").strip()
MAP_TILES_ATTRIBUTION = env("MAP_TILES_ATTRIBUTION", default="© OpenStreetMap contributors").strip()


def _tile_origin(url):
    """'https://{s}.tile.example.org/{z}/{x}/{y}.png' -> 'https://*.tile.example.org'."""
    from urllib.parse import urlsplit

    parts = urlsplit(url.replace("{s}", "*").replace("{r}", ""))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else None


if MAP_TILES_URL and _tile_origin(MAP_TILES_URL):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_tile_origin(MAP_TILES_URL))

# Evaluation. Figures are never shown for fewer answers than this (small groups stay anonymous).
EVALUATION_SMALL_GROUP = 5
# Licensed questionnaires (for example ASCOT) are offered only when the operator has a licence:
# EVALUATION_LICENCES="ascot=/srv/caringcity/licences/ascot.json" names, for each, the file holding
# the licensed wording and the licence notice (see docs/evaluation-instruments.md).
EVALUATION_LICENCES = env.dict("EVALUATION_LICENCES", default={})

# Stories (docs/stories.md). Speech to text runs on this machine: faster-whisper when the operator
# has placed a model here (no download at run time), else the engine shipped in its package.
STORIES_WHISPER_MODEL_PATH = env("STORIES_WHISPER_MODEL_PATH", default="")
STORIES_AUDIO_MAX_BYTES = env.int("STORIES_AUDIO_MAX_BYTES", default=200 * 1024 * 1024)
# An optional language-model service for first drafts of summaries (OpenAI-style chat completions
# API, for example a local llama.cpp or Ollama server). Empty: only the built-in extractive draft.
STORIES_SUMMARY_SERVICE_URL = env("STORIES_SUMMARY_SERVICE_URL", default="")
STORIES_SUMMARY_SERVICE_MODEL = env("STORIES_SUMMARY_SERVICE_MODEL", default="")
STORIES_SUMMARY_SERVICE_KEY = env("STORIES_SUMMARY_SERVICE_KEY", default="")
# How long a private review link for a summary works.
STORIES_REVIEW_LINK_DAYS = env.int("STORIES_REVIEW_LINK_DAYS", default=30)

# Lab (docs/lab.md). Who was around the table is never shown for fewer people than this.
LAB_SMALL_GROUP = 5
# The 360Giving identifier prefix of the organisation that publishes the payments export (docs/lab-events.md).
LAB_360GIVING_PREFIX = env("LAB_360GIVING_PREFIX", default="360G-caringcity")

# --- logging: never request bodies, never health details ------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "caringcity.core.logging.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's request logger prints full URLs of failing requests; our URLs carry no health
        # details (only opaque ids), so it may stay, at WARNING.
        "django.request": {"level": "WARNING"},
        "django.db.backends": {"level": "WARNING"},
    },
}

# Error reports (e-mailed to ADMINS) never carry form data, cookies or settings: they could hold care details.
DEFAULT_EXCEPTION_REPORTER_FILTER = "caringcity.core.logging.NoContentReporterFilter"
ADMINS = [tuple(a.split(":", 1)) for a in env.list("DJANGO_ADMINS", default=[]) if ":" in a]

# --- Caring City ------------------------------------------------------------------------------
CARINGCITY = {
    # Largest file that can be attached to a care note, in megabytes.
    "ATTACHMENT_MAX_MB": env.int("ATTACHMENT_MAX_MB", default=5),
    # Longest an emergency access may last, in hours.
    "EMERGENCY_ACCESS_MAX_HOURS": env.int("EMERGENCY_ACCESS_MAX_HOURS", default=24),
    # Days an invitation stays open.
    "INVITATION_DAYS": env.int("INVITATION_DAYS", default=14),
    # Anyone may make a login (True), or only people who opened an invitation link (False).
    "OPEN_SIGNUP": env.bool("CARINGCITY_OPEN_SIGNUP", default=False),
    # Days an e-mail body is kept after sending (login codes and links in it expire anyway).
    "SENT_EMAIL_KEEP_DAYS": env.int("SENT_EMAIL_KEEP_DAYS", default=7),
}
