"""danvan settings, read from the environment.

The defaults are safe for production: without ``DANVAN_ENV`` the app runs as production and
refuses to start without ``SECRET_KEY`` and ``ALLOWED_HOSTS``.  ``DANVAN_ENV=development``
(what ``make start`` sets) gives the embedded mode: SQLite in WAL mode under ``var/``, a
Celery broker that needs no server, e-mail printed to the console, a development key.  The
variables are listed in ``docs/deployment.md``.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent  # src/danvan
PROJECT_DIR = Path(os.environ.get("DANVAN_PROJECT_DIR", BASE_DIR.parent.parent))
VAR_DIR = Path(os.environ.get("DANVAN_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    """A string from the environment, or from the file named by ``<NAME>_FILE``."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        return Path(file_name).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = env(name, "")
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = env(name, "")
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DANVAN_ENV = env("DANVAN_ENV", "production")  # production | development | test
if DANVAN_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured("DANVAN_ENV must be production, development or test")
PRODUCTION = DANVAN_ENV == "production"

DEBUG = env_bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DANVAN_ENV=production")
    SECRET_KEY = "danvan-development-key-not-for-production"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "localhost,127.0.0.1,[::1]")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DANVAN_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "danvan.config.admin.DanvanAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_filters",
    "django_htmx",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "danvan.core",
    "danvan.units",
    "danvan.organizations",
    "danvan.petitions",
    "danvan.api",
    "danvan.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "danvan.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "danvan.core.middleware.RequestContextMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "danvan.config.urls"
WSGI_APPLICATION = "danvan.config.wsgi.application"
ASGI_APPLICATION = "danvan.config.asgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

# Database: SQLite in WAL mode under var/ unless DATABASE_URL says otherwise.
VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'danvan.sqlite3'}")
DATABASES = {
    "default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("CONN_MAX_AGE", 0))
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;PRAGMA busy_timeout=20000;"
        ),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Memory for one sort or bitmap: at PostgreSQL's 4 MB default a province-wide search's
    # bitmaps turn lossy and every row of their pages is rechecked (docs/benchmarks.md).
    # Empty to leave the server's setting (behind a pooler that refuses startup options).
    _work_mem = env("PG_WORK_MEM", "32MB")
    if _work_mem and not re.fullmatch(r"[0-9]+(kB|MB|GB)", _work_mem):
        raise ImproperlyConfigured(f"PG_WORK_MEM must look like 32MB, not {_work_mem!r}")
    if _work_mem:
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c work_mem={_work_mem}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "organizations.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "danvan.organizations.backends.ScopedPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Sessions expire after inactivity and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if PRODUCTION else None
SECURE_CONTENT_TYPE_NOSNIFF = True
# TLS is usually terminated by the reverse proxy; these make the app insist on it too.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
X_FRAME_OPTIONS = "DENY"

# Lockout after repeated failures (django-axes): per username and address.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 30) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_SENSITIVE_PARAMETERS = ["password"]
AXES_CLIENT_IP_CALLABLE = "danvan.core.middleware.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (0: none, the
# header is ignored).  Behind one nginx: 1.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)

LANGUAGE_CODE = "vi"
# Vietnamese first; the citizens' portal also speaks Khmer (for the Khmer communities of the
# Mekong Delta) and English.  The language is the visitor's choice (a cookie set by the
# switcher on every page), never guessed from the browser: a province's site is Vietnamese.
LANGUAGES = [("vi", _("Tiếng Việt")), ("km", _("Tiếng Khmer")), ("en", _("Tiếng Anh"))]
LANGUAGE_COOKIE_NAME = "danvan_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["danvan.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Static files are served by the app itself (WhiteNoise), also in the embedded mode.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))  # outside the web root

# E-mail: printed to the console in development, SMTP in production.
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "danvan <no-reply@localhost>")
# The address officers reach danvan at, for links in e-mails (e.g. https://danvan.tinh.gov.vn).
SITE_URL = env("SITE_URL", "")

# Caches: Redis when REDIS_URL is set, local memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# How long a worker may keep a partner key's account and grants between requests; any change
# to them ends it sooner (organizations/access.py).  Only with a cache every process shares.
ACCESS_CACHE_SECONDS = int(env("ACCESS_CACHE_SECONDS", "60")) if REDIS_URL else 0

