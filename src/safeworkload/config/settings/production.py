"""A real deployment: every secret and host must be given; HTTPS everywhere."""

from django.core.exceptions import ImproperlyConfigured

from safeworkload.config.settings.base import *  # noqa: F403
from safeworkload.config.settings.base import ENV

if ENV.debug:
    raise ImproperlyConfigured("SAFEWORKLOAD_DEBUG must be false in production.")
if len(ENV.secret_key) < 50:
    raise ImproperlyConfigured(
        "Set SAFEWORKLOAD_SECRET_KEY (or SAFEWORKLOAD_SECRET_KEY_FILE) to at least 50 random "
        "characters."
    )

DEBUG = False
# Static files are served by the application itself, compressed and cache-busted.
MIDDLEWARE = [MIDDLEWARE[0], "whitenoise.middleware.WhiteNoiseMiddleware", *MIDDLEWARE[1:]]  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = ENV.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preload is a one-way door for the whole domain; the operator opts in at the proxy,
# so Django's reminder to preload is silenced rather than obeyed.
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
# Load balancers probe the process directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
