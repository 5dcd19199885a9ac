"""PolicyHub settings, driven by the environment.

With nothing set, the site runs on a SQLite file in the project and Celery tasks
run in-process, so no server is needed. Set DATABASE_URL and CELERY_BROKER_URL to
run on PostgreSQL with real workers.
"""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS, FALSE_WORDS = {"1", "true", "yes", "on"}, {"0", "false", "no", "off"}


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={os.environ[name]!r} is not a yes/no value; use one of "
                                   f"{', '.join(sorted(TRUE_WORDS))} or {', '.join(sorted(FALSE_WORDS))}.")
    return value in TRUE_WORDS


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_number(name: str, default, kind=int):
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = kind(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a {'whole ' if kind is int else ''}number.") from None
    if number < 0:
        raise ImproperlyConfigured(f"{name}={value!r} must not be negative.")
    return number


def env_int(name: str, default: int) -> int:
    return env_number(name, default, int)


DEBUG = env_bool("DEBUG", default=False)
TESTING = env_bool("POLICYHUB_TESTING", default=False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-only-for-debug-and-tests"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "countries",
    "legislation",
    "recommendations",
    "editors",
    "profiles",
    "releases",
    "alerts",
    "opendata",
    "rest_framework.authtoken",
    "import_export",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "countries.logs.RequestLogMiddleware",
    "countries.inputs.RejectNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "countries.http.StoredResponseMiddleware",
    "countries.http.CompactHtmlMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "policyhub.urls"

# Rendered public pages and API answers are kept per data version (policyhub/http.py). With CACHE_URL set
# (redis://...) every process shares them and the data version itself; without it each process keeps its own.
CACHE_URL = os.environ.get("CACHE_URL", "")
# The cache only saves work: a Redis that hangs must cost a request at most this long (seconds), then the site
# goes on without it (policyhub/cache.py).
CACHE_TIMEOUT_SECONDS = env_number("CACHE_TIMEOUT_SECONDS", 0.5, float)
if CACHE_URL:
    CACHES = {"default": {
        "BACKEND": "countries.cache.RedisCache",
        "LOCATION": CACHE_URL,
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": CACHE_TIMEOUT_SECONDS, "SOCKET_TIMEOUT": CACHE_TIMEOUT_SECONDS},
    }}
DATA_VERSION_IN_CACHE = bool(CACHE_URL)
# Paths never stored nor looked up: the admin, health checks.
STORED_ANSWERS_SKIP = ("/admin/", "/ru/admin/", "/healthz")
# Answers larger than this are not stored (bytes).
STORED_ANSWER_MAX_BYTES = env_int("STORED_ANSWER_MAX_BYTES", 1_000_000)

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "profiles.context_processors.language_urls",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The country profile page only (profiles/jinja.py).
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "profiles.jinja.environment"},
    },
]

