"""Settings shared by every environment. Values that vary come from config.env."""

from pathlib import Path

from safeworkload.config.env import read_env

ENV = read_env()
PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = ENV.debug
SECRET_KEY = ENV.secret_key
ALLOWED_HOSTS = ENV.allowed_hosts
CSRF_TRUSTED_ORIGINS = ENV.csrf_trusted_origins

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",  # serves the API docs' scripts locally instead of from a CDN
    "django_tasks",
    "django_tasks_db",
    "safeworkload.core",
    "safeworkload.organisations",
    "safeworkload.workforce",
    "safeworkload.caseloads",
    "safeworkload.audit",
    "safeworkload.interop",
    "safeworkload.supervision",
    "safeworkload.timeuse",
    "safeworkload.entitlements",
    "safeworkload.concerns",
    "safeworkload.healthcheck",
    "safeworkload.staffing",
    "safeworkload.bank",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "safeworkload.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "safeworkload.organisations.middleware.TenancyMiddleware",
]

ROOT_URLCONF = "safeworkload.config.urls"
WSGI_APPLICATION = "safeworkload.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "safeworkload.config.jinja2.environment"},
    },
    {
        # Django's own templates (form widgets, error pages) stay on the Django engine.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {"default": ENV.database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "core:sign-in"
LOGIN_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = ENV.time_zone
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = ENV.static_root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_AGE = ENV.session_cookie_age
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

EMAIL_HOST = ENV.email_host
EMAIL_PORT = ENV.email_port
EMAIL_HOST_USER = ENV.email_host_user
EMAIL_HOST_PASSWORD = ENV.email_host_password
EMAIL_USE_TLS = ENV.email_use_tls
DEFAULT_FROM_EMAIL = ENV.default_from_email
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if ENV.email_host
    else "django.core.mail.backends.console.EmailBackend"
)

NINJA_PAGINATION_PER_PAGE = 100
NINJA_PAGINATION_MAX_LIMIT = 500

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

DATA_UPLOAD_MAX_MEMORY_SIZE = ENV.import_max_bytes + 100_000
FILE_UPLOAD_MAX_MEMORY_SIZE = ENV.import_max_bytes + 100_000
SAFEWORKLOAD_IMPORT_MAX_BYTES = ENV.import_max_bytes
SAFEWORKLOAD_DORMANT_DAYS = ENV.dormant_days
SAFEWORKLOAD_CONCERN_ANSWER_DAYS = ENV.concern_answer_days
SAFEWORKLOAD_TIME_USE_MIN_GROUP = ENV.time_use_min_group
# The smallest group any health-check figure is shown for, free text included.
SAFEWORKLOAD_SURVEY_MIN_GROUP = ENV.survey_min_group
# How long a leaver cannot be offered back to their former employer as relief cover.
SAFEWORKLOAD_BANK_COOL_OFF_MONTHS = ENV.bank_cool_off_months

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": ENV.log_level},
    # WeasyPrint and its font library narrate every step of a PDF at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
