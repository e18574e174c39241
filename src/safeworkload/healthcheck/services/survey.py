"""Running a wave of the practitioner survey: create, open, close, invite.

Secrets are kept as a password would be: a one-time link's token and the
open organisation code are random (``secrets``), shown or sent once, and only
their SHA-256 is stored. A link cannot be rebuilt from the database, so an
invitation cannot be used to answer as someone else after the email is gone.

Audit entries say what was done to the wave and how many were invited; never
who answered, and nothing of any answer.
"""

import hashlib
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction

from safeworkload.audit.services import Actor, audit_record
from safeworkload.healthcheck.models import Instrument, Invitation, Survey
from safeworkload.organisations.models import Organisation, Person

# Enough to type from a poster, and too many to guess (31^10).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10


class SurveyError(Exception):
    """A change the wave's state does not allow; the message is for the user."""


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalise_code(code: str) -> str:
    """As people type a code: any case, spaces or dashes."""
    return "".join(code.split()).replace("-", "").upper()


def _audit(survey: Survey, action: str, *, actor: Actor, **data: object) -> None:
    audit_record(
        organisation=survey.organisation,
        actor=actor,
        action=action,
        target=survey,
        data={"year": survey.year, "status": survey.status, **data},
    )


@transaction.atomic
def survey_create(
    *, organisation: Organisation, actor: Actor, year: int, title: str, instrument: Instrument
) -> Survey:
    if instrument.owner_id not in (None, organisation.pk):
        raise SurveyError("Select a version of the survey")
    if instrument.kind != Instrument.Kind.PRACTITIONER:
        raise SurveyError("Select a version of the practitioner survey")
    survey = Survey.objects.create(
        organisation=organisation,
        instrument=instrument,
        title=title.strip(),
        year=year,
        # Copied, so that a later change of the setting leaves this wave's reports as published.
        min_group=settings.SAFEWORKLOAD_SURVEY_MIN_GROUP,
    )
    _audit(survey, "healthcheck.survey_created", actor=actor, instrument=str(instrument))
    return survey


@transaction.atomic
def survey_open(*, survey: Survey, actor: Actor, today: date) -> Survey:
    if survey.status != Survey.Status.DRAFT:
        raise SurveyError("Only a survey that has not opened yet can be opened")
    survey.status = Survey.Status.OPEN
    survey.opens_on = today
    survey.save(update_fields=["status", "opens_on"])
    _audit(survey, "healthcheck.survey_opened", actor=actor)
    return survey


@transaction.atomic
def survey_close(*, survey: Survey, actor: Actor, today: date) -> Survey:
    if survey.status != Survey.Status.OPEN:
        raise SurveyError("Only an open survey can be closed")
    survey.status = Survey.Status.CLOSED
    survey.closes_on = today
    survey.save(update_fields=["status", "closes_on"])
    _audit(survey, "healthcheck.survey_closed", actor=actor)
    return survey


@transaction.atomic
def survey_open_code_set(*, survey: Survey, actor: Actor) -> str:
    """A new open code for the wave, replacing any earlier one; returned once, stored hashed."""
    if survey.status == Survey.Status.CLOSED:
        raise SurveyError("The survey is closed")
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    survey.open_code_hash = secret_hash(code)
    survey.save(update_fields=["open_code_hash"])
    _audit(survey, "healthcheck.open_code_set", actor=actor)
    return code


def display_code(code: str) -> str:
    """Five characters, a hyphen, five more: easier to read out and copy."""
    return f"{code[:5]}-{code[5:]}"


def invitation_create(*, survey: Survey, person: Person, today: date) -> str:
    """One person's invitation; returns the link's token, which is not stored anywhere."""
    token = secrets.token_urlsafe(32)
    Invitation.objects.create(
        organisation_id=survey.organisation_id,
        survey=survey,
        person=person,
        token_hash=secret_hash(token),
        sent_on=today,
    )
    return token


@dataclass(frozen=True)
class Invited:
    sent: int
    already: int
    no_email: int


@transaction.atomic
def invitations_send(
    *,
    survey: Survey,
    actor: Actor,
    people: Iterable[Person],
    today: date,
    link_for: Callable[[str], str],
) -> Invited:
    """Email a one-time link to each person not yet invited.

    Re-inviting someone does nothing: their first link still works, and a
    second would let them answer twice. People without an email address are
    not invited (nobody else should hold their link); they can use the open
    organisation code.
    """
    if survey.status == Survey.Status.CLOSED:
        raise SurveyError("The survey is closed")
    already = set(Invitation.objects.filter(survey=survey).values_list("person_id", flat=True))
    chosen = [p for p in people if p.organisation_id == survey.organisation_id]
    fresh = [p for p in chosen if p.pk not in already and p.email]
    messages = [
        (
            f"Safe Workload: {survey.title}",
            _invitation_body(
                survey, link_for(invitation_create(survey=survey, person=person, today=today))
            ),
            None,
            [person.email],
        )
        for person in fresh
    ]
    # Sent after the commit, so a rolled-back invitation never reaches anyone.
    transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    invited = Invited(
        sent=len(fresh),
        already=sum(1 for p in chosen if p.pk in already),
        no_email=sum(1 for p in chosen if p.pk not in already and not p.email),
    )
    _audit(
        survey,
        "healthcheck.invited",
        actor=actor,
        invited=invited.sent,
        already=invited.already,
        no_email=invited.no_email,
    )
    return invited


def _invitation_body(survey: Survey, link: str) -> str:
    return (
        f"{survey.organisation.name} is running its workload health check, {survey.title}, "
        "and would like your answers.\n\n"
        f"Answer here: {link}\n\n"
        "The link works once. Your answers are not stored with your name, this link or anything "
        "else that identifies you; your employer sees only figures for groups of at least "
        f"{survey.min_group} people.\n\n"
        "It takes about 15 minutes. Please do not forward this email: the link is yours.\n"
    )
