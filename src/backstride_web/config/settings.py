"""Django settings for backstride, driven by environment variables.

Every variable read here is described in ``docs/settings.md``. Defaults suit one runner
on a laptop (SQLite in ``BACKSTRIDE_HOME``); a clinic sets ``DATABASE_URL``,
``SECRET_KEY``, ``ALLOWED_HOSTS`` and ``BACKSTRIDE_HTTPS=1``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import dj_database_url

from backstride.errors import ConfigurationError
from backstride_web.config.env import (
    default_home,
    env_bool,
    env_int,
    env_list,
    env_path,
    env_str,
    persisted_secret_key,
)

PACKAGE_DIR = Path(__file__).resolve().parent.parent

HOME = env_path(
    "BACKSTRIDE_HOME",
    default_home(),
    "Data folder: SQLite database, uploads, exports and the generated secret key.",
)
HOME.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False, "Django debug pages. Never on a server others can reach.")

SECRET_KEY = env_str(
    "SECRET_KEY",
    "",
    "Signing key. Unset: a random key is generated once and kept in BACKSTRIDE_HOME.",
) or persisted_secret_key(HOME)

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"], "Host names this server answers to."
)
CSRF_TRUSTED_ORIGINS = env_list(
    "CSRF_TRUSTED_ORIGINS", [], "Origins (scheme://host) trusted for form posts behind a proxy."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "backstride_web.accounts",
    "backstride_web.jobs",
    "backstride_web.pages",
    "backstride_web.assessments",
    "backstride_web.activities",
    "backstride_web.diary",
    "backstride_web.plans",
    "backstride_web.explain",
    "backstride_web.experiments",
    "backstride_web.gait",
    "backstride_web.report",
    "backstride_web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "backstride_web.pages.middleware.ContentSecurityPolicyMiddleware",
    "backstride_web.accounts.access.AccessLogMiddleware",
    "backstride_web.assessments.middleware.OnboardingScreenMiddleware",
]

FORM_RENDERER = "backstride_web.config.forms.FormRenderer"
ROOT_URLCONF = "backstride_web.config.urls"
WSGI_APPLICATION = "backstride_web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backstride_web.pages.context_processors.navigation",
            ],
        },
    },
]


def _database(url: str) -> dict[str, Any]:
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    except Exception as exc:
        raise ConfigurationError(f"DATABASE_URL={url!r} cannot be parsed: {exc}") from exc
    engine = config.get("ENGINE", "")
    if engine == "django.db.backends.sqlite3":
        # WAL lets the web process read while a worker writes; IMMEDIATE transactions and a
        # busy timeout turn lock contention into a short wait instead of "database is locked".
        # Connections persist per server thread (CONN_MAX_AGE 60 s, as for Postgres): opening
        # one and running the PRAGMAs cost ~1 ms a request (bench/load_bench.py); autocommit
        # leaves no read transaction open between requests, so WAL checkpoints still run.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine != "django.db.backends.postgresql":
        raise ConfigurationError(
            f"DATABASE_URL uses {engine or 'an unknown engine'}; backstride supports "
            "sqlite:// and postgres:// only"
        )
    config["ATOMIC_REQUESTS"] = False
    return config


DATABASE_URL = env_str(
    "DATABASE_URL",
    f"sqlite:///{HOME / 'backstride.sqlite3'}",
    "Database: sqlite:///path (default, in BACKSTRIDE_HOME) or postgres://user:pw@host/db.",
)
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JOB_STALE_AFTER_S = env_int(
    "BACKSTRIDE_JOB_STALE_AFTER_S",
    60,
    "A running job whose worker sent no heartbeat for this long is marked failed.",
    minimum=10,
)
JOB_HEARTBEAT_S = max(1, JOB_STALE_AFTER_S // 6)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["backstride_web.accounts.backends.EmailBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:login"

LOGIN_MAX_FAILURES = env_int(
    "BACKSTRIDE_LOGIN_MAX_FAILURES",
    5,
    "Failed log-ins allowed per e-mail (and per IP address, x4) in the lock-out window.",
    minimum=1,
)
LOGIN_LOCKOUT_S = env_int(
    "BACKSTRIDE_LOGIN_LOCKOUT_S", 900, "Length of the log-in lock-out window in seconds.", minimum=1
)

EMAIL_HOST = env_str("EMAIL_HOST", "", "SMTP server. Unset: e-mails are printed to the console.")
EMAIL_PORT = env_int("EMAIL_PORT", 587, "SMTP port.")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "", "SMTP user name.")
EMAIL_HOST_PASSWORD = env_str(
    "EMAIL_HOST_PASSWORD", "", "SMTP password (or EMAIL_HOST_PASSWORD_FILE)."
)
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True, "Use STARTTLS with the SMTP server.")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "backstride <noreply@localhost>", "Sender of password-reset e-mails."
)

MAX_UPLOAD_MB = env_int(
    "BACKSTRIDE_MAX_UPLOAD_MB",
    2048,
    "Largest single upload (an activity file or a whole Strava/Garmin export zip) in MiB.",
    minimum=1,
)
IMPORT_MAX_FILE_MB = env_int(
    "BACKSTRIDE_IMPORT_MAX_FILE_MB",
    200,
    "Largest single activity file after decompression, in MiB.",
    minimum=1,
)
IMPORT_MAX_TOTAL_MB = env_int(
    "BACKSTRIDE_IMPORT_MAX_TOTAL_MB",
    8192,
    "Most bytes decompressed from one archive, nested zips included (zip-bomb guard), MiB.",
    minimum=1,
)
IMPORT_MAX_FILES = env_int(
    "BACKSTRIDE_IMPORT_MAX_FILES",
    50_000,
    "Most files inside one archive, nested zips included.",
    minimum=1,
)
MAX_UPLOAD_FILES = env_int(
    "BACKSTRIDE_MAX_UPLOAD_FILES", 500, "Most files in one upload form post.", minimum=1
)
DATA_UPLOAD_MAX_NUMBER_FILES = MAX_UPLOAD_FILES
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

MEDIA_ROOT = HOME / "uploads"
MEDIA_URL = "/media/"
STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)  # WhiteNoise serves from here after collectstatic
STORAGE = env_str(
    "BACKSTRIDE_STORAGE",
    "filesystem",
    "Where kept files (originals, exports, gait videos) live: filesystem (MEDIA_ROOT) or s3.",
)
_S3_OPTIONS: dict[str, Any] = {
    "bucket_name": env_str("BACKSTRIDE_S3_BUCKET", "", "S3 bucket name (BACKSTRIDE_STORAGE=s3)."),
    "endpoint_url": env_str(
        "BACKSTRIDE_S3_ENDPOINT_URL", "", "S3 endpoint, e.g. a MinIO URL; empty for AWS."
    )
    or None,
    "region_name": env_str("BACKSTRIDE_S3_REGION", "", "S3 region; empty for the default.") or None,
    "access_key": env_str("BACKSTRIDE_S3_ACCESS_KEY_ID", "", "S3 access key id.") or None,
    "secret_key": env_str("BACKSTRIDE_S3_SECRET_ACCESS_KEY", "", "S3 secret key.") or None,
    "location": env_str("BACKSTRIDE_S3_PREFIX", "", "Key prefix of every file in the bucket."),
    "default_acl": None,  # private: files are served only through permission-checked views
    "querystring_auth": True,
    "file_overwrite": False,
}
if STORAGE == "filesystem":
    _DEFAULT_STORAGE: dict[str, Any] = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE == "s3":
    if not _S3_OPTIONS["bucket_name"]:
        raise ConfigurationError("BACKSTRIDE_STORAGE=s3 needs BACKSTRIDE_S3_BUCKET")
    _DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": _S3_OPTIONS}
else:
    raise ConfigurationError(
        f"BACKSTRIDE_STORAGE={STORAGE!r} is not a storage (use filesystem or s3)"
    )
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

HTTPS = env_bool(
    "BACKSTRIDE_HTTPS",
    False,
    "Served over HTTPS: secure cookies, HSTS and a redirect from plain HTTP.",
)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31_536_000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 14 * 24 * 3600
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC", "Default time zone for dates shown without a runner's own.")
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING", "Log level.")},
}
