from typing import ClassVar

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation


class CheckedImport(models.Model):
    """An uploaded extract: checked first, applied only on confirmation.

    The text is kept so that what is applied is exactly what was checked, and
    so that the sha256 can be compared with the file the employer still holds.
    Uploads that fail validation are not kept. Each concrete import adds its
    organisation (with its own related name) and any counts of its own.
    """

    class Status(models.TextChoices):
        CHECKED = "checked", "Checked, waiting for confirmation"
        APPLIED = "applied", "Applied"
        FAILED = "failed", "Could not be applied"

    # What __str__ calls an import whose file had no name.
    unnamed: ClassVar[str] = "Import"
    # Declared by each concrete import, with its own related name.
    organisation: Organisation

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

    class Meta:
        abstract = True
        ordering = ["-uploaded_at"]
        indexes = [models.Index(fields=["organisation", "sha256"])]

    def __str__(self) -> str:
        return f"{self.file_name or self.unnamed} ({self.get_status_display()})"


class StaffImport(CheckedImport):
    """One uploaded staff extract (see CheckedImport)."""

    unnamed = "Staff import"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staff_imports"
    )

    objects: models.Manager["StaffImport"] = ScopedManager(organisation="organisation")

    class Meta(CheckedImport.Meta):
        pass


class CaseImport(CheckedImport):
    """One uploaded case-management extract (see CheckedImport).

    Case references are pseudonymised by the case system, so the text holds
    no names.
    """

    unnamed = "Case import"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="case_imports"
    )
    allocated_count = models.PositiveIntegerField(
        default=0, help_text="New allocations: a case given to a worker, new or changing hands."
    )

    objects: models.Manager["CaseImport"] = ScopedManager(organisation="organisation")

    class Meta(CheckedImport.Meta):
        pass


class SupervisionImport(CheckedImport):
    """One uploaded extract of supervision sessions (see CheckedImport).

    The file has no notes columns, so the text holds no notes.
    """

    unnamed = "Supervision import"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="supervision_imports"
    )
    agreements_created_count = models.PositiveIntegerField(
        default=0, help_text="Supervision agreements the import had to create."
    )

    objects: models.Manager["SupervisionImport"] = ScopedManager(organisation="organisation")

    class Meta(CheckedImport.Meta):
        pass
