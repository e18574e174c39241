"""The establishment as posts, how vacant posts are covered, and the plans to fill them.

A post with no holder is a vacancy, open since ``vacant_since``. When it is
filled, the vacancy it had is kept as a ``FilledVacancy``, so the measures
for a past date (DfE's census is at 30 September) can still count it.
``Post.cover`` is the kind of the current cover arrangement, kept in step by
the services; ``VacancyCover`` holds each arrangement over time with its
hours and hourly charge, so agency cost can be set against bank cost.
See docs/vacancies.md.
"""

from datetime import date
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Person, Team


class Post(models.Model):
    """A funded post in the establishment. A post with no holder is a vacancy."""

    class Cover(models.TextChoices):
        AGENCY = "agency", "Agency"
        BANK = "bank", "Bank"
        OVERTIME = "overtime", "Overtime"
        NONE = "none", "Not covered"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="posts")
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="posts")
    job_role = models.CharField(max_length=30, choices=Person.JobRole.choices)
    grade = models.CharField(max_length=40, blank=True)
    funded_fte = models.DecimalField(
        max_digits=4, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    holder = models.OneToOneField(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="post"
    )
    vacant_since = models.DateField(null=True, blank=True)
    cover = models.CharField(max_length=12, choices=Cover.choices, default=Cover.NONE)

    objects: models.Manager["Post"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["team__name", "job_role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(holder__isnull=False) | models.Q(vacant_since__isnull=False),
                name="vacant_post_has_vacant_since",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_job_role_display()}, {self.team}"

    @property
    def is_vacant(self) -> bool:
        return self.holder_id is None


class FilledVacancy(models.Model):
    """A vacancy that has ended: the post was vacant from ``opened_on`` until the
    day before ``filled_on``, the new holder's first day."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="filled_vacancies"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="filled_vacancies")
    opened_on = models.DateField()
    filled_on = models.DateField()
    funded_fte = models.DecimalField(max_digits=4, decimal_places=2)

    objects: models.Manager["FilledVacancy"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-filled_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(filled_on__gte=models.F("opened_on")),
                name="vacancy_filled_after_it_opened",
            )
        ]

    def __str__(self) -> str:
        return f"{self.post} vacant {self.opened_on} to {self.filled_on}"


class VacancyCover(models.Model):
    """One arrangement covering a vacant post, from ``starts_on`` to ``ends_on``
    (both included; open-ended while ``ends_on`` is empty)."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="vacancy_covers"
    )
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="covers")
    kind = models.CharField(max_length=12, choices=Post.Cover.choices)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("60"))],
    )
    pence_per_hour = models.PositiveIntegerField(
        default=0, help_text="What the employer is charged an hour, on-costs and fees included."
    )
    # The agency or bank worker's staff record, when they have one: they then
    # count once in the agency figures, through that record.
    worker = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="covers"
    )
    note = models.CharField(max_length=200, blank=True)

    objects: models.Manager["VacancyCover"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["post", "-starts_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="cover_ends_after_it_starts",
            )
        ]
        indexes = [models.Index(fields=["organisation", "kind", "starts_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} cover of {self.post}"

    def active_on(self, on: date) -> bool:
        return self.starts_on <= on and (self.ends_on is None or self.ends_on >= on)


class ActionPlan(models.Model):
    """The plan to fill one vacancy or a group of them."""

    class Status(models.TextChoices):
        ACTIVE = "active", "In progress"
        ON_HOLD = "on_hold", "On hold"
        DONE = "done", "Done"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="action_plans"
    )
    title = models.CharField(max_length=120)
    posts = models.ManyToManyField(Post, related_name="action_plans")
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_plans"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    created_on = models.DateField()

    objects: models.Manager["ActionPlan"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["status", "-created_on", "-id"]

    def __str__(self) -> str:
        return self.title


class ActionStep(models.Model):
    """One step of a plan, with who does it and by when. Reached through its plan."""

    class Kind(models.TextChoices):
        ADVERTISED = "advertised", "Advertise"
        SHORTLISTING = "shortlisting", "Shortlist"
        INTERVIEWS = "interviews", "Interview"
        OFFERS = "offers", "Make offers"
        START = "start", "Start date"
        OTHER = "other", "Other"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    owner = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_steps"
    )
    due_on = models.DateField()
    done_on = models.DateField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["plan", "due_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.plan})"

    def is_overdue(self, today: date) -> bool:
        """Due today is not overdue: the owner has the whole day."""
        return self.done_on is None and self.due_on < today
