"""Supervision: who supervises whom, the sessions, and what was agreed in them.

The rules the records are checked against live in ``safeworkload.calc.supervision``
(LGA standard 5 and the UNISON Social Work Contract; shared reference/01 sections
2.3, 2.4 and 2.6). Personal and reflective notes are read only by the two people
in the session: no selector for anyone else returns them and no audit entry or
email copies them.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.caseloads.models import Case
from safeworkload.organisations.models import Organisation, Person


class Agreement(models.Model):
    """A supervision arrangement between two people, from a date."""

    class Kind(models.TextChoices):
        LINE = "line", "Line management and case supervision"
        # Where the line manager is not a registered social worker, LGA standard 5
        # asks for extra professional supervision from one who is.
        PROFESSIONAL = "professional", "Professional supervision from a registered social worker"

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", "Weekly"
        FORTNIGHTLY = "fortnightly", "Fortnightly"
        MONTHLY = "monthly", "Monthly"
        NEWLY_QUALIFIED = "newly_qualified", "Newly qualified timetable"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_agreements"
    )
    supervisee = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="supervised_under"
    )
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="supervising")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.LINE)
    frequency = models.CharField(
        max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    # For the newly qualified timetable this is the first day of the programme.
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)

    objects: models.Manager["Agreement"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["organisation", "supervisee"])]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.supervisee}"


class Pause(models.Model):
    """A break in a newly qualified programme (sickness, bereavement, parental
    leave) that stops the timetable's clock, as Dorset's ASYE rules allow."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_pauses"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="pauses")
    starts_on = models.DateField()
    ends_on = models.DateField()

    objects: models.Manager["Pause"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"Pause from {self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"


class Session(models.Model):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_sessions"
    )
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="sessions")
    # Copied from the agreement so that compliance is one indexed query per month.
    supervisee = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    supervisor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    scheduled_for = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    change_reason = models.CharField(max_length=300, blank=True)
    moved_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="moved_from"
    )
    held_on = models.DateField(null=True, blank=True)
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    interrupted = models.BooleanField(default=False)
    # Whether the supervisor was a registered social worker when it was held:
    # registration can lapse later, and the UNISON right is judged on the day.
    registered_supervisor = models.BooleanField(default=False)
    reflective_minutes = models.PositiveSmallIntegerField(default=0)
    reflective_notes = models.TextField(blank=True)
    personal_notes = models.TextField(blank=True)
    confirmed_on = models.DateField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    # The case system's identifier for an imported session, so a second import
    # of the same file changes nothing.
    external_ref = models.CharField(max_length=60, blank=True)

    objects: models.Manager["Session"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-scheduled_for", "-id"]
        indexes = [
            models.Index(fields=["organisation", "held_on"]),
            models.Index(fields=["organisation", "scheduled_for"]),
            models.Index(fields=["supervisee", "held_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "external_ref"],
                condition=~models.Q(external_ref=""),
                name="supervision_session_external_ref_unique",
            )
        ]

    def __str__(self) -> str:
        return f"Supervision for {self.supervisee} on {self.scheduled_for:%-d %B %Y}"


class Action(models.Model):
    """An action agreed in supervision, with its owner and date (LGA framework)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_actions"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)

    objects: models.Manager["Action"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return f"Action due {self.due_on:%-d %B %Y}"


class CaseDiscussion(models.Model):
    """Case supervision: the decision and its reason, kept with the case (Camden's
    recording guidance) so that whoever holds the case next can read it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_discussions"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="case_discussions")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="supervision_discussions")
    decision = models.TextField()
    rationale = models.TextField(blank=True)

    objects: models.Manager["CaseDiscussion"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-session__held_on", "-id"]

    def __str__(self) -> str:
        return f"Supervision discussion of case {self.case.reference}"
