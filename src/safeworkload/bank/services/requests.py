"""Writes to cover requests: asking, raising the rate, cancelling.

Each writes one entry to the requesting organisation's audit log in the same
transaction. The rate rule: a request may offer up to the region's cap for
its role; only a rate escalation, named and with a reason, goes above it.
"""

from datetime import date
from typing import Any

from django.db import transaction

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.bank.models import CoverRequest, Offer, RateEscalation
from safeworkload.bank.selectors.pool import role_rate
from safeworkload.calc.money import pounds
from safeworkload.organisations.models import Team

OPEN_STATUSES = (CoverRequest.Status.OPEN, CoverRequest.Status.OFFERED)


class RequestError(Exception):
    """A change the bank's rules refuse; the message is shown to the user, on
    ``field`` when it names one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def cover_request_create(
    *,
    team: Team,
    actor: Actor,
    today: date,
    max_pence_per_hour: int | None = None,
    **fields: Any,
) -> CoverRequest:
    """Ask for cover for ``team``; the most it will pay defaults to the role's base rate."""
    organisation = team.organisation
    rate = role_rate(region=organisation.region, job_role=fields["job_role"], on=today)
    if rate is None:
        raise RequestError(
            "The region has no rate for this role yet: ask the bank coordinator to set one",
            field="job_role",
        )
    if max_pence_per_hour is None:
        max_pence_per_hour = rate.base_pence
    if max_pence_per_hour > rate.cap_pence:
        raise RequestError(
            f"The rate must be no more than the cap of {pounds(rate.cap_pence)} an hour "
            "unless a lead raises it",
            field="max_pence_per_hour",
        )
    cover_request = CoverRequest(
        organisation=organisation,
        team=team,
        max_pence_per_hour=max_pence_per_hour,
        requested_by=signed_in_user(actor),
        **fields,
    )
    if cover_request.kind == CoverRequest.Kind.DUTY_SHIFT:
        cover_request.ends_on = cover_request.starts_on
        cover_request.hours_per_week = None
    cover_request.full_clean(exclude=["requested_by"])  # None for the system, as in imports
    cover_request.save()
    audit_record(
        organisation=organisation,
        actor=actor,
        action="cover_request.created",
        target=cover_request,
        data={
            "team": team.name,
            "kind": cover_request.kind,
            "starts_on": cover_request.starts_on.isoformat(),
            "ends_on": cover_request.ends_on.isoformat(),
            "max_pence_per_hour": max_pence_per_hour,
            "priority": cover_request.priority,
        },
    )
    return cover_request


@transaction.atomic
def rate_escalate(
    *, cover_request: CoverRequest, actor: Actor, to_pence_per_hour: int, reason: str
) -> RateEscalation:
    """Raise the most a request will pay, naming the acting user as the authoriser.

    The view lets only ``can_authorise_bank_rates`` roles here; the reason is
    required because the regional agreement asks who went over the cap and why.
    """
    authoriser = signed_in_user(actor)
    if authoriser is None:
        raise RequestError("A rate can only be raised by a named, signed-in lead")
    reason = reason.strip()
    if not reason:
        raise RequestError("Enter the reason for raising the rate", field="reason")
    if cover_request.status not in OPEN_STATUSES:
        raise RequestError("The rate can only be raised while the request is open")
    locked = CoverRequest.objects.select_for_update().get(pk=cover_request.pk)
    if to_pence_per_hour <= locked.max_pence_per_hour:
        raise RequestError(
            f"The new rate must be more than the current {pounds(locked.max_pence_per_hour)} "
            "an hour",
            field="to_pence_per_hour",
        )
    escalation = RateEscalation.objects.create(
        organisation=locked.organisation,
        request=locked,
        from_pence_per_hour=locked.max_pence_per_hour,
        to_pence_per_hour=to_pence_per_hour,
        authorised_by=authoriser,
        reason=reason,
    )
    locked.max_pence_per_hour = to_pence_per_hour
    locked.save(update_fields=["max_pence_per_hour"])
    cover_request.max_pence_per_hour = to_pence_per_hour
    audit_record(
        organisation=locked.organisation,
        actor=actor,
        action="cover_request.rate_escalated",
        target=locked,
        data={
            "from_pence_per_hour": escalation.from_pence_per_hour,
            "to_pence_per_hour": to_pence_per_hour,
            "reason": reason,
        },
    )
    return escalation


@transaction.atomic
def cover_request_cancel(*, cover_request: CoverRequest, actor: Actor) -> int:
    """Cancel an open request and withdraw any offer still waiting for an answer;
    return how many offers were withdrawn."""
    if cover_request.status not in OPEN_STATUSES:
        raise RequestError("Only an open request can be cancelled")
    withdrawn = Offer.objects.filter(request=cover_request, status=Offer.Status.OFFERED).update(
        status=Offer.Status.WITHDRAWN, response_note="The team cancelled the request."
    )
    cover_request.status = CoverRequest.Status.CANCELLED
    cover_request.save(update_fields=["status"])
    audit_record(
        organisation=cover_request.organisation,
        actor=actor,
        action="cover_request.cancelled",
        target=cover_request,
        data={"offers_withdrawn": withdrawn},
    )
    return withdrawn
