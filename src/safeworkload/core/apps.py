import logging
from typing import Any

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.http import HttpRequest

security_log = logging.getLogger("safeworkload.security")


def _log_failed_sign_in(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None, **kwargs: Any
) -> None:
    # %r escapes newlines and control characters, so a crafted username cannot
    # forge extra log lines; the password is never passed to the log.
    security_log.warning(
        "sign-in failed for %r from %s",
        credentials.get("username", ""),
        request.META.get("REMOTE_ADDR") if request else "-",
    )


def _log_sign_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    security_log.info("signed in: %r from %s", user.get_username(), request.META.get("REMOTE_ADDR"))


class CoreConfig(AppConfig):
    name = "safeworkload.core"
    label = "core"

    def ready(self) -> None:
        user_login_failed.connect(_log_failed_sign_in, dispatch_uid="swl-sign-in-failed")
        user_logged_in.connect(_log_sign_in, dispatch_uid="swl-sign-in")
