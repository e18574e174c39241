"""Weighted caseloads: what a case weighs, who holds it, and what that does to a worker.

The rules themselves live in ``safeworkload.calc`` (capacity, standards,
allocation); these models hold the records they are applied to. Sources for
every number: shared reference/01 sections 1, 3 and 4, and reference/02 2.4.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Person, Team

TIER_VALIDATORS = [MinValueValidator(1), MaxValueValidator(3)]


class CaseType(models.Model):
    """A kind of case in one service area, e.g. a Care Act assessment or a s47 enquiry."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_types"
    )
    service_area = models.CharField(max_length=20, choices=Team.ServiceArea.choices)
    code = models.SlugField(max_length=40)
    name = models.CharField(max_length=120)
    reserved = models.BooleanField(
        default=False,
        help_text="Only a registered social worker may hold it (Care Act and Children Act "
        "assessments, s42 and s47 enquiries, AMHP, BIA and court work).",
    )

    objects: models.Manager["CaseType"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["service_area", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_area", "code"], name="case_type_code_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class WeightingScheme(models.Model):
    """One version of an organisation's scheme for a service area.

    A scheme applies from ``effective_from`` until the next version's date, so
    a snapshot for any past week is weighed by the scheme in force then.
    """

    class Mode(models.TextChoices):
        POINTS = "points", "Points (weighted by case type and tier)"
        COUNT = "count", "Count (cases by tier)"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="weighting_schemes"
    )
    service_area = models.CharField(max_length=20, choices=Team.ServiceArea.choices)
    name = models.CharField(max_length=120)
    effective_from = models.DateField()
    mode = models.CharField(max_length=10, choices=Mode.choices, default=Mode.POINTS)
    profile = models.CharField(
        max_length=30,
        default="local-agreed",
        help_text="The band profile from calc.standards, e.g. probation-2010 or local-agreed.",
    )
    # The full-time nominal target: 100 in council schemes (Wirral), 2,176 in the WMT.
    nominal_target = models.PositiveIntegerField(default=100)
    default_hours = models.DecimalField(max_digits=4, decimal_places=1, default=Decimal("37.0"))
    fixed_points = models.DecimalField(
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        help_text="Non-case work every worker carries (Wirral's 15-point stable element).",
    )
    newly_qualified_ceiling_percent = models.PositiveSmallIntegerField(default=90)
    responsive_uplift_percent = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MaxValueValidator(Decimal("30"))],
        help_text="Up to 30% for responsive work on top of case points (WMT 2022).",
    )
    # The local-agreed profile's thresholds, agreed with practitioners (LGA standard 3).
    green_from_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    amber_from_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    red_from_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["WeightingScheme"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["service_area", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "service_area", "effective_from"],
                name="one_scheme_version_per_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (from {self.effective_from:%d %b %Y})"


class CaseWeight(models.Model):
    """Points for one case type at one tier, in one scheme version."""

    scheme = models.ForeignKey(WeightingScheme, on_delete=models.CASCADE, related_name="weights")
    case_type = models.ForeignKey(CaseType, on_delete=models.CASCADE, related_name="weights")
    tier = models.PositiveSmallIntegerField(validators=TIER_VALIDATORS)
    points = models.DecimalField(max_digits=7, decimal_places=2)

    class Meta:
        ordering = ["case_type__name", "tier"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "case_type", "tier"], name="one_weight_per_type_and_tier"
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_type} tier {self.tier}: {self.points}"


class Reduction(models.Model):
    """Hours a week taken off a worker's available capacity, with a reason and an end."""

    class Kind(models.TextChoices):
        TRAINING = "training", "Training"
        UNION_DUTIES = "union_duties", "Union duties"
        REASONABLE_ADJUSTMENT = "reasonable_adjustment", "Reasonable adjustment"
        PROTECTED_DEVELOPMENT = "protected_development", "Protected development time"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="reductions"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="reductions")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, validators=[MinValueValidator(Decimal("0.1"))]
    )
    reason = models.CharField(max_length=200)
    starts_on = models.DateField()
    expires_on = models.DateField()

    objects: models.Manager["Reduction"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.hours_per_week} h/week"


