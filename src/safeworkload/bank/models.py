"""The regional relief bank: one pool of workers shared by a region's employers.

A worker registers once for the region; their checks are recorded once and are
valid at every member employer. Employers' teams ask for cover; the
coordinator's matching run proposes offers; the worker accepts or declines;
the requesting team approves timesheets; the bank recharges the employer.

Pool records (workers, checks, availability, places, rate cards) belong to the
region, not to an employer, so they use the plain manager and every query on
them filters by region. Requests, offers and timesheets belong to the employer
that asked, and are scoped by organisation like every other tenant record.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Person, Region, Team


class Specialism(models.TextChoices):
    AMHP = "amhp", "Approved mental health professional (AMHP)"
    BIA = "bia", "Best interests assessor (BIA)"
    PRACTICE_EDUCATOR = "practice_educator", "Practice educator"
    COURT = "court", "Court work"
    SAFEGUARDING = "safeguarding", "Safeguarding enquiries"


class Place(models.Model):
    """A town or office in the region, on a km grid, so that travel can be measured
    without sending addresses anywhere."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="bank_places")
    name = models.CharField(max_length=80)
    x_km = models.DecimalField(max_digits=7, decimal_places=2)
    y_km = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="one_place_name_per_region")
        ]

    def __str__(self) -> str:
        return self.name