WSGI_APPLICATION = "policyhub.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    )
}
# The embedded default serves several editors at once: a writer waits up to SQLITE_BUSY_TIMEOUT seconds for the
# lock instead of failing with "database is locked", and every transaction takes the write lock when it begins
# (IMMEDIATE), so two transactions that read and then write cannot deadlock on upgrading their locks. WAL lets
# readers go on while someone writes.
SQLITE_OPTIONS = {
    "timeout": env_int("SQLITE_BUSY_TIMEOUT", 30),
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin login: after AXES_FAILURE_LIMIT wrong passwords for one user name from one address, wait AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# How many proxies in front of the site append to X-Forwarded-For (1 behind one TLS proxy; 0 when clients connect
# directly). The lock-out and the API's rate limit both take the client's address from it (policyhub/clientip.py):
# left at 0 behind a proxy, every visitor would share the proxy's address; set higher than the real count, clients
# could pick their own address.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "countries.clientip.client_ip"
AXES_RESET_ON_SUCCESS = True

IMPORT_EXPORT_USE_TRANSACTIONS = True
# Spreadsheet imports: the largest file accepted, and for XLSX (a zip archive) the most it may unpack to.
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 2_000_000)
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 20_000_000)
# Request bodies: forms and JSON up to 2.5 MB in memory (Django's default, stated here); uploads larger than
# FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary file rather than memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
IMPORT_EXPORT_SKIP_ADMIN_LOG = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ru", "Русский")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Celery: no broker means tasks run in-process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "editors.authentication.HashedTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
    "URL_FORMAT_OVERRIDE": "format",
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "PolicyHub API",
    "DESCRIPTION": """Drug-policy legal environment in Eastern Europe and Central Asia: countries, laws, thresholds,
sanctions, legal-environment assessments, meeting reports, their recommendations and progress. Every fact carries its
citations.

**Reading.** Anonymous. Lists answer `{"count", "next", "previous", "results"}`; page with `?page=` and `?page_size=`
(up to 500). Filters take several values separated by commas (`?country=UA,MD`). Add `?format=csv` to any list for the
same rows as flat CSV (nested fields become dotted columns, several values are joined with `|`).

**Syncing.** Every list takes `updated_since=<ISO 8601>` and returns only rows changed after it. Laws, thresholds,
sanctions, assessments and consequences take `as_of=YYYY-MM-DD` for what was in force on that date.

**Caching.** Answers carry `ETag` and `Last-Modified`; send `If-None-Match` or `If-Modified-Since` and an unchanged
answer is `304 Not Modified`. Any edit to the data changes every ETag.

**Errors.** A bad filter value or date is `400` with a JSON body naming the parameter; an unknown page, code or format
is `404`. Anonymous clients are rate-limited per address (`429` with `Retry-After`); answers already made for the
current data are served without counting.

**Writing.** Editor accounts send `Authorization: Token <key>` to create and change laws, thresholds, sanctions,
assessments and progress for their organisation's countries (`401` without a token, `403` outside those countries).
Editors of organisations not trusted to publish make drafts: a change to a published record waits for review
(`202`) and a new record stays unpublished until a moderator publishes it.

**Webhooks.** Any account with a token can register addresses at `/api/v1/webhooks/` to get a signed POST for every
published change, with the values before and after; see that endpoint for the signature and the retries.""",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DatePrecisionEnum": "countries.dates.Precision",
        "FactKindEnum": "legislation.models.FactKind",
        "SourceKindEnum": "countries.models.Source.Kind",
        "LawKindEnum": "legislation.models.Law.Kind",
        "LawStatusEnum": "legislation.models.Law.Status",
        "ProgressStatusEnum": "recommendations.models.Progress.Status",
        "EvidenceGradeEnum": "countries.models.Grade",
        "SanctionConditionEnum": "legislation.models.Sanction.Condition",
        "RecommendationKindEnum": "recommendations.models.Recommendation.Kind",
    },
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "countries.schema.document_responses"],
}

# Production hardening: everything below is on unless DEBUG.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG and not TESTING)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG and not TESTING
CSRF_COOKIE_SECURE = not DEBUG and not TESTING
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = not DEBUG and not TESTING
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
# Pages, the admin and the API docs load scripts and styles only from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
    },
}

# One key=value line per event on stderr (stdout carries only a command's output); policyhub.requests and policyhub.tasks log every request and task.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"keyvalue": {"()": "countries.logs.KeyValueFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "keyvalue"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

WHITENOISE_USE_FINDERS = DEBUG or TESTING
WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Briefs: a render claimed longer ago than this belongs to a dead worker and may be taken over.
BRIEF_STUCK_SECONDS = env_int("BRIEF_STUCK_SECONDS", 600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    # A broker that hangs or refuses must not hold a web request for long: queuing a brief gives up quickly
    # and the beat job queues it again later.
    "socket_connect_timeout": 1,
    "socket_timeout": 5,
}
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}
CELERY_BEAT_SCHEDULE = {
    "render-stale-briefs": {"task": "profiles.tasks.render_stale_briefs", "schedule": env_int("BRIEF_BEAT_SECONDS", 300)},
    # A data release when the published data changed since the last one (weekly by default).
    "cut-release": {"task": "releases.tasks.cut_release", "schedule": env_int("RELEASE_BEAT_SECONDS", 7 * 24 * 3600)},
    # Each address gets at most one digest per ALERTS_DIGEST_HOURS, whatever this interval.
    "send-alert-digests": {"task": "alerts.tasks.send_digests", "schedule": env_int("ALERTS_DIGEST_BEAT_SECONDS", 3600)},
    # Reporters of corrections whose outcome could not be mailed when it was decided.
    "tell-waiting-reporters": {"task": "editors.tasks.tell_waiting_reporters", "schedule": 900},
}

