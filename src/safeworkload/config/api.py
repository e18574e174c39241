"""The JSON API at /api/v1/: one NinjaAPI, token authentication, one error shape."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from safeworkload.caseloads.api import router as caseloads_router
from safeworkload.concerns.api import router as concerns_router
from safeworkload.entitlements.api import router as entitlements_router
from safeworkload.organisations.api import router as organisations_router
from safeworkload.supervision.api import router as supervision_router
from safeworkload.timeuse.api import router as timeuse_router
from safeworkload.workforce.api import router as workforce_router


class TokenAuth(HttpBearer):
    """The tenancy middleware has already matched the key; this only demands one."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        api_token = request.tenancy.api_token  # type: ignore[attr-defined]
        if api_token is None:
            return None
        if request.method not in ("GET", "HEAD", "OPTIONS") and api_token.access != "read_write":
            raise PermissionDenied
        return api_token


api = NinjaAPI(
    title="Safe Workload API",
    version="1",
    urls_namespace="api-v1",
    auth=TokenAuth(),
    description="Organisation-scoped access to teams, staff, cases, allocations, capacity "
    "snapshots and breaches. Send "
    "`Authorization: Bearer <token>`; an organisation administrator creates tokens.",
)


def _error(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
    response = api.create_response(request, {"message": message, "extra": extra}, status=status)
    response["Cache-Control"] = "no-store"
    return response


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 401, "Send a valid API token as 'Authorization: Bearer <token>'.")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 403, "This token is read-only; use a read-write token to change data.")


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return _error(request, 404, "Not found.")


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return _error(request, 422, "The request is not valid.", errors=exc.errors)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    return _error(request, exc.status_code, str(exc))


api.add_router("/", organisations_router)
api.add_router("/", caseloads_router)
api.add_router("/", entitlements_router)
api.add_router("/", concerns_router)
api.add_router("/", supervision_router)
api.add_router("/", timeuse_router)
api.add_router("/", workforce_router)