class BankWorker(models.Model):
    """A relief worker registered once for the whole region."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="bank_workers")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bank_worker",
    )
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    email = models.EmailField()
    job_role = models.CharField(max_length=30, choices=Person.JobRole.choices)
    grade = models.CharField(max_length=40, blank=True)
    registration_number = models.CharField(max_length=20, blank=True)
    specialisms = models.JSONField(default=list, blank=True, help_text="Specialism values.")
    service_areas = models.JSONField(default=list, blank=True, help_text="Team.ServiceArea values.")
    years_experience = models.PositiveSmallIntegerField(default=0)
    home = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    max_travel_miles = models.PositiveSmallIntegerField(default=20)
    max_days_per_week = models.PositiveSmallIntegerField(default=3)
    # The cool-off rule: a permanent employee who left an employer cannot be
    # offered back to it as relief until SAFEWORKLOAD_BANK_COOL_OFF_MONTHS pass.
    former_employer = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    left_former_employer_on = models.DateField(null=True, blank=True)
    active = models.BooleanField(default=True)
    registered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["region", "email"], name="one_registration_per_region")
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class Check(models.Model):
    """A pre-employment check recorded once for the region, valid at every member."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", "Professional registration"
        DBS = "dbs", "DBS check"
        RIGHT_TO_WORK = "right_to_work", "Right to work"
        REFERENCES = "references", "References"

    worker = models.ForeignKey(BankWorker, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    reference = models.CharField(max_length=80, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True, help_text="Empty when it does not expire.")

    class Meta:
        ordering = ["worker", "kind", "-verified_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.worker}"


class Availability(models.Model):
    """A day the worker is free for relief work."""

    worker = models.ForeignKey(BankWorker, on_delete=models.CASCADE, related_name="availability")
    day = models.DateField()

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["worker", "day"], name="one_availability_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.worker} free on {self.day:%-d %B %Y}"


class RateCard(models.Model):
    """The region's shared hourly rate for a role and grade, with its cap."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="bank_rates")
    job_role = models.CharField(max_length=30, choices=Person.JobRole.choices)
    grade = models.CharField(max_length=40, blank=True)
    base_pence_per_hour = models.PositiveIntegerField()
    cap_pence_per_hour = models.PositiveIntegerField()
    mileage_pence_per_mile = models.PositiveIntegerField(default=45)
    effective_from = models.DateField()

    class Meta:
        ordering = ["job_role", "grade", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "job_role", "grade", "effective_from"], name="one_rate_per_day"
            ),
            models.CheckConstraint(
                condition=models.Q(cap_pence_per_hour__gte=models.F("base_pence_per_hour")),
                name="rate_cap_at_least_base",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_job_role_display()} {self.grade}".strip()


class CoverRequest(models.Model):
    """A team's request for relief cover: one duty shift, or case-holding cover."""

    class Kind(models.TextChoices):
        DUTY_SHIFT = "duty_shift", "Duty shift"
        CASE_HOLDING = "case_holding", "Case-holding cover"

    class Priority(models.TextChoices):
        STATUTORY = "statutory", "Statutory work"
        OTHER = "other", "Other work"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        OFFERED = "offered", "Offered"
        FILLED = "filled", "Filled"
        CANCELLED = "cancelled", "Cancelled"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="cover_requests"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="cover_requests")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    job_role = models.CharField(max_length=30, choices=Person.JobRole.choices)
    specialisms = models.JSONField(default=list, blank=True, help_text="Specialism values.")
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The same day as starts_on for a duty shift.")
    hours_per_day = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("7.5"), help_text="For a duty shift."
    )
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=2, null=True, blank=True, help_text="For case-holding cover."
    )
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="+")
    max_pence_per_hour = models.PositiveIntegerField()
    priority = models.CharField(max_length=12, choices=Priority.choices)
    handover_note = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    filled_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager["CoverRequest"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["starts_on", "created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="request_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.team}, from {self.starts_on:%-d %B %Y}"


class RateEscalation(models.Model):
    """A raise of a request's most-it-will-pay above the cap: named and reasoned."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(CoverRequest, on_delete=models.CASCADE, related_name="escalations")
    from_pence_per_hour = models.PositiveIntegerField()
    to_pence_per_hour = models.PositiveIntegerField()
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["RateEscalation"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Rate raised for {self.request}"


class MatchRun(models.Model):
    """One run of the matching over the region's open requests, with the
    booking-desk greedy's answer on the same data for comparison."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="bank_match_runs")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    requests = models.PositiveIntegerField(default=0)
    pairs = models.PositiveIntegerField(default=0)
    optimal_covered = models.PositiveIntegerField(default=0)
    optimal_cost_pence = models.BigIntegerField(default=0)
    greedy_covered = models.PositiveIntegerField(default=0)
    greedy_cost_pence = models.BigIntegerField(default=0)
    solve_seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Matching run of {self.created_at:%-d %B %Y %H:%M}"


class Offer(models.Model):
    """A proposed match offered to a worker, with why it was proposed."""

    class Status(models.TextChoices):
        OFFERED = "offered", "Offered"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    request = models.ForeignKey(CoverRequest, on_delete=models.CASCADE, related_name="offers")
    worker = models.ForeignKey(BankWorker, on_delete=models.CASCADE, related_name="offers")
    match_run = models.ForeignKey(
        MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OFFERED)
    rate_pence_per_hour = models.PositiveIntegerField()
    mileage_pence = models.PositiveIntegerField(default=0, help_text="Per day worked, return.")
    cost_pence = models.BigIntegerField(help_text="The whole cover at this rate, mileage included.")
    reason = models.TextField(help_text="Why the matching proposed this worker, in words.")
    created_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(
        blank=True, help_text="The worker's reason for declining, or why the offer was withdrawn."
    )

    objects: models.Manager["Offer"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(status__in=["offered", "accepted"]),
                name="one_live_offer_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"Offer to {self.worker} for {self.request}"


class Timesheet(models.Model):
    """Hours worked under an accepted offer, for one week, approved by the team."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        APPROVED = "approved", "Approved"
        QUERIED = "queried", "Queried"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="timesheets")
    week_starting = models.DateField()
    hours = models.DecimalField(
        max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.25"))]
    )
    miles = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal("0"))
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    query_reason = models.TextField(blank=True)

    objects: models.Manager["Timesheet"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["week_starting"]
        constraints = [
            models.UniqueConstraint(fields=["offer", "week_starting"], name="one_timesheet_a_week")
        ]

    def __str__(self) -> str:
        return f"Timesheet for the week of {self.week_starting:%-d %B %Y}"
