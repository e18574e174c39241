"""The regional pool's pages: the coordinator's register, worker pages and
checks; the worker's own availability; the shared rate card; and the pool's
availability as an employer sees it, in counts without names.

Pool records are the region's: every lookup goes through the acting region
(the coordinator's, or the employer's), so a worker of another region is 404.
"""

import csv
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from safeworkload.bank.forms_pool import (
    AvailabilityFilterForm,
    AvailabilityForm,
    CheckForm,
    PoolFilterForm,
    RateCardForm,
    WorkerRegisterForm,
    pounds_value,
    worker_initial,
)
from safeworkload.bank.models import BankWorker, RateCard, Specialism
from safeworkload.bank.selectors.pool import (
    EXPIRING_DAYS,
    barred_until,
    calendar_weeks,
    check_summaries,
    current_rate_cards,
    free_days,
    pool_worker,
    pool_workers,
    rate_cards,
    region_places,
    worker_check_states,
    worker_checks,
    worker_of_user,
)
from safeworkload.bank.selectors.requests import (
    acting_region,
    anonymised_availability,
    employer_places,
)
from safeworkload.bank.services.pool import (
    PoolError,
    availability_set,
    check_record,
    rate_card_save,
    worker_register,
)
from safeworkload.core.forms import posted
from safeworkload.organisations.access import tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Organisation, Region, Team

PAGE_SIZE = 50
CALENDAR_WEEKS = 8
View = Callable[..., HttpResponse]


def any_permission(*permissions: str) -> Callable[[View], View]:
    """Refuse the view with 403 unless the acting roles grant one of ``permissions``."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            tenancy = tenancy_of(request)
            if not any(tenancy.has(p) for p in permissions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def region_of(request: HttpRequest) -> Region:
    region = acting_region(tenancy_of(request))
    if region is None:
        raise Http404
    return region


def worker_for_request(request: HttpRequest, pk: int) -> BankWorker:
    """A worker of the coordinator's region; 404 for any other, as if it did not exist."""
    worker = pool_worker(region=region_of(request), pk=pk)
    if worker is None:
        raise Http404
    return worker


# ---------------------------------------------------------------------------
# The coordinator's register


def _pool_filtered(request: HttpRequest) -> tuple[PoolFilterForm, Any]:
    region = region_of(request)
    today = timezone.localdate()
    form = PoolFilterForm(request.GET or None, places=list(region_places(region=region)))
    chosen = form.filters()
    expiring_by = today + timedelta(days=EXPIRING_DAYS) if chosen.pop("expiring") else None
    workers = pool_workers(region=region, expiring_by=expiring_by, today=today, **chosen)
    return form, workers


@permission_required("can_coordinate_bank")
def pool_list(request: HttpRequest) -> HttpResponse:
    filters, workers = _pool_filtered(request)
    page = Paginator(workers, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "bank/pool_list.html",
        {
            "title": "Relief pool",
            "region": region_of(request),
            "filters": filters,
            "page": page,
            "query": query.urlencode(),
            "summaries": check_summaries(workers=list(page.object_list), today=today),
            "specialism_labels": dict(Specialism.choices),
        },
    )


POOL_CSV_HEADER = [
    "worker_id",
    "given_name",
    "family_name",
    "email",
    "role",
    "grade",
    "registration_number",
    "specialisms",
    "service_areas",
    "years_experience",
    "home",
    "max_travel_miles",
    "max_days_per_week",
    "checks",
    "active",
]


@permission_required("can_coordinate_bank")
def pool_export_csv(request: HttpRequest) -> HttpResponse:
    _, workers = _pool_filtered(request)
    region = region_of(request)
    today = timezone.localdate()
    summaries = check_summaries(workers=list(workers), today=today)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="relief-pool-{region.code}-{today:%Y-%m-%d}.csv"'
    )
    writer = csv.writer(response)
    writer.writerow(POOL_CSV_HEADER)
    for w in workers:
        writer.writerow(
            [
                w.pk,
                w.given_name,
                w.family_name,
                w.email,
                w.get_job_role_display(),
                w.grade,
                w.registration_number,
                "; ".join(w.specialisms),
                "; ".join(w.service_areas),
                w.years_experience,
                w.home.name,
                w.max_travel_miles,
                w.max_days_per_week,
                summaries[w.pk],
                "yes" if w.active else "no",
            ]
        )
    return response


