"""Settings for the portal: one module, configured by environment variables.

Every variable is listed in README.md and .env.example. With no variables set
except DEBUG, the portal runs on SQLite with Celery tasks executed inline
("eager"); DATABASE_URL and CELERY_BROKER_URL switch on PostgreSQL and Redis.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import xstatic.pkg.bootstrap
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from portal.env import env_bool, env_int, env_list, env_secret, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", "False")
SECRET_KEY = env_secret("SECRET_KEY", default="insecure-local-development-key" if DEBUG else None)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_ratelimit",
    "csp",
    "expunge",
    "residents",
    "staff",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

# Staff log in with a password and a TOTP code from their authenticator app
# (django-otp); after AXES_FAILURE_LIMIT failed attempts for a username (a wrong code
# counts), logins for it are refused for AXES_COOLOFF_TIME hours (django-axes).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", "5")
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_HOURS", "1")
# By username wherever the attempts come from; addresses are limited separately, far above
# one person's tries (RATE_LIMITS["login_client"]), so a clinic is never locked out.
AXES_LOCKOUT_PARAMETERS = [["username"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "staff/locked_out.html"
AXES_VERBOSE = False
OTP_TOTP_ISSUER = "Maryland record clearing (staff)"

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# Unset: an SQLite file beside the code (the embedded default). Production: PostgreSQL.
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
# SQLite lets one connection write at a time. Each waits up to 20 s for the other writer,
# and each transaction takes the write lock when it begins: a transaction that first reads
# and then writes would otherwise fail at once with "database is locked" whenever another
# one did the same (SQLite refuses to wait where both could wait forever), and the
# resident or the member of staff would get an error page.
SQLITE_OPTIONS = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", "60"))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["default"]["OPTIONS"] = {**SQLITE_OPTIONS, **DATABASES["default"].get("OPTIONS", {})}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / "db.sqlite3",
            "OPTIONS": SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "staff:login"
LOGIN_REDIRECT_URL = "staff:submission_list"
LOGOUT_REDIRECT_URL = "staff:login"

# Staff sessions end after this long without a request (every request renews it), and
# when the browser closes.
SESSION_COOKIE_AGE = env_int("STAFF_IDLE_TIMEOUT_MINUTES", "30") * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", "False")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp; Django 5.2 has none of its own): the pages load
# scripts, styles, fonts and images from the portal only, with no inline script or style
# (Bootstrap's CSS draws its form icons as data: images); forms post to the portal only;
# no page may be framed.
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
    }
}
# Served over HTTPS when DEBUG is off: plain HTTP is redirected, and browsers are told to
# use HTTPS only (HSTS, a year). Behind a proxy that ends TLS, set SECURE_PROXY_SSL_HEADER to
# the header it sets, e.g. "HTTP_X_FORWARDED_PROTO,https" (and only then: Django trusts it).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", "False" if DEBUG else "True")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 60 * 60))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", "False")
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    _header, _, _value = _proxy_header.partition(",")
    if not _header.startswith("HTTP_") or not _value:
        raise ImproperlyConfigured("SECURE_PROXY_SSL_HEADER must look like HTTP_X_FORWARDED_PROTO,https")
    SECURE_PROXY_SSL_HEADER = (_header, _value)

# --- Languages ------------------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# Maryland's courts count days in Maryland time.
TIME_ZONE = "America/New_York"

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# The petition font comes from Debian's fonts-liberation2 package (installed by `make`),
# exposed as a static directory so that the PDF renderer can load it like any other
# static file and never needs to fetch anything from outside the project.
PETITION_FONT_DIR = Path(env_str("PETITION_FONT_DIR", "/usr/share/fonts/truetype/liberation2"))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("bootstrap", xstatic.pkg.bootstrap.BASE_DIR),
    ("fonts/liberation", PETITION_FONT_DIR),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Petitions live here: outside STATIC and without a public URL; only views that
    # check the resident's link or the staff login hand them out.
    "private": {"BACKEND": "expunge.storage.PrivateStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Celery ---------------------------------------------------------------------------
# No broker configured: run tasks inline, so the portal works with nothing but SQLite.
CELERY_BROKER_URL = env_url("CELERY_BROKER_URL", ("redis", "rediss", "amqp"))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
# At least once: a message is acknowledged when its task has finished, and one whose worker
# process died (killed, out of memory) goes back to the queue instead of being acknowledged.
# Every task is safe to run twice (the claims on the rows).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# A task whose acknowledgement could not reach the broker (connection lost) is cancelled
# and delivered again, rather than acknowledged on a connection that no longer exists.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# WeasyPrint's native libraries keep a few KB per render (bench/petitions.py measures it,
# and bare WeasyPrint grows alike): a worker process is replaced after this many tasks,
# so a long-running worker's memory stays bounded.
CELERY_WORKER_MAX_TASKS_PER_CHILD = env_int("CELERY_WORKER_MAX_TASKS_PER_CHILD", "1000")
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ROUTES = {
    "expunge.tasks.check_eligibility": {"queue": "eligibility"},
    "expunge.tasks.render_document": {"queue": "documents"},
    "expunge.tasks.send_resume_link": {"queue": "eligibility"},
    "expunge.tasks.send_results_link": {"queue": "eligibility"},
    "expunge.tasks.read_batch": {"queue": "batches"},
    "expunge.tasks.decide_batch_chunk": {"queue": "batches"},
}
CELERY_TASK_DEFAULT_QUEUE = "eligibility"
# Each task sits beside the service it runs; these modules define them. Their names
# ("expunge.tasks.…") are set explicitly and stay as they were, for queued messages, the
# routes above and the beat schedule.
CELERY_IMPORTS = [
    "expunge.services.submissions",
    "expunge.services.documents",
    "expunge.services.retention",
    "expunge.services.drafts",
    "expunge.services.sweeper",
    "expunge.services.review",
    "expunge.services.links",
    "expunge.services.batches",
]
# Run by one beat process (`make worker` starts it beside the worker): the nightly purge
# of what is due for deletion, the nightly decision of what can be filed from today, and
# the sweeper that sends overdue work again. Each run is recorded (expunge.services.periodic)
# and shown to supervisors.
SWEEP_EVERY_SECONDS = env_int("SWEEP_EVERY_SECONDS", "60")
SWEEP_AFTER_SECONDS = env_int("SWEEP_AFTER_SECONDS", str(5 * 60))
CELERY_BEAT_SCHEDULE = {
    "purge-expired": {"task": "expunge.tasks.purge_expired", "schedule": crontab(hour=3, minute=15)},
    "decide-due": {"task": "expunge.tasks.decide_due", "schedule": crontab(hour=3, minute=45)},
    "sweep-overdue": {"task": "expunge.tasks.sweep_overdue", "schedule": float(SWEEP_EVERY_SECONDS)},
}
# A message not acknowledged in time goes back to the queue. Keep it above the longest
# task (a packet renders in about a second; the purge works in batches of PURGE_BATCH) and
# above the longest retry countdown (30 minutes: Redis holds a retry unacknowledged until
# then). A worker killed outright is covered sooner by the sweeper. Short socket timeouts:
# with the broker down or hung, sending a task fails within seconds, never holding a
# request (the sweeper sends it later).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60, "socket_timeout": 5, "socket_connect_timeout": 3}
CELERY_BROKER_CONNECTION_TIMEOUT = 3

# --- Limits ------------------------------------------------------------------------------
# Counted in the cache (django-ratelimit): Redis in production (CACHE_URL, e.g.
# redis://127.0.0.1:6379/2), so every web process shares the counts; without it, each
# process keeps its own (the embedded default's single process).
_cache_url = env_url("CACHE_URL", ("redis", "rediss"))
# django-ratelimit's list of caches predates Django's own Redis backend, which counts
# atomically as it needs (W001 says only that it is not on the list).
SILENCED_SYSTEM_CHECKS = [
    "django_ratelimit.W001",
    # django-axes would rather count by address too: it locks by username here, and
    # addresses are limited by RATE_LIMITS["login_client"], high enough for a clinic.
    "axes.W006",
]
if _cache_url:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")  # not shared: fine for one process
# Behind a proxy, the header that carries the client's address as the proxy saw it (e.g.
# HTTP_X_REAL_IP); only when the proxy always sets it. Default: the connection's address.
RATELIMIT_IP_META_KEY = env_str("RATELIMIT_IP_META_KEY", "") or None
# Clinic Wi-Fi, libraries and mobile carriers put many people behind one address, so the
# limits per address sit well above those per person (django-ratelimit's "count/period").
RATE_LIMITS = {
    # New drafts, per client address.
    "draft_start": env_str("RATE_LIMIT_DRAFTS_PER_ADDRESS", "300/h"),
    # Resume emails: per draft, per email address, per client address.
    "resume_email_draft": env_str("RATE_LIMIT_EMAILS_PER_DRAFT", "3/d"),
    "resume_email_address": env_str("RATE_LIMIT_EMAILS_PER_ADDRESS", "5/d"),
    "resume_email_client": env_str("RATE_LIMIT_EMAILS_PER_CLIENT", "100/h"),
    # "Email me this link" on the results page, per results link (the address and
    # client limits above count these emails too).
    "results_email_submission": env_str("RATE_LIMIT_RESULTS_EMAILS_PER_LINK", "5/d"),
    # Staff login attempts per client address (django-axes locks each username after
    # AXES_FAILURE_LIMIT failures wherever they come from).
    "login_client": env_str("RATE_LIMIT_LOGINS_PER_ADDRESS", "100/h"),
}

# --- Portal ---------------------------------------------------------------------------
# Whom residents can ask for help, where the organisation serving them has set no
# telephone, hours or address: the portal's own words, per language (blank: a sentence
# that promises nothing but what the portal does). Never a number nobody checked.
PORTAL_HELP_TEXT = {"en": env_str("PORTAL_HELP_TEXT", ""), "es": env_str("PORTAL_HELP_TEXT_ES", "")}
# How long the "checking your answers" page waits between refreshes (seconds).
# A resident's unfinished answers can be resumed through their private link this long.
DRAFT_LINK_LIFETIME = timedelta(days=env_int("DRAFT_LINK_DAYS", "30"))
# Retention, stated to residents on the start pages and their results page: unfinished
# answers are deleted when their link expires; sent answers, with their results and
# papers, this many days after they were sent, or later, when staff finish, while staff
# are working on them (review status in review, ready to file or filed). Residents can
# delete theirs at any time. `manage.py purge_expired` (and, with a worker, Celery beat
# every night) deletes what is due.
SUBMISSION_RETENTION = timedelta(days=env_int("SUBMISSION_RETENTION_DAYS", "365"))
# Bulk import of court records (expunge.services.batches): the largest file a supervisor can
# upload (a CSV of 175,000 charges is about 40 MB), how many people one chunk decides, and
# how long a batch's people and results are kept (the nightly purge deletes older batches).
BATCH_MAX_FILE_BYTES = env_int("BATCH_MAX_FILE_MB", "100") * 1_000_000
BATCH_CHUNK_PEOPLE = env_int("BATCH_CHUNK_PEOPLE", "1000")
BATCH_RETENTION = timedelta(days=env_int("BATCH_RETENTION_DAYS", "90"))
# The resume link is emailed when a resident gives an address: printed to the console
# unless an SMTP server is configured (EMAIL_HOST and friends, Django's own settings).
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
if (
    not DEBUG
    and EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
    and not env_bool("ALLOW_CONSOLE_EMAIL", "False")
):
    # The console backend writes residents' addresses and live private links into the web log.
    raise ImproperlyConfigured(
        "EMAIL_BACKEND is the console backend, which writes private links into the log: set EMAIL_BACKEND to "
        "django.core.mail.backends.smtp.EmailBackend (with EMAIL_HOST …), or ALLOW_CONSOLE_EMAIL=true to accept it"
    )
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", "25")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", "False")
# Seconds an SMTP server may take before the email task gives up on this try (and retries).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", "10")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Maryland record clearing <no-reply@localhost>")
CHECKING_REFRESH_SECONDS = env_int("CHECKING_REFRESH_SECONDS", "3")
# A claim on a row older than this is considered abandoned by a crashed worker (a render
# takes about a second).
TASK_CLAIM_TIMEOUT_SECONDS = env_int("TASK_CLAIM_TIMEOUT_SECONDS", str(5 * 60))
# A check or render claimed this many times without finishing (each try killed its worker,
# say) stops and is marked failed for staff, instead of looping.
TASK_MAX_ATTEMPTS = env_int("TASK_MAX_ATTEMPTS", "8")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Private links never reach the log: tokens in paths are masked (portal.logging).
    "filters": {"mask_tokens": {"()": "portal.logging.MaskTokens"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["mask_tokens"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint reports refused URL fetches as warnings; keep them visible but quiet otherwise.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # The development server's request lines, through the masking handler too.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
