"""Staffing models saved in the product, and their runs.

A model is a model file (TOML, docs/staffing-model-file.md) with the note of
where each prefilled figure came from. A run keeps its own copy of the file,
the scenarios and the seed, so that editing the model never changes an old
result, and "Run again" repeats a run exactly.
"""

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Team


class Service(models.TextChoices):
    ADULTS = "adults", "Adults"
    CHILDRENS = "childrens", "Children and families"


class StaffingModel(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staffing_models"
    )
    name = models.CharField(max_length=160)
    service = models.CharField(max_length=12, choices=Service.choices)
    # The team the figures were taken from; none for a whole service area.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="staffing_models"
    )
    toml = models.TextField()
    # Where each prefilled figure came from (selectors.prefill.Prefill.sources).
    sources = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects: models.Manager["StaffingModel"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-updated_at", "-id"]

    def __str__(self) -> str:
        return self.name


class StaffingRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="staffing_runs"
    )
    model = models.ForeignKey(StaffingModel, on_delete=models.CASCADE, related_name="runs")
    # The inputs exactly as run: the file, each case type's spread of weeks
    # open (for the fan chart) and the scenarios as overrides on the file.
    toml = models.TextField()
    duration_cv = models.JSONField(default=dict, blank=True)
    scenarios = models.JSONField(default=list, blank=True)
    replications = models.PositiveIntegerField()
    seed = models.PositiveBigIntegerField()
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    result = models.JSONField(null=True, blank=True)
    rerun_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reruns"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects: models.Manager["StaffingRun"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Run {self.pk} of {self.model}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.progress_total:
            return 0
        return min(100, 100 * self.progress_done // self.progress_total)