@permission_required("can_coordinate_bank")
def pool_register(request: HttpRequest) -> HttpResponse:
    region = region_of(request)
    form = WorkerRegisterForm(
        posted(request),
        places=list(region_places(region=region)),
        employers=list(Organisation.objects.filter(region=region).order_by("name")),
    )
    if request.method == "POST" and form.is_valid():
        try:
            worker = worker_register(region=region, actor=request.user, **form.worker_fields())
        except PoolError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, f"{worker} is registered for {region.name} and can now be given checks"
            )
            return redirect("bank:pool-worker", pk=worker.pk)
    return render(
        request,
        "bank/pool_register.html",
        {"title": "Register a relief worker", "form": form, "region": region},
    )


@permission_required("can_coordinate_bank")
def pool_worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = worker_for_request(request, pk)
    today = timezone.localdate()
    weeks = calendar_weeks(today=today, weeks=CALENDAR_WEEKS)
    free = free_days(worker=worker, start=weeks[0][0], end=weeks[-1][-1])
    barred = barred_until(worker)
    return render(
        request,
        "bank/pool_worker.html",
        {
            "title": str(worker),
            "worker": worker,
            "specialisms": [dict(Specialism.choices).get(s, s) for s in worker.specialisms],
            "service_areas": [
                dict(Team.ServiceArea.choices).get(s, s) for s in worker.service_areas
            ],
            "states": worker_check_states(worker=worker, today=today),
            "checks": worker_checks(worker=worker),
            "weeks": [[d for d in week if d in free and d >= today] for week in weeks],
            "week_starts": [week[0] for week in weeks],
            "barred_until": barred[1] if barred and barred[1] > today else None,
            "today": today,
        },
    )