class Case(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        AWAITING_CLOSURE = "awaiting_closure", "Awaiting closure"
        DORMANT = "dormant", "Dormant"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="cases")
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    # A pseudonymised reference from the case system: never a name or an NHS number.
    reference = models.CharField(max_length=40)
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="cases")
    tier = models.PositiveSmallIntegerField(validators=TIER_VALIDATORS, default=2)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    opened_on = models.DateField()
    closed_on = models.DateField(null=True, blank=True)
    last_contact_on = models.DateField(null=True, blank=True)
    # The current holder, kept in step with the open Allocation by the services,
    # so that loads are one indexed query rather than a walk of the history.
    worker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases"
    )

    objects: models.Manager["Case"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "reference"], name="case_reference_unique_in_org"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "worker", "status"]),
            models.Index(fields=["organisation", "team", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference


class TierAgreement(models.Model):
    """Each change of a case's tier: who proposed it, and when worker and manager agreed."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tier_history")
    tier = models.PositiveSmallIntegerField(validators=TIER_VALIDATORS)
    # Kept here, not in the audit log: free text may describe a person, and
    # the log can never be erased.
    reason = models.CharField(max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    worker_agreed_at = models.DateTimeField(null=True, blank=True)
    manager_agreed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["case", "-changed_at"]

    def __str__(self) -> str:
        return f"{self.case} tier {self.tier}"


class Allocation(models.Model):
    """A spell of one case with one worker; the history is never overwritten."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="allocations"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocations")
    worker = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="allocations")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=200)
    allocated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    allocated_at = models.DateTimeField(auto_now_add=True)
    # Set only when the allocation took the worker over their ceiling.
    potential_percent = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    over_ceiling = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_by_worker_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager["Allocation"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["case", "-starts_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ends_on__isnull=True),
                name="one_open_allocation_per_case",
            ),
            models.CheckConstraint(
                condition=models.Q(over_ceiling=False) | ~models.Q(override_reason=""),
                name="over_ceiling_needs_a_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} to {self.worker}"


class CapacitySnapshot(models.Model):
    """A worker's load in the week starting on a Monday, weighed by the scheme then in force."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="capacity_snapshots"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="snapshots")
    week_start = models.DateField()
    cases = models.PositiveIntegerField()
    points = models.DecimalField(max_digits=9, decimal_places=2)
    available_points = models.PositiveIntegerField()
    percent = models.DecimalField(max_digits=6, decimal_places=1)
    band = models.CharField(max_length=10)

    objects: models.Manager["CapacitySnapshot"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["person", "week_start"]
        constraints = [
            models.UniqueConstraint(fields=["person", "week_start"], name="one_snapshot_per_week")
        ]
        indexes = [models.Index(fields=["organisation", "week_start"])]

    def __str__(self) -> str:
        return f"{self.person} {self.week_start}: {self.percent}%"


class CapacityDeclaration(models.Model):
    """A worker saying "I am full", whatever the score says; it always starts a review."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="capacity_declarations"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="declarations")
    declared_at = models.DateTimeField(auto_now_add=True)
    note = models.TextField(blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(blank=True)

    objects: models.Manager["CapacityDeclaration"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-declared_at"]

    def __str__(self) -> str:
        return f"{self.person} at capacity ({self.declared_at:%d %b %Y})"


class EscalationLevel(models.Model):
    """One rung of the organisation's escalation ladder (the Social Work Contract's right)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="escalation_levels"
    )
    rank = models.PositiveSmallIntegerField(help_text="1 is the first rung.")
    title = models.CharField(max_length=80, help_text="For example: team manager, director.")
    days_to_act = models.PositiveSmallIntegerField(default=10)

    objects: models.Manager["EscalationLevel"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["organisation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "rank"], name="one_level_per_rank")
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.title}"


class Breach(models.Model):
    """A worker's load outside the standard, open until a plan brings it back."""

    class Kind(models.TextChoices):
        RED_BAND = "red_band", "In the red band"
        SUSTAINED_OVERLOAD = "sustained_overload", "Over 110% for four weeks running"
        COUNT_CAP = "count_cap", "Over the case count cap"
        DECLARATION = "declaration", "Declared at capacity"
        DEVELOPMENT_TIME = "development_time", "Under the 10% development time"
        PROTECTED_TIME = "protected_time", "Newly qualified protected time not given"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        RESOLVED = "resolved", "Resolved"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="breaches"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="breaches")
    team = models.ForeignKey(Team, null=True, on_delete=models.SET_NULL, related_name="breaches")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_on = models.DateField()
    due_on = models.DateField()
    level = models.ForeignKey(
        EscalationLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="breaches"
    )
    percent_when_opened = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    plan = models.TextField(blank=True)
    work_removed = models.BooleanField(default=False)
    co_worker_added = models.BooleanField(default=False)
    case_reallocated = models.BooleanField(default=False)
    resolved_on = models.DateField(null=True, blank=True)

    objects: models.Manager["Breach"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["status", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=models.Q(status="open"),
                name="one_open_breach_per_person_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()}"


class BreachEvent(models.Model):
    """The breach's timeline: opened, plan recorded, escalated, resolved."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        PLAN_RECORDED = "plan_recorded", "Plan recorded"
        ESCALATED = "escalated", "Escalated"
        RESOLVED = "resolved", "Resolved"

    breach = models.ForeignKey(Breach, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField(auto_now_add=True)
    level = models.ForeignKey(
        EscalationLevel, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["breach", "at", "id"]

    def __str__(self) -> str:
        return f"{self.breach}: {self.get_kind_display()}"


class AllocationRequest(models.Model):
    """A manager asking a worker to take a case above their ceiling.

    The case stays in the queue until the worker themself acknowledges (then the
    guard allocates it) or declines, or the manager withdraws the request.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for the worker"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="allocation_requests"
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="allocation_requests")
    worker = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="allocation_requests")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField()
    potential_percent = models.DecimalField(max_digits=6, decimal_places=1)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    responded_at = models.DateTimeField(null=True, blank=True)
    # From a worker who declines: for the manager, never for the audit log.
    response_note = models.TextField(blank=True)

    objects: models.Manager["AllocationRequest"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="pending"),
                name="one_pending_allocation_request_per_case",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} to {self.worker} ({self.status})"
