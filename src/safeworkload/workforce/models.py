from decimal import Decimal

from django.core.validators import MinValueValidator
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
