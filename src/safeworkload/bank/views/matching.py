"""Matching and offers: the coordinator's matching page, and the worker's own offers.

The coordinator (``can_coordinate_bank``, acting for the region) sees the open
requests, runs the matching, compares it with the booking desk's greedy,
reads why each offer was proposed and why requests were left unfilled, and
withdraws offers. A worker (``can_work_bank``) sees only their own offers:
another worker's offer is a 404, as if it did not exist.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_POST

from safeworkload.bank.forms_after import DeclineForm, WithdrawForm
from safeworkload.bank.models import BankWorker, Offer
from safeworkload.bank.selectors.matching import (
    latest_run,
    live_offers,
    offer_timesheets,
    open_requests_list,
    run_offers,
    unfilled_requests,
    worker_offers,
)
from safeworkload.bank.selectors.pool import worker_of_user
from safeworkload.bank.services.after import weeks_of_offer
from safeworkload.bank.services.matching import (
    OfferError,
    match_run,
    offer_accept,
    offer_decline,
    offer_expires_at,
    offer_withdraw,
)
from safeworkload.organisations.access import tenancy_of
from safeworkload.organisations.decorators import permission_required
from safeworkload.organisations.models import Region


def _region(request: HttpRequest) -> Region:
    region = tenancy_of(request).region
    if region is None:
        raise Http404
    return region


# ---------------------------------------------------------------------------
# The coordinator


@permission_required("can_coordinate_bank")
def matching(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    today = timezone.localdate()
    run = latest_run(region=region)
    unfilled, unfilled_total = unfilled_requests(region=region, today=today)
    return render(
        request,
        "bank/match_page.html",
        {
            "title": "Matching",
            "region": region,
            "run": run,
            "offers": list(run_offers(run=run)) if run else [],
            "open_requests": list(open_requests_list(region=region)),
            "unfilled": unfilled,
            "unfilled_total": unfilled_total,
            "waiting": list(live_offers(region=region)),
        },
    )


@require_POST
@permission_required("can_coordinate_bank")
def matching_run(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    outcome = match_run(region=region, actor=request.user)
    run = outcome.run
    messages.success(
        request,
        f"Matching run: {len(outcome.offers)} offers made for {run.requests} open requests.",
    )
    return redirect("bank:matching")


def _coordinated_offer(request: HttpRequest, pk: int) -> Offer:
    region = _region(request)
    return get_object_or_404(
        Offer.objects.filter(worker__region=region).select_related(
            "request", "request__team", "request__organisation", "worker"
        ),
        pk=pk,
    )


@permission_required("can_coordinate_bank")
def offer_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    offer = _coordinated_offer(request, pk)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            offer_withdraw(offer=offer, actor=request.user, reason=form.cleaned_data["reason"])
        except OfferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Offer to {offer.worker} withdrawn.")
            return redirect("bank:matching")
    return render(
        request,
        "bank/offer_withdraw.html",
        {"title": "Withdraw the offer", "offer": offer, "form": form},
    )


# ---------------------------------------------------------------------------
# The worker


def _worker(request: HttpRequest) -> BankWorker:
    """The signed-in user's registration in the region they act for."""
    worker = worker_of_user(region=_region(request), user=request.user)
    if worker is None:
        raise Http404
    return worker


def own_offer(request: HttpRequest, pk: int) -> tuple[BankWorker, Offer]:
    worker = _worker(request)
    offer = get_object_or_404(
        Offer.objects.filter(worker=worker).select_related(
            "request", "request__team", "request__organisation", "request__place"
        ),
        pk=pk,
    )
    return worker, offer


@permission_required("can_work_bank")
def offers_mine(request: HttpRequest) -> HttpResponse:
    region = _region(request)
    worker = worker_of_user(region=region, user=request.user)
    if worker is None:
        return render(
            request,
            "bank/offer_list.html",
            {"title": "Your bank offers", "worker": None, "region": region},
        )
    today = timezone.localdate()
    return render(
        request,
        "bank/offer_list.html",
        {
            "title": "Your bank offers",
            "worker": worker,
            "offers": worker_offers(worker=worker, today=today),
            "today": today,
        },
    )


def _offer_page(
    request: HttpRequest, offer: Offer, *, form: forms.Form | None = None, status: int = 200
) -> HttpResponse:
    context: dict[str, Any] = {
        "title": f"Offer: {offer.request.get_kind_display()} for {offer.request.team.name}",
        "offer": offer,
        "decline_form": form or DeclineForm(),
        "expires_at": offer_expires_at(offer),
        "timesheets": list(offer_timesheets(offer=offer)),
        "can_submit": offer.status == Offer.Status.ACCEPTED
        and any(w <= timezone.localdate() for w in weeks_of_offer(offer)),
    }
    if form is not None:
        context["form"] = form
    return render(request, "bank/offer_detail.html", context, status=status)


@permission_required("can_work_bank")
def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _, offer = own_offer(request, pk)
    return _offer_page(request, offer)


@require_POST
@permission_required("can_work_bank")
def offer_accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    _, offer = own_offer(request, pk)
    try:
        offer_accept(offer=offer, actor=request.user)
    except OfferError as error:
        form = DeclineForm()
        form.add_error(None, str(error))
        return _offer_page(request, offer, form=form)
    messages.success(request, "Offer accepted. The team's handover note is below.")
    return redirect("bank:offer-detail", pk=offer.pk)


@require_POST
@permission_required("can_work_bank")
def offer_decline_view(request: HttpRequest, pk: int) -> HttpResponse:
    _, offer = own_offer(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            offer_decline(offer=offer, actor=request.user, reason=form.cleaned_data["reason"])
        except OfferError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Offer declined. Thank you for letting us know.")
            return redirect("bank:offers-mine")
    return _offer_page(request, offer, form=form)


urlpatterns: list[URLPattern] = [
    path("matching/", matching, name="matching"),
    path("matching/run/", matching_run, name="matching-run"),
    path("offers/<int:pk>/withdraw/", offer_withdraw_view, name="offer-withdraw"),
    path("offers/mine/", offers_mine, name="offers-mine"),
    path("offers/mine/<int:pk>/", offer_detail, name="offer-detail"),
    path("offers/mine/<int:pk>/accept/", offer_accept_view, name="offer-accept"),
    path("offers/mine/<int:pk>/decline/", offer_decline_view, name="offer-decline"),
]
