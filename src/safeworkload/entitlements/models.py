"""Extra hours, time off in lieu and development time: the Social Work Contract's rights.

Pay or time off in lieu (TOIL) for extra hours (point 2) and 10% of working
time for professional development (point 5); protected development time for
the newly qualified (reference/01 §2.4 and §2.6). The arithmetic lives in
``safeworkload.calc.development``; these models hold what it is applied to.
Free text here (reasons, descriptions, a manager's reason to decline) stays on
the record and never goes into the audit log, which cannot be erased.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.calc import development as calc
from safeworkload.organisations.models import Organisation, Person

MIN_HOURS = Decimal("0.25")
MAX_HOURS_A_DAY = Decimal("24")
MAX_DEVELOPMENT_HOURS = Decimal("40")  # a week's course recorded as one entry


class ExtraHours(models.Model):
    """One occasion of hours worked beyond the contract, and what the worker asks for."""

    class Compensation(models.TextChoices):
        PAY = calc.PAY, "Pay"
        TOIL = calc.TOIL, "Time off in lieu"
        UNCLAIMED = calc.UNCLAIMED, "Nothing: recorded so the hours are seen"

    class Status(models.TextChoices):
        CLAIMED = calc.CLAIMED, "Waiting for a decision"
        APPROVED = calc.APPROVED, "Approved"
        DECLINED = calc.DECLINED, "Declined"
        # Unclaimed hours: nothing for a manager to decide, but they count as unpaid.
        RECORDED = calc.RECORDED, "Recorded, nothing claimed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="extra_hours"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="extra_hours")
    worked_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS_A_DAY)],
    )
    reason = models.CharField(max_length=200)
    compensation = models.CharField(max_length=10, choices=Compensation.choices)
    status = models.CharField(max_length=10, choices=Status.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # For the worker, never for the audit log.
    decline_reason = models.CharField(max_length=300, blank=True)

    objects: models.Manager["ExtraHours"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-worked_on", "-id"]
        verbose_name_plural = "extra hours"
        constraints = [
            # Unclaimed hours are recorded, never decided; a claim is never "recorded".
            models.CheckConstraint(
                condition=(models.Q(compensation="unclaimed") & models.Q(status="recorded"))
                | (~models.Q(compensation="unclaimed") & ~models.Q(status="recorded")),
                name="extra_hours_unclaimed_iff_recorded",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="extra_hours_decline_needs_a_reason",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "person", "worked_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} h on {self.worked_on} ({self.get_status_display()})"

    def entry(self) -> calc.Entry:
        return calc.Entry(self.hours, self.compensation, self.status)


class ToilTaken(models.Model):
    """Time off taken against approved time off in lieu."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="toil_taken"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="toil_taken")
    taken_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_HOURS_A_DAY)],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["ToilTaken"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-taken_on", "-id"]
        verbose_name_plural = "time off in lieu taken"
        indexes = [models.Index(fields=["organisation", "person", "taken_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} h off on {self.taken_on}"


class DevelopmentTime(models.Model):
    """Hours spent on professional development on one day (or one course)."""

    class Kind(models.TextChoices):
        CPD = "cpd", "Continuing professional development"
        PROTECTED = "protected", "Protected development time (newly qualified)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="development_time"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="development_time")
    done_on = models.DateField()
    hours = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        validators=[MinValueValidator(MIN_HOURS), MaxValueValidator(MAX_DEVELOPMENT_HOURS)],
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CPD)
    description = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["DevelopmentTime"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-done_on", "-id"]
        verbose_name_plural = "development time"
        indexes = [models.Index(fields=["organisation", "person", "done_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours} h {self.get_kind_display()} on {self.done_on}"
