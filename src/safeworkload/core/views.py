from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from safeworkload.core.forms import SignInForm, posted
from safeworkload.core.selectors import home_summary
from safeworkload.organisations.tenancy import SESSION_KEY


def _safe_next(request: HttpRequest, fallback: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or fallback
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_not_required
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(posted(request))
    if request.method == "POST" and form.is_valid():
        user = authenticate(
            request,
            username=form.cleaned_data["email"].lower(),
            password=form.cleaned_data["password"],
        )
        if user is None:
            form.add_error(
                "email", "Enter the email address and password of an account that can sign in"
            )
        else:
            login(request, user)
            return redirect(_safe_next(request))
    return render(
        request,
        "core/sign_in.html",
        {"form": form, "title": "Sign in", "next": _safe_next(request)},
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("core:sign-in")


@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    wanted = request.POST.get("acting_for", "")
    if any(context.key == wanted for context in request.tenancy.contexts):  # type: ignore[attr-defined]
        request.session[SESSION_KEY] = wanted
    return redirect("core:home")


def home(request: HttpRequest) -> HttpResponse:
    tenancy = request.tenancy  # type: ignore[attr-defined]
    today = timezone.localdate()
    summary = home_summary(tenancy=tenancy, on=today, user=request.user)
    return render(request, "core/home.html", {"title": "Home", "summary": summary, "today": today})


@login_not_required
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers: the process is up and the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "You cannot see this page",
            "message": "Your role in this organisation does not include this page. "
            "Ask your organisation administrator if you need it.",
        },
        status=403,
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Page not found",
            "message": "If you typed the web address, check it is correct. If you "
            "followed a link, the record may have been removed or belong to another "
            "organisation.",
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Sorry, there is a problem with the service",
            "message": "Try again later. Nothing you entered has been lost "
            "unless you were told it was saved.",
        },
        status=500,
    )
