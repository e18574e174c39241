from typing import Any

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation


class AuditEntry(models.Model):
    """One link in an organisation's append-only audit chain.

    Written only by ``audit.services.audit_record``. Database triggers refuse
    UPDATE and DELETE (migration 0002); the hash chain shows any change made
    by someone who can get past them.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="audit_entries"
    )
    sequence = models.PositiveBigIntegerField()
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=40, blank=True)
    data = models.JSONField(default=dict)
    previous_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64)

    objects: models.Manager["AuditEntry"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["organisation_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "sequence"], name="one_entry_per_sequence"
            )
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.action}"

    def hashed_fields(self) -> dict[str, Any]:
        return {
            "organisation": self.organisation_id,
            "sequence": self.sequence,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor_label,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "data": self.data,
        }
