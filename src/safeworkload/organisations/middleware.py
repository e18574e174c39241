from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_scopes import scope

from safeworkload.organisations.tenancy import NO_TENANCY, tenancy_for_api_key, tenancy_for_user

API_PREFIX = "/api/"


def _bearer_key(request: HttpRequest) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, key = header.partition(" ")
    return key.strip() if scheme.lower() == "bearer" and key.strip() else None


class TenancyMiddleware:
    """Resolve who the request acts for and run the view inside that scope.

    Every query on a tenant-owned model inside the view is filtered to that
    scope; one made outside any scope raises instead of returning everything.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _bearer_key(request) if request.path.startswith(API_PREFIX) else None
        tenancy = tenancy_for_api_key(key) if key else tenancy_for_user(request)
        request.tenancy = tenancy  # type: ignore[attr-defined]
        with scope(organisation=tenancy.scope):
            response = self.get_response(request)
        if tenancy is not NO_TENANCY:
            # Pages and API answers for a signed-in caller hold personal data:
            # no browser or proxy may keep a copy.
            response["Cache-Control"] = "no-store"
        return response
