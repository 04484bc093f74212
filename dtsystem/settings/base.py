"""Settings shared by every environment. Everything that differs comes from the environment.

Environment (see .env.example): DATABASE_URL, REDIS_URL, EMAIL_URL, SECRET_KEY, DEBUG, ALLOWED_HOSTS;
signing in: LOGIN_FAILURE_LIMIT, LOGIN_FAILURE_LIMIT_PER_ADDRESS, LOGIN_COOLOFF_MINUTES, LOGIN_PROXY_COUNT,
SUPPORT_CONTACT.
"""

from datetime import date, timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "import_export",
    "django_celery_beat",
    "axes",  # throttles signing in (see "Signing in" below)
    "csp",  # Content-Security-Policy (see below)
    "django_prometheus",  # /metrics (dtsystem/core/metrics.py)
    # ground, then the layers upwards (the order of the demo loaders)
    "dtsystem.core",
    "dtsystem.units",
    "dtsystem.accounts",
    "directives",
    "inbox",
    "plans",
    "kpis",
    "assistant",
    "dashboard",
    "reminders",
    "reports",
    "outputs",
    "calendars",
]

MIDDLEWARE = [
    "dtsystem.core.requestid.RequestIdMiddleware",  # first: every later log line carries the request id
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "dtsystem.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    "axes.middleware.AxesMiddleware",  # last: answers a throttled sign-in with the lockout page
]

ROOT_URLCONF = "dtsystem.urls"
WSGI_APPLICATION = "dtsystem.wsgi.application"

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
                "dtsystem.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
# Behind PgBouncer in transaction pooling a named cursor may land on another server connection: set
# DISABLE_SERVER_SIDE_CURSORS=true there (docker-compose.yml and the topology test do).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env.bool("DISABLE_SERVER_SIDE_CURSORS", default=False)
if "postgresql" in DATABASES["default"]["ENGINE"]:  # a database that is down fails fast (readiness, requests)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=5)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
CSRF_FAILURE_VIEW = "dtsystem.core.errors.csrf_failure"  # the 403 page, in Vietnamese
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a throttled sign-in before the password is checked
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_RESET_TIMEOUT = 24 * 3600  # a reset link works once, within a day
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Content-Security-Policy (django-csp) of every response: scripts, styles, images, fonts and requests
# from the site itself only (static/, no CDN), no inline script or style, no plugins, no framing, forms
# posted only to the site. Templates keep to it (JavaScript in static/js/, styles in static/css/, data for
# scripts through json_script, htmx without eval or injected styles); tests/browser/test_csp_browser.py
# opens every page of every role, the Django admin and the Swagger UI included, and fails on any violation.
# The admin and the Swagger UI need no looser policy: the one inline script (django-celery-beat's periodic
# task form) and the one inline style (drf-spectacular's Swagger page) are overridden in templates/.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Signing in (the login page and the admin's) is throttled by django-axes; dtsystem/accounts/throttle.py
# explains the two limits. The lock ends LOGIN_COOLOFF_MINUTES after the last failure, or when an
# administrator lifts it (admin › Axes › Access attempts, or `manage.py axes_reset_username USERNAME`).
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)  # one account from one address
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=30)  # any accounts
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # "try again in 30 minutes" stays true
AXES_HANDLER = "dtsystem.accounts.throttle.LoginThrottleHandler"
AXES_CLIENT_IP_CALLABLE = "dtsystem.accounts.throttle.client_address"
AXES_LOCKOUT_CALLABLE = "dtsystem.accounts.views.locked_out"
AXES_VERBOSE = False  # no start-up banner on every command's output; failures and lockouts are still logged
# Reverse proxies in front of the application that append to X-Forwarded-For (0: none, use REMOTE_ADDR).
LOGIN_PROXY_COUNT = env.int("LOGIN_PROXY_COUNT", default=0)
# Whom a user asks to unlock an account or for a permission (shown on the lockout and error pages).
SUPPORT_CONTACT = env("SUPPORT_CONTACT", default="quản trị hệ thống (Văn phòng UBND tỉnh)")

