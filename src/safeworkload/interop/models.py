from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation


class StaffImport(models.Model):
    """One uploaded staff extract: checked first, applied only on confirmation.

    The text is kept so that what is applied is exactly what was checked, and
    so that the sha256 can be compared with the file the employer still holds.
    Uploads that fail validation are not kept.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Could not be applied"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_imports"
    )
    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64, help_text="Of the text as stored, in UTF-8.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["organisation", "sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name or 'Staff import'} ({self.get_status_display()})"


class CaseImport(models.Model):
    """One uploaded case-management extract: checked first, applied only on confirmation.

    As with StaffImport, the text is kept so that what is applied is exactly
    what was checked. Case references are pseudonymised by the case system, so
    the text holds no names. Uploads that fail validation are not kept.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Could not be applied"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_imports"
    )
    file_name = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    sha256 = models.CharField(max_length=64, help_text="Of the text as stored, in UTF-8.")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)
    rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    allocated_count = models.PositiveIntegerField(
        default=0, help_text="New allocations: a case given to a worker, new or changing hands."
    )
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    applied_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager["CaseImport"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["organisation", "sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name or 'Case import'} ({self.get_status_display()})"
