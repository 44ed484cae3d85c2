"""Settings for Fanxiang, read from the environment (see the configuration table in README.md).

With nothing set, the portal runs for development: DEBUG on, SQLite under var/, and a Celery
broker on the file system. Production sets DJANGO_DEBUG=false, which demands a real secret key
and allowed hosts and turns on every HTTPS protection.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from portal.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("FANXIANG_VAR_DIR", str(BASE_DIR / "var")))

# Development only: production refuses to start with it (below).
DEVELOPMENT_SECRET_KEY = (
    "django-insecure-fanxiang-development-only-never-use-this-key-in-production"  # noqa: S105  # nosec B105
)

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = env_str("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DJANGO_DEBUG is false: set DJANGO_SECRET_KEY to a random value of 50 characters or more."
    )

ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_DEBUG is false: set DJANGO_ALLOWED_HOSTS.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Personal data: ID card numbers are encrypted in the database with these Fernet keys (the
# first encrypts; the others still decrypt, for key rotation). Development derives one from
# the secret key; production refuses to start without them.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_DEBUG is false: set FIELD_ENCRYPTION_KEYS to one or more Fernet keys "
            "(comma-separated, the newest first)."
        )
    FIELD_ENCRYPTION_KEYS = [
        base64.urlsafe_b64encode(
            hashlib.sha256(f"fanxiang-field-encryption:{SECRET_KEY}".encode()).digest()
        ).decode()
    ]
for _key in FIELD_ENCRYPTION_KEYS:
    try:
        Fernet(_key)
    except ValueError:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS: each key is 32 bytes in URL-safe base64, as made by "
            "cryptography's Fernet.generate_key()."
        ) from None
# Drafts left untouched this many days are deleted with their files; the applicant is warned
# DRAFT_PURGE_WARNING_DAYS before.
DRAFT_RETENTION_DAYS = env_int("DRAFT_RETENTION_DAYS", 180)
DRAFT_PURGE_WARNING_DAYS = env_int("DRAFT_PURGE_WARNING_DAYS", 14)
if DRAFT_RETENTION_DAYS <= DRAFT_PURGE_WARNING_DAYS:
    raise ImproperlyConfigured("DRAFT_RETENTION_DAYS must be longer than DRAFT_PURGE_WARNING_DAYS.")
# A request for information gives the applicant this many working days to answer, unless the
# department says otherwise on the request.
INFO_REPLY_WORKING_DAYS = env_int("INFO_REPLY_WORKING_DAYS", 10)
# A sensitive action (download of all one's data, deletion, a new ID card number) needs the
# password typed again within this many seconds.
REAUTH_MAX_AGE = env_int("REAUTH_MAX_AGE", 10 * 60)

INSTALLED_APPS = [
    "portal.accounts",
    "portal.notifications",
    "portal",
    "services",
    "applications",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "rest_framework",
    "knox",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "drf_spectacular",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # No NUL byte in a query parameter or header reaches a view (PostgreSQL cannot hold one).
    "portal.parsers.NulBytesMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Staff confirm each sign-in with an authenticator app (accounts/second_factor.py).
    "django_otp.middleware.OTPMiddleware",
    "portal.accounts.second_factor.StaffSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Personal data the encryption keys cannot read: a readable 503, not a 500.
    "applications.middleware.KeysMismatchMiddleware",
    # Last: turns a locked-out sign-in into the "try again later" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
# Called once when the web server starts, so no visitor waits for them (the Chinese dictionary
# of the search takes about 3 s to load).
WARM_UP = ["services.search.warm_up"]

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
                "portal.notifications.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # `make run`'s database: each transaction takes the write lock when it begins and others
    # wait for it (up to 20 s), so people acting at once are served in turn, never "database
    # is locked"; readers go on beside a writer (WAL).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_URL = env_str("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Accounts
AUTH_USER_MODEL = "accounts.User"
# The lockout check first: a locked-out account or address is refused before any password check.
AUTHENTICATION_BACKENDS = [
    "portal.accounts.backends.LockoutBackend",
    "portal.accounts.backends.IdentifierBackend",
    "portal.accounts.backends.PhoneCodeBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
# Where each role lands after signing in when no page was asked for (the rest: home).
LANDING_PAGES = {"official": "applications:queue", "head": "applications:queue"}
# What comes first on the home page of a signed-in person (HTML from each, or nothing).
HOME_PANELS = ["applications.views.requests_panel"]
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "portal.accounts.validators.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24
# Everyone is signed out after a working day; each request does not extend it.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 60 * 60 * 8)

# Password guessing (django-axes): an account is locked after LOGIN_FAILURE_LIMIT failed
# sign-ins, whichever of its user name, phone or e-mail was typed; an address (a whole service
# centre may share one) after LOGIN_ADDRESS_FAILURE_LIMIT. Both for LOGIN_COOLOFF_MINUTES,
# counted from the last failure before the lock; a failure while locked does not extend it.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "portal.accounts.throttling.LoginAttemptHandler"
AXES_USERNAME_CALLABLE = "portal.accounts.throttling.account_key"
AXES_CLIENT_IP_CALLABLE = "portal.accounts.throttling.client_address"
AXES_LOCKOUT_CALLABLE = "portal.accounts.views.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_HTTP_RESPONSE_CODE = 429
# Never stored with a failed attempt (besides the password): a code sent by SMS.
AXES_SENSITIVE_PARAMETERS = ["code"]
# Codes sent by SMS (accounts/codes.py): valid for PHONE_CODE_MINUTES, refused after
# PHONE_CODE_TRIES wrong tries; one a number every PHONE_CODE_RESEND_SECONDS, and so many per
# number and per client address in PHONE_CODE_PERIOD_MINUTES.
PHONE_CODE_MINUTES = env_int("PHONE_CODE_MINUTES", 5)
PHONE_CODE_TRIES = env_int("PHONE_CODE_TRIES", 5)
PHONE_CODE_RESEND_SECONDS = env_int("PHONE_CODE_RESEND_SECONDS", 60)
PHONE_CODE_NUMBER_LIMIT = env_int("PHONE_CODE_NUMBER_LIMIT", 5)
PHONE_CODE_ADDRESS_LIMIT = env_int("PHONE_CODE_ADDRESS_LIMIT", 30)
PHONE_CODE_PERIOD = timedelta(minutes=env_int("PHONE_CODE_PERIOD_MINUTES", 60))
# Claim codes (of claim letters) typed per client address in a period.
CLAIM_ADDRESS_LIMIT = env_int("CLAIM_ADDRESS_LIMIT", 20)
CLAIM_PERIOD = timedelta(minutes=env_int("CLAIM_PERIOD_MINUTES", 60))
# Reset links asked for, per client address and per e-mail address typed, in a period.
PASSWORD_RESET_ADDRESS_LIMIT = env_int("PASSWORD_RESET_ADDRESS_LIMIT", 10)
PASSWORD_RESET_EMAIL_LIMIT = env_int("PASSWORD_RESET_EMAIL_LIMIT", 3)
PASSWORD_RESET_PERIOD = timedelta(minutes=env_int("PASSWORD_RESET_PERIOD_MINUTES", 60))
# Look-ups of an application's progress without signing in (reference and mobile number), per
# client address and per reference typed, in a period: no reference is found by trying.
PROGRESS_LOOKUP_ADDRESS_LIMIT = env_int("PROGRESS_LOOKUP_ADDRESS_LIMIT", 20)
PROGRESS_LOOKUP_REFERENCE_LIMIT = env_int("PROGRESS_LOOKUP_REFERENCE_LIMIT", 5)
PROGRESS_LOOKUP_PERIOD = timedelta(minutes=env_int("PROGRESS_LOOKUP_PERIOD_MINUTES", 60))
# New ID card numbers typed into an applicant's profile, per account and per client address,
# in a period (a number on another account is refused, which tells that it has one).
ID_NUMBER_ACCOUNT_LIMIT = env_int("ID_NUMBER_ACCOUNT_LIMIT", 5)
ID_NUMBER_ADDRESS_LIMIT = env_int("ID_NUMBER_ADDRESS_LIMIT", 20)
ID_NUMBER_STAFF_LIMIT = env_int("ID_NUMBER_STAFF_LIMIT", 60)  # a park manager filing for walk-ins
ID_NUMBER_PERIOD = timedelta(minutes=env_int("ID_NUMBER_PERIOD_MINUTES", 60))

# Shown on /.well-known/security.txt: where to report a security problem.
SECURITY_CONTACT = env_str("SECURITY_CONTACT", "mailto:security@fanxiang.localhost")

# Languages: Chinese first, English second; programme content carries both.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "fanxiang_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

# Static files are vendored (no CDN) and served by WhiteNoise; uploads live outside the web root.
STATIC_URL = "static/"
STATIC_ROOT = Path(env_str("FANXIANG_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
MEDIA_ROOT = Path(env_str("FANXIANG_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("FANXIANG_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: printed to the console in development; SMTP (or any backend) in production.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Fanxiang <noreply@fanxiang.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS: a backend class with send(phone, text); console and file backends for development.
SMS_BACKEND = env_str("SMS_BACKEND", "portal.sms.ConsoleBackend")
SMS_FILE_PATH = Path(env_str("SMS_FILE_PATH", str(VAR_DIR / "sms")))
SMS_ALIYUN_ENDPOINT = env_str("SMS_ALIYUN_ENDPOINT", "https://dysmsapi.aliyuncs.com")
SMS_ALIYUN_ACCESS_KEY_ID = env_str("SMS_ALIYUN_ACCESS_KEY_ID", "")
SMS_ALIYUN_ACCESS_KEY_SECRET = env_str("SMS_ALIYUN_ACCESS_KEY_SECRET", "")
SMS_ALIYUN_SIGN_NAME = env_str("SMS_ALIYUN_SIGN_NAME", "")
SMS_ALIYUN_TEMPLATE_CODE = env_str("SMS_ALIYUN_TEMPLATE_CODE", "")
# The provider's approved template for one-time codes, with a ${code} parameter.
SMS_ALIYUN_CODE_TEMPLATE = env_str("SMS_ALIYUN_CODE_TEMPLATE", "")

# Notifications: links in e-mails and text messages point here.
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000")
# How long a worker holds a delivery it is sending before another may take it over.
NOTIFICATIONS_LEASE_SECONDS = env_int("NOTIFICATIONS_LEASE_SECONDS", 300)
# Waits between tries of a failed delivery, far below the broker's visibility timeout.
NOTIFICATIONS_BACKOFF_SECONDS = [
    int(seconds)
    for seconds in env_list("NOTIFICATIONS_BACKOFF_SECONDS", ["30", "120", "600", "1800"])
]

# Celery: the broker is Redis in production; with nothing set, a folder on disk (no server).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        # The broadcast exchanges (worker control, `celery inspect`); kombu's default is a
        # `control/` folder in the working directory.
        "control_folder": str(_broker_dir / "control"),
    }
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
else:
    # A task not acknowledged within this time is delivered again: keep tasks far shorter.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 5 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 4 * 60
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# HTTPS and cookies: on whenever DEBUG is off.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Behind the proxy, the client's address is the last one it adds to X-Forwarded-For.
BEHIND_TLS_PROXY = env_bool("DJANGO_BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy (django-csp): only the portal's own scripts, styles and images run;
# no inline script or style attribute, no framing, forms post only to the portal.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
}

# REST API: the catalogue is public; the intake answers a token (Authorization: Token ...) or
# the portal's session. JSON, plus the browsable API while developing.
# Staff (officials, heads, park managers, administrators) confirm each sign-in with the code of
# an authenticator app: required unless STAFF_2FA_REQUIRED=false (the demo, DEBUG, goes without).
STAFF_2FA_REQUIRED = env_bool("STAFF_2FA_REQUIRED", not DEBUG)
OTP_TOTP_ISSUER = "Fanxiang 返乡"
# An authenticator's secret is its owner's alone: set up on their own page, never read (key,
# QR code) in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# API tokens (django-rest-knox): "Authorization: Token …", stored hashed, API_TOKEN_DAYS long.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 30)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Actions' errors (codes not_allowed, stale, field errors) answered alike everywhere.
    "EXCEPTION_HANDLER": "portal.api_errors.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # Token first: a request without credentials gets 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "portal.accounts.tokens.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Password guesses at POST /api/v1/auth/token/, per client address (failed ones also
    # count towards the sign-in lockout above).
    "DEFAULT_THROTTLE_RATES": {"auth-token": "10/minute"},
    # Every endpoint reads JSON through the portal's parser (nesting and lone surrogates).
    "DEFAULT_PARSER_CLASSES": [
        "portal.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Behind the proxy, throttle on the address it saw, not on what the client claims; without
    # one, on the connection's address (None would take X-Forwarded-For as the client wrote it).
    "NUM_PROXIES": 1 if BEHIND_TLS_PROXY else 0,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fanxiang API",
    "VERSION": "1.0.0",
    "DESCRIPTION": "Read the county's programmes for returnees, in Chinese or English, "
    "and check which ones a person may be eligible for. With a token, returnees apply and "
    "follow their applications, and officials work on their department's cases.",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "ProgrammeStatusEnum": "services.models.Programme.Status",
        "ReferralStatusEnum": "applications.models.Referral.Status",
        "ApplicationStatusEnum": "applications.api.common.APPLICATION_STATUSES",
        "MessageKindEnum": "applications.models.Message.Kind",
        "DocumentToFollowReasonEnum": "applications.models.DocumentToFollow.Reason",
        # The catalogue's name from before the intake API, kept for existing clients.
        "KindEnum": "services.models.Programme.Kind",
    },
}

FANXIANG_BENCH_FLOOR = env_bool("FANXIANG_BENCH_FLOOR", False)  # /bench/floor/ for make bench
