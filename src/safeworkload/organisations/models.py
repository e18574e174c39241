from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.calc.experience import experience_band
from safeworkload.organisations.roles import RegionalRole, Role


class Region(models.Model):
    name = models.CharField(max_length=120, unique=True)
    code = models.SlugField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", "Council"
        NHS_TRUST = "nhs_trust", "NHS trust"
        SOCIAL_WORK_PRACTICE = "sw_practice", "Social work practice"
        SOCIAL_ENTERPRISE = "social_enterprise", "Social enterprise"

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="organisations")
    name = models.CharField(max_length=160, unique=True)
    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    standard_weekly_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("37.0"),
        help_text="The full-time week that FTE is measured against.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    class ServiceArea(models.TextChoices):
        ADULTS = "adults", "Adults"
        CHILDREN = "children", "Children and families"

    class TeamType(models.TextChoices):
        DUTY = "duty", "Duty and assessment"
        LONG_TERM = "long_term", "Long-term"
        HOSPITAL = "hospital", "Hospital"
        SAFEGUARDING = "safeguarding", "Safeguarding"
        MENTAL_HEALTH = "mental_health", "Mental health"
        LEARNING_DISABILITY = "learning_disability", "Learning disability"
        REVIEW = "review", "Review"
        FRONT_DOOR = "front_door", "Front door"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(max_length=120)
    service_area = models.CharField(max_length=20, choices=ServiceArea.choices)
    team_type = models.CharField(max_length=30, choices=TeamType.choices)
    manager = models.ForeignKey(
        "Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_teams"
    )

    objects: models.Manager["Team"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="team_name_unique_in_org")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A member of staff. Not every person signs in; a sign-in is a Membership."""

    class JobRole(models.TextChoices):
        SOCIAL_WORKER = "social_worker", "Social worker"
        SENIOR_PRACTITIONER = "senior_practitioner", "Senior or advanced practitioner"
        NEWLY_QUALIFIED = "newly_qualified", "Newly qualified social worker"
        OCCUPATIONAL_THERAPIST = "occupational_therapist", "Occupational therapist"
        ASSISTANT = "assistant", "Social work assistant"
        ADMINISTRATOR = "administrator", "Administrator"
        TEAM_MANAGER = "team_manager", "Team manager"
        SERVICE_LEAD = "service_lead", "Service lead"

    class EmploymentType(models.TextChoices):
        PERMANENT = "permanent", "Permanent"
        FIXED_TERM = "fixed_term", "Fixed-term"
        AGENCY = "agency", "Agency"
        BANK = "bank", "Bank"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="people")
    staff_number = models.CharField(max_length=40, help_text="The employer's own identifier.")
    given_name = models.CharField(max_length=80)
    family_name = models.CharField(max_length=80)
    email = models.EmailField(blank=True)
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    job_role = models.CharField(max_length=30, choices=JobRole.choices)
    qualified = models.BooleanField(default=False)
    registered = models.BooleanField(default=False)
    registration_number = models.CharField(max_length=20, blank=True)
    contracted_hours = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("48"))],
    )
    qualification_date = models.DateField(null=True, blank=True)
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices)
    grade = models.CharField(max_length=40, blank=True)

    objects: models.Manager["Person"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["family_name", "given_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "staff_number"], name="staff_number_unique_in_org"
            )
        ]
        indexes = [models.Index(fields=["organisation", "family_name", "given_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def fte(self) -> Decimal:
        return (self.contracted_hours / self.organisation.standard_weekly_hours).quantize(
            Decimal("0.01")
        )

    def experience_band(self, on: date) -> str:
        return experience_band(self.qualification_date, on=on)


class Membership(models.Model):
    """A user's role in one organisation; a user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
        help_text="The staff record of this user in this organisation, if they have one.",
    )

    objects: models.Manager["Membership"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["organisation__name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_membership_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.organisation})"


class RegionalMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="regional_memberships"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=RegionalRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region", "role"], name="one_regional_membership_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()}, {self.region})"


class ApiToken(models.Model):
    """An organisation's key to the API. Only a SHA-256 of the key is stored."""

    class Access(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80)
    prefix = models.CharField(max_length=12, help_text="The first characters, to tell keys apart.")
    key_hash = models.CharField(max_length=64, unique=True)
    access = models.CharField(max_length=12, choices=Access.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager["ApiToken"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Absence(models.Model):
    """A spell away from work: the person is absent from ``starts_on`` to ``ends_on``,
    both days included. The allocation guard gives no new work to someone absent."""

    class Kind(models.TextChoices):
        ANNUAL_LEAVE = "annual_leave", "Annual leave"
        SICKNESS = "sickness", "Sickness"
        TRAINING = "training", "Training"
        OTHER = "other", "Other"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="absences"
    )
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="absences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    starts_on = models.DateField()
    ends_on = models.DateField()
    # Seen only by those who record absences; never written to the audit log.
    note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects: models.Manager["Absence"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="absence_ends_on_or_after_start",
            )
        ]
        indexes = [models.Index(fields=["organisation", "person", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.person}: {self.get_kind_display()} ({self.starts_on} to {self.ends_on})"