# Language, time zone and formats: Vietnamese first, English available.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
# Numbers are formatted explicitly with the vn_number filter ("177.510"); automatic separators would
# also turn ids in templates into "1.568" and break links and form values once ids pass 999.
USE_THOUSAND_SEPARATOR = False
FORMAT_MODULE_PATH = ["dtsystem.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "staticfiles")
# Uploaded evidence lives outside the web root and is only served through permission-checked views.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
MEDIA_URL = "/_private-media/"  # never routed: files go out only through permission-checked views
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Object storage (README, "Object storage"): with AWS_STORAGE_BUCKET_NAME set, evidence, KPI evidence and
# report PDFs go to that S3 bucket (MinIO, SeaweedFS, any S3) instead of MEDIA_ROOT; downloads still go
# through the permission-checked views, which stream the object (no public or pre-signed URL is handed out).
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env("S3_ENDPOINT_URL", default="") or None,
            "access_key": env("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env("AWS_SECRET_ACCESS_KEY", default="") or None,
            "region_name": env("AWS_S3_REGION_NAME", default="us-east-1"),
            "location": env("S3_LOCATION", default="media"),
            "addressing_style": env("S3_ADDRESSING_STYLE", default="path"),
            "signature_version": "s3v4",
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 300,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# The notice assistant marks "cần xem lại" a proposed row whose least sure field is below this (0-1).
ASSISTANT_REVIEW_THRESHOLD = env.float("ASSISTANT_REVIEW_THRESHOLD", default=0.7)

# Chase letters (outputs/conf.py lists the other CHASE_* settings: header, symbol, signer, recipients):
# the reply-by date is this many working days after the letter; the letter also lists tasks due within
# CHASE_SOON_DAYS calendar days. Scorecards show the on-time rate of this many earlier periods.
CHASE_REPLY_WORKING_DAYS = env.int("CHASE_REPLY_WORKING_DAYS", default=5)
CHASE_SOON_DAYS = env.int("CHASE_SOON_DAYS", default=7)
SCORECARD_TREND_PERIODS = env.int("SCORECARD_TREND_PERIODS", default=3)
# Working days (dtsystem.core.workdays): the administrator's calendar edits are cached in WORKDAYS_CACHE, shared
# by every process when Redis is configured (else per process, for DT_CALENDAR_CACHE_SECONDS at most).
WORKDAYS_CACHE = "workdays"
DT_CALENDAR_CACHE_SECONDS = env.int("DT_CALENDAR_CACHE_SECONDS", default=300)
# The dashboard's rendered figures stay in the shared cache until the data changes (every committed write
# to the programme's tables moves dtsystem.common.dataversion), at most this long (writes made outside the
# application); 0 turns it off. Nothing is cached without a shared cache (Redis).
DT_DASHBOARD_CACHE_SECONDS = env.int("DT_DASHBOARD_CACHE_SECONDS", default=300)
# Coordinating units owe their input this many working days before the lead unit's deadline.
DT_INPUT_DAYS_BEFORE_DEADLINE = env.int("DT_INPUT_DAYS_BEFORE_DEADLINE", default=5)

# E-mail: EMAIL_URL in django-environ form (smtp://, consolemail://, filemail:///path).
_email = env.email_url("EMAIL_URL", default="consolemail://")
if "EMAIL_FILE_PATH" in _email and not str(_email["EMAIL_FILE_PATH"]).startswith("/"):
    _email["EMAIL_FILE_PATH"] = "/" + str(_email["EMAIL_FILE_PATH"])  # filemail:///tmp/mail -> /tmp/mail
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="DTSystem <no-reply@dtsystem.local>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis as broker when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The queue jobs go to and workers read (several deployments may share one Redis).
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_QUEUE", default="celery")
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A web request that hands work to the broker must never wait on a broker that is down: connect and
# publish fail within about a second, the caller logs it and the sweep (reports.sweep) hands it over
# later. (Before: the result backend's default retry policy, 20 reconnections 1 s apart, held a request
# 19 s.) Jobs started from pages publish with ignore_result, so the result backend is not touched.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.3,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 2
CELERY_REDIS_SOCKET_TIMEOUT = 10
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {
    "retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.3}
}
# acks_late + reject_on_worker_lost (above): a job whose worker dies is not lost, the broker hands it out
# again. With Redis that happens when the message has been unacknowledged for `visibility_timeout`
# seconds, so it must exceed the longest time a message can legitimately stay unacknowledged:
# - the longest job, a PDF report: hard time limit REPORT_BUILD_TIME_LIMIT = 1 h (≈ 0.2 s of CPU a page,
#   15 tasks a page: a 5,000-task report is ≈ 340 pages, 1–3 min; docs/benchmarks.md);
# - a retry waiting for its countdown (an ETA message is held unacknowledged by the worker): at most
#   1 h (reminders' retry_backoff_max).
# 2 h covers either with a margin; a shorter value would run such jobs twice (harmless, every job is
# idempotent, but wasted). A dead worker's *report* does not wait for it: its lease expires after
# REPORT_LEASE_SECONDS and the sweep requeues or fails it within minutes.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=2 * 3600),
    "socket_connect_timeout": 2,
}
CELERY_RESULT_EXPIRES = 24 * 3600
REPORT_BUILD_TIME_LIMIT = env.int("REPORT_BUILD_TIME_LIMIT", default=3600)
# Reports (reports.services): a running build renews its lease (heartbeat) every REPORT_HEARTBEAT_SECONDS;
# one silent for REPORT_LEASE_SECONDS was left by a dead worker. A report handed to the broker but not
# started after REPORT_QUEUE_TIMEOUT_SECONDS is handed again; after REPORT_MAX_ATTEMPTS hand-offs it fails
# with the reason on /reports/ ("Thử lại" starts over).
REPORT_HEARTBEAT_SECONDS = env.int("REPORT_HEARTBEAT_SECONDS", default=20)
REPORT_LEASE_SECONDS = env.int("REPORT_LEASE_SECONDS", default=120)
REPORT_QUEUE_TIMEOUT_SECONDS = env.int("REPORT_QUEUE_TIMEOUT_SECONDS", default=600)
REPORT_MAX_ATTEMPTS = env.int("REPORT_MAX_ATTEMPTS", default=3)

# Caches and sessions never live in one process's memory once there are several: Redis when REDIS_URL (or
# CACHE_REDIS_URL, a cache without a broker) is set (every replica shares it); sessions are in the database (Django's default engine), whatever the cache.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHE_REDIS_URL = env("CACHE_REDIS_URL", default=REDIS_URL)
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": "dtcache",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:  # the embedded default: one process (make run)
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The working-day calendar is shared by every process (the administrator's edits reach all replicas).
CACHES["workdays"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": "dtwork"}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "workdays"}
)

# Operations (README, "Operations"): the name this instance answers with (X-Served-By), the /metrics access.
INSTANCE_NAME = env("INSTANCE_NAME", default="")
METRICS_TOKEN = env("METRICS_TOKEN", default="")
METRICS_ALLOWED_NETWORKS = env.list("METRICS_ALLOWED_NETWORKS", default=["127.0.0.1/32", "::1/128"])

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: errors are always {"message", "errors"}; the API's documentation is the Swagger UI.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dtsystem.common.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "dtsystem.common.api_schema.AutoSchema",
    "EXCEPTION_HANDLER": "dtsystem.common.api.exception_handler",
    "COERCE_DECIMAL_TO_STRING": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DTSystem API",
    "DESCRIPTION": "Theo dõi nhiệm vụ chỉ đạo chuyển đổi số của tỉnh.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Choice sets that several fields and filters share keep one stable name each.
    "ENUM_NAME_OVERRIDES": {
        "UnitChangeKindEnum": "dtsystem.units.choices.ChangeKind",
        "TaskKindEnum": "directives.choices.TaskKind",
        "SourceKindEnum": "directives.choices.SourceKind",
        "UnitKindEnum": "dtsystem.units.choices.UnitKind",
        "GroupMembershipEnum": "dtsystem.units.choices.GroupMembership",
        "InboxKindEnum": "inbox.choices.InboxKind",
    },
}

# Every record carries the request id (dtsystem/core/requestid.py); LOG_FORMAT=json writes one JSON object a
# line (the production default), text the plain lines below.
LOG_FORMAT = env("LOG_FORMAT", default="text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "dtsystem.core.requestid.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "dtsystem.core.requestid.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # axes: failures and lockouts are warnings; its INFO lines repeat every sign-in
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Aging (directives/aging.py): an undated task with no progress report for more than this many months is
# flagged on the dashboard, in the office's digest and in the PDF report.
TASK_STALE_AFTER_MONTHS = env.int("TASK_STALE_AFTER_MONTHS", default=3)

PROVINCE_NAME = env("PROVINCE_NAME", default="Đồng Tháp")
APP_TITLE = _("DTSystem — Chuyển đổi số")

# The demo (settings/local.py, `make run`): the pages open at this day, inside the demo data, instead of today;
# a banner switches the session to today and back (dtsystem/common/as_of.py). None (the default): off.
DEMO_AS_OF = date.fromisoformat(env("DEMO_AS_OF")) if env("DEMO_AS_OF", default="") else None