@permission_required("can_coordinate_bank")
def pool_check_create(request: HttpRequest, pk: int) -> HttpResponse:
    worker = worker_for_request(request, pk)
    form = CheckForm(posted(request), today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        try:
            check = check_record(worker=worker, actor=request.user, **form.cleaned_data)
        except PoolError as error:
            form.add_error("expires_on", str(error))
        else:
            messages.success(request, f"{check.get_kind_display()} recorded")
            return redirect("bank:pool-worker", pk=worker.pk)
    return render(
        request,
        "bank/pool_check_form.html",
        {"title": f"Record a check for {worker}", "form": form, "worker": worker},
    )


# ---------------------------------------------------------------------------
# The worker's own availability


@permission_required("can_work_bank")
def my_availability(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    assert tenancy.region is not None  # can_work_bank is only ever a regional role's
    worker = worker_of_user(region=tenancy.region, user=request.user)
    if worker is None:
        return render(
            request,
            "bank/pool_my_availability.html",
            {"title": "Your availability", "worker": None, "region": tenancy.region},
        )
    today = timezone.localdate()
    weeks = calendar_weeks(today=today, weeks=CALENDAR_WEEKS)
    start, end = today, weeks[-1][-1]
    initial: dict[str, Any] = worker_initial(worker)
    free = free_days(worker=worker, start=start, end=end)
    for week in weeks:
        initial[AvailabilityForm.week_name(week)] = [d.isoformat() for d in week if d in free]
    form = AvailabilityForm(posted(request), weeks=weeks, today=today, initial=initial)
    if request.method == "POST" and form.is_valid():
        added, removed = availability_set(
            worker=worker,
            start=start,
            end=end,
            free=form.free_days(),
            max_travel_miles=form.cleaned_data["max_travel_miles"],
            max_days_per_week=form.cleaned_data["max_days_per_week"],
        )
        messages.success(
            request,
            f"Availability saved: {added} {'day' if added == 1 else 'days'} added, "
            f"{removed} removed",
        )
        return redirect("bank:my-availability")
    return render(
        request,
        "bank/pool_my_availability.html",
        {"title": "Your availability", "worker": worker, "form": form, "region": tenancy.region},
    )


# ---------------------------------------------------------------------------
# The pool's availability without names


@any_permission("can_view_bank", "can_coordinate_bank")
def pool_availability(request: HttpRequest) -> HttpResponse:
    tenancy = tenancy_of(request)
    region = region_of(request)
    organisation_id = tenancy.organisation.pk if tenancy.organisation else None
    places = employer_places(region=region, organisation_id=organisation_id)
    form = AvailabilityFilterForm(request.GET or None, places=places)
    chosen = form.chosen()
    today = timezone.localdate()
    weeks = (
        anonymised_availability(
            region=region, place=chosen[0], job_role=chosen[1], specialism=chosen[2], start=today
        )
        if chosen
        else []
    )
    return render(
        request,
        "bank/pool_availability.html",
        {
            "title": "Who is free in the pool",
            "region": region,
            "filters": form,
            "chosen": chosen,
            "weeks": weeks,
        },
    )


# ---------------------------------------------------------------------------
# The shared rate card


@any_permission("can_view_bank", "can_coordinate_bank", "can_work_bank")
def rate_list(request: HttpRequest) -> HttpResponse:
    region = region_of(request)
    today = timezone.localdate()
    current = current_rate_cards(region=region, on=today)
    current_ids = {c.pk for c in current}
    return render(
        request,
        "bank/rate_list.html",
        {
            "title": "Relief bank rates",
            "region": region,
            "current": current,
            "others": [c for c in rate_cards(region=region) if c.pk not in current_ids],
            "today": today,
        },
    )


def _rate_form(
    request: HttpRequest, card: RateCard | None, title: str, region: Region
) -> HttpResponse:
    initial: dict[str, Any] = {}
    if card is not None:
        initial = {
            "job_role": card.job_role,
            "grade": card.grade,
            "base_pence_per_hour": pounds_value(card.base_pence_per_hour),
            "cap_pence_per_hour": pounds_value(card.cap_pence_per_hour),
            "mileage_pence_per_mile": card.mileage_pence_per_mile,
            "effective_from": card.effective_from,
        }
    form = RateCardForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = rate_card_save(
                region=region, actor=request.user, card=card, **form.cleaned_data
            )
        except PoolError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Rate for {saved} saved")
            return redirect("bank:rate-list")
    return render(request, "bank/rate_form.html", {"title": title, "form": form, "card": card})


@permission_required("can_coordinate_bank")
def rate_create(request: HttpRequest) -> HttpResponse:
    return _rate_form(request, None, "Add a rate", region_of(request))


@permission_required("can_coordinate_bank")
def rate_edit(request: HttpRequest, pk: int) -> HttpResponse:
    region = region_of(request)
    card = get_object_or_404(rate_cards(region=region), pk=pk)
    return _rate_form(request, card, f"Change the rate for {card}", region)


urlpatterns: list[URLPattern] = [
    path("pool/", pool_list, name="pool-list"),
    path("pool/export.csv", pool_export_csv, name="pool-export-csv"),
    path("pool/register/", pool_register, name="pool-register"),
    path("pool/<int:pk>/", pool_worker_detail, name="pool-worker"),
    path("pool/<int:pk>/checks/new/", pool_check_create, name="pool-check-create"),
    path("availability/", pool_availability, name="pool-availability"),
    path("me/availability/", my_availability, name="my-availability"),
    path("rates/", rate_list, name="rate-list"),
    path("rates/new/", rate_create, name="rate-create"),
    path("rates/<int:pk>/edit/", rate_edit, name="rate-edit"),
]
