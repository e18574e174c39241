"""A laptop running the demo: debug on, a fixed key that is useless elsewhere."""

from safeworkload.config.settings.base import *  # noqa: F403
from safeworkload.config.settings.base import ENV

DEBUG = True
SECRET_KEY = ENV.secret_key or "local-development-only-key-not-for-any-server-0123456789"
