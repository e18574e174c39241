"""Employers' own versions of the practitioner survey: questions added without code.

A new version copies every question of the one it is based on (the codes
stay, so years remain comparable) and may then gain questions of its own.
Once a wave uses a version it is fixed: an older wave keeps the questions it
was answered with, and a change means another version.
"""

from django.db import transaction
from django.db.models import Max, Q

from safeworkload.audit.services import Actor, audit_record
from safeworkload.healthcheck.models import Instrument, Question, Scale
from safeworkload.organisations.models import Organisation

OWN_PREFIX = "own_"


class InstrumentError(Exception):
    """A change the version does not allow; the message is for the user."""


def is_editable(instrument: Instrument) -> bool:
    return instrument.owner_id is not None and not instrument.surveys.exists()


@transaction.atomic
def instrument_version_create(
    *, organisation: Organisation, actor: Actor, based_on: Instrument
) -> Instrument:
    if based_on.owner_id not in (None, organisation.pk):
        raise InstrumentError("Select a version of the survey")
    # Versions are numbered across the standard ones and the organisation's own,
    # so "version 3" names one questionnaire in this organisation.
    highest = Instrument.objects.filter(
        Q(owner__isnull=True) | Q(owner=organisation), code=based_on.code
    ).aggregate(highest=Max("version"))["highest"]
    instrument = Instrument.objects.create(
        owner=organisation,
        kind=based_on.kind,
        code=based_on.code,
        version=(highest or 0) + 1,
        title=based_on.title,
        based_on=based_on,
    )
    Question.objects.bulk_create(
        Question(
            instrument=instrument,
            position=q.position,
            code=q.code,
            area=q.area,
            text=q.text,
            hint=q.hint,
            scale_id=q.scale_id,
            reverse_scored=q.reverse_scored,
            required=q.required,
        )
        for q in based_on.questions.all()
    )
    audit_record(
        organisation=organisation,
        actor=actor,
        action="healthcheck.instrument_version_created",
        target=instrument,
        data={"version": instrument.version, "based_on": str(based_on)},
    )
    return instrument


@transaction.atomic
def instrument_question_add(
    *,
    instrument: Instrument,
    actor: Actor,
    text: str,
    area: str,
    scale: Scale,
    hint: str = "",
    reverse_scored: bool = False,
) -> Question:
    if instrument.owner is None:
        raise InstrumentError("The standard survey cannot be changed: make your own version")
    if not is_editable(instrument):
        raise InstrumentError(
            "A survey has used this version, so it cannot be changed: make a new version"
        )
    if area in (Question.Area.ABOUT_YOU, Question.Area.STANDARD):
        raise InstrumentError("Select the area the question is about")
    position = (instrument.questions.aggregate(last=Max("position"))["last"] or 0) + 1
    own = instrument.questions.filter(code__startswith=OWN_PREFIX).count()
    question = Question.objects.create(
        instrument=instrument,
        position=position,
        code=f"{OWN_PREFIX}{own + 1}",
        area=area,
        text=text.strip(),
        hint=hint.strip(),
        scale=scale,
        reverse_scored=reverse_scored,
    )
    audit_record(
        organisation=instrument.owner,
        actor=actor,
        action="healthcheck.question_added",
        target=instrument,
        data={"version": instrument.version, "code": question.code, "area": area},
    )
    return question