# The site's public address, for links in messages sent with no request at hand (digests, webhook payloads).
SITE_URL = os.environ.get("SITE_URL", "")
if not SITE_URL:
    if DEBUG or TESTING:
        SITE_URL = "http://localhost:8000"
    elif ALLOWED_HOSTS[0].lstrip(".") and "*" not in ALLOWED_HOSTS[0]:
        SITE_URL = f"https://{ALLOWED_HOSTS[0].lstrip('.')}"
    else:
        raise ImproperlyConfigured("SITE_URL must be set when the first of ALLOWED_HOSTS is a wildcard.")

# Email: printed to the console in development, through SMTP otherwise (tests use Django's in-memory outbox).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND") or (
    "django.core.mail.backends.locmem.EmailBackend" if TESTING
    else "django.core.mail.backends.console.EmailBackend" if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_SSL:
    EMAIL_USE_TLS = False  # Django refuses both at once; implicit TLS (port 465) wins when asked for
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "PolicyHub <alerts@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Alerts by email: a confirmation link works this many days; an address gets at most one digest per
# ALERTS_DIGEST_HOURS, listing up to ALERTS_DIGEST_MAX_CHANGES changes; the same confirmation is sent again at most
# every ALERTS_RESEND_MINUTES; one client address may ask to follow ALERTS_FOLLOWS_PER_HOUR times an hour.
ALERTS_CONFIRM_DAYS = env_int("ALERTS_CONFIRM_DAYS", 7)
ALERTS_DIGEST_HOURS = env_int("ALERTS_DIGEST_HOURS", 24)
ALERTS_DIGEST_MAX_CHANGES = env_int("ALERTS_DIGEST_MAX_CHANGES", 100)
ALERTS_RESEND_MINUTES = env_int("ALERTS_RESEND_MINUTES", 15)
ALERTS_FOLLOWS_PER_HOUR = env_int("ALERTS_FOLLOWS_PER_HOUR", 20)

# Webhooks: attempts per delivery, the first wait between them (doubling up to the maximum), failed deliveries in
# a row before a webhook is disabled, seconds to wait for a partner's server, and how many one account may register.
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 8)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 60)
WEBHOOK_RETRY_MAX_SECONDS = env_int("WEBHOOK_RETRY_MAX_SECONDS", 3600)
WEBHOOK_DISABLE_AFTER = env_int("WEBHOOK_DISABLE_AFTER", 10)
WEBHOOK_TIMEOUT_SECONDS = env_int("WEBHOOK_TIMEOUT_SECONDS", 5)
WEBHOOKS_PER_ACCOUNT = env_int("WEBHOOKS_PER_ACCOUNT", 10)
# Webhooks may reach loopback and private networks only in development and tests; link-local addresses (cloud
# metadata services) never.
WEBHOOK_ALLOW_PRIVATE_ADDRESSES = env_bool("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", default=DEBUG or TESTING)

# Corrections from readers: reports one address may send per hour, the fewest seconds a person needs to fill in the
# form, and how long an opened form stays valid.
CORRECTIONS_PER_HOUR = env_int("CORRECTIONS_PER_HOUR", 10)
CORRECTION_MIN_SECONDS = env_int("CORRECTION_MIN_SECONDS", 5)
CORRECTION_FORM_MAX_AGE = env_int("CORRECTION_FORM_MAX_AGE", 86400)
