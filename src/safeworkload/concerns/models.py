"""Professional concerns: the Social Work Contract's right to escalate.

A practitioner raises a concern about practice, chooses how high in the
organisation it goes (up to an elected member, board member or trustee), and
the organisation must answer by a deadline (reference/01 section 2.6, point 3,
and "having concerns heard and acted on"). See docs/professional-concerns.md.

The subject, detail and answer are personal: they stay on these rows and are
shown only to the person who raised the concern and to those who answer
concerns. The audit log, emails, the union register and the API carry the
fact, level, dates and status only.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Person


class Level(models.IntegerChoices):
    """How high a concern goes, lowest first: a higher number is a higher rung."""

    TEAM_MANAGER = 1, "Team manager"
    SERVICE_LEAD = 2, "Service lead or principal social worker"
    DIRECTOR = 3, "Director"
    CHIEF_EXECUTIVE = 4, "Chief executive"
    GOVERNANCE = 5, "Elected member, board member or trustee"


# Who sits at the top depends on who governs the employer: a council's elected
# members, an NHS trust's board, a practice's or social enterprise's trustees
# or board.
TOP_RUNG: dict[str, str] = {
    Organisation.Kind.COUNCIL: "Elected member (councillor)",
    Organisation.Kind.NHS_TRUST: "Board member",
    Organisation.Kind.SOCIAL_WORK_PRACTICE: "Trustee or board member",
    Organisation.Kind.SOCIAL_ENTERPRISE: "Trustee or board member",
}


def level_title(level: int, organisation_kind: str) -> str:
    """The rung's name as the organisation's staff would say it."""
    if level == Level.GOVERNANCE:
        return TOP_RUNG.get(organisation_kind, Level.GOVERNANCE.label)
    return Level(level).label


class Concern(models.Model):
    class Status(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ANSWERED = "answered", "Answered"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="concerns"
    )
    raised_by = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="concerns")
    raised_on = models.DateField()
    subject = models.CharField(max_length=120)
    detail = models.TextField()
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RAISED)
    answer_due_on = models.DateField()
    # The deadline already marked overdue, so the overdue event and reminder
    # happen once for each deadline (taking a concern higher sets a new one).
    overdue_noted_for = models.DateField(null=True, blank=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)

    objects: models.Manager["Concern"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-raised_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "answer_due_on"])]

    def __str__(self) -> str:
        return f"Concern {self.pk}"

    @property
    def level_title(self) -> str:
        return level_title(self.level, self.organisation.kind)

    @property
    def awaiting_answer(self) -> bool:
        return self.status in (self.Status.RAISED, self.Status.ACKNOWLEDGED)

    def days_overdue(self, today: date | None = None) -> int:
        """Days past the deadline while no answer has been given; 0 otherwise.
        Due today is not overdue: the organisation has the whole day."""
        on = today or timezone.localdate()
        if not self.awaiting_answer:
            return 0
        return max((on - self.answer_due_on).days, 0)


class ConcernEvent(models.Model):
    """The concern's timeline. An answer's words are kept on its event, so an
    earlier answer stays readable after the concern is taken higher."""

    class Kind(models.TextChoices):
        RAISED = "raised", "Raised"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        ANSWERED = "answered", "Answered"
        ESCALATED = "escalated", "Taken higher"
        CLOSED = "closed", "Closed"
        OVERDUE = "overdue", "Deadline passed without an answer"

    concern = models.ForeignKey(Concern, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=15, choices=Kind.choices)
    at = models.DateTimeField(default=timezone.now)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["concern", "at", "id"]

    def __str__(self) -> str:
        return f"{self.concern}: {self.get_kind_display()}"

    @property
    def level_title(self) -> str:
        return level_title(self.level, self.concern.organisation.kind)