# REST API (``danvan.api``): partner systems' keys and officers' sessions; errors in one JSON
# shape.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "danvan.api.authentication.ApiKeyAuthentication",  # partner systems
        "rest_framework.authentication.SessionAuthentication",  # officers in the browser
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "danvan.api.errors.exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "danvan.api.throttles.ApiKeyThrottle",
        "danvan.api.throttles.OfficerThrottle",
        "danvan.api.throttles.AddressThrottle",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
API_RATE_KEY = env("API_RATE_KEY", "600/min")  # per partner key
API_RATE_USER = env("API_RATE_USER", "300/min")  # per officer session
API_RATE_ANON = env("API_RATE_ANON", "1200/min")  # per client address, everyone
OPEN311_RATE_POST = env("OPEN311_RATE_POST", "60/min")  # Open311 filings, per key and address
OPEN311_JURISDICTION = env("OPEN311_JURISDICTION", "")
SPECTACULAR_SETTINGS = {
    "TITLE": "danvan API",
    "DESCRIPTION": "Đơn thư, tổ chức, địa bàn: giao diện lập trình của danvan.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",  # shipped with the app: no CDN on a closed intranet
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "PetitionKindEnum": "danvan.petitions.enums.Kind",
        "LinkKindEnum": "danvan.petitions.enums.LinkKind",
    },
}

# Background work: Celery.  Production: Redis (or RabbitMQ) broker.  Embedded default: the
# filesystem transport under var/, which needs no server; `danvan worker` consumes it.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False  # keep Django's logging, with its secret filter
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# Periodic jobs; later apps add theirs in their AppConfig.ready() through core.tasks.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {}

# Keys that encrypt denouncers' identities (Fernet, comma-separated, newest first); required
# in production.  `danvan generate_identity_key` prints a new one.
DANVAN_IDENTITY_KEYS = env_list("DANVAN_IDENTITY_KEYS")
# Attachments: the largest accepted file, in bytes.
PETITION_ATTACHMENT_MAX_BYTES = env_int("PETITION_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# Working days a citizen has to rate an answer before the case may be closed without it.
PETITION_RATING_WINDOW_WORKING_DAYS = env_int("PETITION_RATING_WINDOW_WORKING_DAYS", 10)

# A form sent with an expired security token: the portal gives the citizen's text back.
CSRF_FAILURE_VIEW = "danvan.portal.views.csrf_failure"
# Citizens' portal (``danvan.portal``): abuse controls, tunable per province.
PORTAL_RATE_SUBMIT = env("PORTAL_RATE_SUBMIT", "10/hour")  # petitions per address, per account
PORTAL_RATE_CODE = env("PORTAL_RATE_CODE", "5/hour")  # one-time codes per address and destination
PORTAL_MAX_FILES = env_int("PORTAL_MAX_FILES", 5)  # attachments per petition
PORTAL_CODE_MINUTES = env_int("PORTAL_CODE_MINUTES", 10)  # a one-time code's life
PORTAL_CAPTCHA_MINUTES = env_int("PORTAL_CAPTCHA_MINUTES", 60)  # time to fill in a form
# Text messages for one-time codes: an HTTP gateway of the province's telecom contract
# (POST JSON {"to", "text"} with a bearer token).  Unset: codes by e-mail only (printed to
# the console in development).
SMS_GATEWAY_URL = env("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN", "")
# Uploads: the largest request body (several attachments) and what stays in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Deadline engine options (see docs/subsystems/deadlines.md).
DEADLINE_DUE_SOON_WORKING_DAYS = env_int("DEADLINE_DUE_SOON_WORKING_DAYS", 2)
# A petition received on a rest day starts its clock the day after (Civil Code Art. 147);
# True starts it after the next working day instead.
DEADLINE_START_NEXT_WORKING_DAY = env_bool("DEADLINE_START_NEXT_WORKING_DAY", default=False)
# How often (seconds) a process checks whether another process changed rules or days off.
DEADLINE_CACHE_RECHECK_SECONDS = env_int("DEADLINE_CACHE_RECHECK_SECONDS", 5)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "danvan.core.logging_filters.RedactSecretsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
