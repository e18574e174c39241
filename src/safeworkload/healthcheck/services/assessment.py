"""The organisation's self-assessment against the eight Standards for employers.

Not anonymous: the principal social worker signs it, and it is published
with the report. Saving it again the same year updates it and says who and
when; the audit entry holds the ratings, not the evidence text.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db import transaction

from safeworkload.audit.services import Actor, audit_record, signed_in_user
from safeworkload.healthcheck.models import Instrument, Question, Rating, SelfAssessment
from safeworkload.organisations.models import Organisation


@dataclass(frozen=True)
class RatingInput:
    value: int
    evidence: str = ""


@transaction.atomic
def self_assessment_save(
    *,
    organisation: Organisation,
    actor: Actor,
    year: int,
    instrument: Instrument,
    ratings: Mapping[Question, RatingInput],
    today: date,
) -> SelfAssessment:
    assessment, _ = SelfAssessment.objects.update_or_create(
        organisation=organisation,
        year=year,
        defaults={
            "instrument": instrument,
            "completed_by": signed_in_user(actor),
            "completed_on": today,
        },
    )
    for question, rating in ratings.items():
        Rating.objects.update_or_create(
            organisation=organisation,
            assessment=assessment,
            question=question,
            defaults={"value": rating.value, "evidence": rating.evidence.strip()},
        )
    audit_record(
        organisation=organisation,
        actor=actor,
        action="healthcheck.self_assessment_saved",
        target=assessment,
        data={"year": year, "ratings": {q.code: r.value for q, r in ratings.items()}},
    )
    return assessment
