"""The overdue reminder: mark concerns past their deadline and tell those who answer.

The email names the organisation and how many concerns went past their
deadline, with a link to each. It never carries a concern's subject, detail
or the name of the person who raised it: email is copied, forwarded and kept
in places this service does not control.

Each concern is marked, and so reminded about, once for each deadline: the
command can run as often as cron likes without sending the same reminder
twice. Taking a concern higher sets a new deadline and so a new reminder.
"""

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse

from safeworkload.concerns.models import Concern
from safeworkload.concerns.services import concerns_mark_overdue
from safeworkload.core.addresses import site_address
from safeworkload.organisations.models import Membership, Organisation
from safeworkload.organisations.roles import ROLE_PERMISSIONS

ANSWER_PERMISSION = "can_answer_concerns"


@dataclass
class ReminderRun:
    marked: list[Concern] = field(default_factory=list)
    emails: int = 0


def answerer_emails(*, organisation: Organisation) -> list[str]:
    """The addresses of everyone whose role in the organisation answers concerns."""
    roles = [role for role, granted in ROLE_PERMISSIONS.items() if ANSWER_PERMISSION in granted]
    emails = (
        Membership.objects.filter(organisation=organisation, role__in=roles, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def reminder_text(*, organisation: Organisation, concerns: list[Concern]) -> tuple[str, str]:
    n = len(concerns)
    noun = "concern has" if n == 1 else "concerns have"
    subject = f"{n} professional {noun} passed the deadline for an answer"
    base = site_address()
    links = "\n".join(
        f"{base}{reverse('concerns:answer-detail', args=[concern.pk])}" for concern in concerns
    )
    body = (
        f"{n} professional {noun} passed the deadline for an answer at {organisation.name}.\n\n"
        "The people who raised them have the right to escalate a professional concern to the "
        "top of the organisation and to have it heard and acted on. Sign in to acknowledge or "
        "answer each one:\n\n"
        f"{links}\n\n"
        "This email leaves out what each concern is about and who raised it, on purpose.\n"
    )
    return subject, body


def concerns_remind(*, organisation: Organisation, today: date) -> ReminderRun:
    """Mark the organisation's newly overdue concerns and send each answerer one email."""
    marked = concerns_mark_overdue(organisation_id=organisation.pk, today=today)
    run = ReminderRun(marked=marked)
    if not marked:
        return run
    subject, body = reminder_text(organisation=organisation, concerns=marked)
    # One message for each person, so nobody sees the others' addresses.
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [email])
        for email in answerer_emails(organisation=organisation)
    ]
    run.emails = send_mass_mail(messages, fail_silently=False) if messages else 0
    return run
