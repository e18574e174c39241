"""Sample weeks of time use: the hours of one week, by category, for one person.

A person records a week now and then, not every week: enough to see the share
of time with people against the 80% target (calc/timeuse.py). The individual
sample is the person's and their supervisor's; everyone else sees aggregates of
at least SAFEWORKLOAD_TIME_USE_MIN_GROUP people.
"""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.calc.timeuse import CATEGORY_KEYS
from safeworkload.organisations.models import Organisation, Person, Team

MAX_HOURS = Decimal(100)
_HOURS_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(MAX_HOURS)]


def _hours(label: str) -> models.DecimalField[Decimal, Decimal]:
    return models.DecimalField(
        label, max_digits=5, decimal_places=2, default=Decimal(0), validators=_HOURS_VALIDATORS
    )


class TimeSample(models.Model):
    """One person's week starting on a Monday; at most one a week, replaced when re-recorded."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="time_samples"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="time_samples")
    # The person's team when they recorded the week: aggregates follow the team
    # the work was done in, not the one the person is in now.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="time_samples"
    )
    week_starting = models.DateField(help_text="The Monday the week starts on.")
    face_to_face = _hours("Face to face with people")
    remote_contact = _hours("Phone or video with people")
    recording = _hours("Recording and case admin")
    other_admin = _hours("Other admin")
    travel = _hours("Travel")
    supervision = _hours("Supervision")
    learning = _hours("Learning")
    meetings = _hours("Meetings")
    # Copied from the person when recorded, so a later change of contract does
    # not rewrite the extra hours of past weeks.
    contracted_hours = models.DecimalField(max_digits=4, decimal_places=1)
    recorded_on = models.DateField()

    objects: models.Manager["TimeSample"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["person", "-week_starting"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "week_starting"], name="one_time_sample_per_week"
            )
        ]
        indexes = [models.Index(fields=["organisation", "week_starting"])]

    def __str__(self) -> str:
        return f"{self.person}: week starting {self.week_starting}"

    @property
    def hours(self) -> dict[str, Decimal]:
        return {key: getattr(self, key) for key in CATEGORY_KEYS}

    @property
    def worked_hours(self) -> Decimal:
        return sum(self.hours.values(), Decimal(0))
