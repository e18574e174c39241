"""The test suite: fast hashing, in-memory mail, tasks run in the caller's thread."""

from safeworkload.config.settings.base import *  # noqa: F403
from safeworkload.config.settings.base import ENV

DEBUG = False
SECRET_KEY = "test-only-key-not-for-any-server-0123456789abcdefghijklmnop"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = [*ENV.allowed_hosts, "testserver"]
if ENV.database["ENGINE"].endswith("sqlite3"):
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
