"""The workload health check: versioned instruments, survey waves, anonymous
responses, the organisation's self-assessment, and the joint action plan.

Anonymity (reference/06 section 8, SUR-01) is a property of these tables:

- ``Response`` has no foreign key to a user or a staff record, a random UUID
  key, the day it was submitted and nothing finer, and no IP address, browser
  or session field. The groups it is counted in (team, role, grade,
  experience) are what the respondent chose to say on the form, not copied
  from their staff record.
- Free text is kept in ``Comment`` with its own random key and no link to the
  response, so a comment cannot be joined to the answers or the groups.
- Who has answered is tracked in ``Invitation`` (a one-time link per person,
  ``completed`` yes or no), which shares no key, order or time with a response.

Nothing in the product reads a single response: reports aggregate, and
suppress every group below the survey's minimum size
(``safeworkload.calc.suppression``).
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django_scopes import ScopedManager

from safeworkload.organisations.models import Organisation, Person, Team


class Scale(models.Model):
    """How a question is answered: options with a value each, a number, or text."""

    class Kind(models.TextChoices):
        OPTIONS = "options", "Choose one option"
        NUMBER = "number", "A number"
        TEXT = "text", "Free text"

    code = models.SlugField(max_length=40, unique=True)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # For options: [{"value": 1, "label": "Never"}, ...], lowest value first.
    # For numbers: {"unit": "hours", "min": 0, "max": 100, "bands": [0, 30, 37, 45, 50, 60]}.
    definition = models.JSONField(default=dict)

    def __str__(self) -> str:
        return self.code


class Instrument(models.Model):
    """A questionnaire, versioned: a new version is a new row, so each year's
    answers stay comparable by question code. ``owner`` is empty for the
    standard instruments every organisation may use; an employer who adds
    questions gets its own version, based on the standard one."""

    class Kind(models.TextChoices):
        PRACTITIONER = "practitioner", "Practitioner survey"
        SELF_ASSESSMENT = "self_assessment", "Organisation self-assessment"

    owner = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="instruments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    code = models.SlugField(max_length=40)
    version = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    title = models.CharField(max_length=200)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="derived"
    )

    class Meta:
        ordering = ["code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "code", "version"], name="instrument_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code", "version"],
                condition=models.Q(owner__isnull=True),
                name="standard_instrument_version_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version})"


class Question(models.Model):
    class Area(models.TextChoices):
        # About the respondent, for the cuts; never about their answers.
        ABOUT_YOU = "about_you", "About you"
        HOURS = "hours", "Hours worked"
        CASELOAD = "caseload", "Caseload"
        WORKLOAD = "workload", "Workload manageability"
        SUPERVISION = "supervision", "Supervision"
        TIME_WITH_PEOPLE = "time_with_people", "Time with people"
        WELLBEING = "wellbeing", "Wellbeing"
        DEMANDS = "demands", "Demands"
        CONTROL = "control", "Control"
        MANAGER_SUPPORT = "manager_support", "Manager support"
        PEER_SUPPORT = "peer_support", "Peer support"
        RELATIONSHIPS = "relationships", "Relationships"
        ROLE = "role", "Role"
        CHANGE = "change", "Change"
        BULLYING = "bullying", "Bullying and harassment"
        INTENTION_TO_STAY = "intention_to_stay", "Intention to stay"
        STANDARD = "standard", "Standard for employers"
        COMMENTS = "comments", "Comments"

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    # Stable across versions: the same code is the same question, for comparisons.
    code = models.SlugField(max_length=60)
    area = models.CharField(max_length=30, choices=Area.choices)
    text = models.CharField(max_length=300)
    hint = models.CharField(max_length=300, blank=True)
    scale = models.ForeignKey(Scale, on_delete=models.PROTECT, related_name="questions")
    # A higher option value is worse here (for example "I have unrealistic deadlines"),
    # so scale scores turn it round before averaging.
    reverse_scored = models.BooleanField(default=False)
    required = models.BooleanField(default=False)

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="question_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class Survey(models.Model):
    """One wave of the practitioner survey in one organisation."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not open yet"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="surveys")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=200)
    year = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    # Copied from the setting when the wave is created, so a later change of
    # setting does not reopen a published report's hidden groups.
    min_group = models.PositiveSmallIntegerField(validators=[MinValueValidator(5)])
    # The open route: anyone with this code may answer once per browser session.
    # Stored hashed, as a token is.
    open_code_hash = models.CharField(max_length=64, blank=True)

    objects: models.Manager["Survey"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """A one-time link for one person, and whether they have answered. This is
    the only place a person and a survey meet, and it holds no answer, no time
    of answering and nothing in common with a response."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_invitations"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="survey_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    sent_on = models.DateField()
    completed = models.BooleanField(default=False)

    objects: models.Manager["Invitation"] = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "person"], name="one_invitation_per_person"),
        ]

    def __str__(self) -> str:
        return f"Invitation to {self.survey}"


class Response(models.Model):
    """One set of answers. See the module docstring for what it must never hold."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_responses"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    submitted_on = models.DateField()
    # The groups, as the respondent gave them ("Prefer not to say" is empty).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    service_area = models.CharField(max_length=20, blank=True)
    role = models.CharField(max_length=30, blank=True)
    grade = models.CharField(max_length=40, blank=True)
    experience = models.CharField(max_length=20, blank=True)

    objects: models.Manager["Response"] = ScopedManager(organisation="organisation")

    class Meta:
        # Random keys: ordering by them gives no order of submission.
        ordering = ["id"]

    def __str__(self) -> str:
        return "A survey response"


class Answer(models.Model):
    # Random keys here too: sequential ones would give the responses' order.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_answers"
    )
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    value = models.DecimalField(max_digits=6, decimal_places=1)

    objects: models.Manager["Answer"] = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="one_answer_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to {self.question}"


class Comment(models.Model):
    """Free text, kept apart from the response it came with (no link back)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="survey_comments"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="comments")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="comments")
    text = models.TextField()

    objects: models.Manager["Comment"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return "A comment"


class SelfAssessment(models.Model):
    """The principal social worker's assessment against the Standards for
    employers, with evidence: not anonymous, and published with the report."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="self_assessments"
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="self_assessments"
    )
    year = models.PositiveSmallIntegerField()
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_on = models.DateField(null=True, blank=True)

    objects: models.Manager["SelfAssessment"] = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year"], name="one_self_assessment_a_year"
            ),
        ]

    def __str__(self) -> str:
        return f"Self-assessment {self.year}"


class Rating(models.Model):
    """One standard's rating in a self-assessment, and the evidence for it."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="self_assessment_ratings"
    )
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="ratings")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="ratings")
    value = models.PositiveSmallIntegerField()
    evidence = models.TextField(blank=True)

    objects: models.Manager["Rating"] = ScopedManager(organisation="organisation")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "question"], name="one_rating_per_standard"
            ),
        ]

    def __str__(self) -> str:
        return f"Rating for {self.question}"


class Finding(models.Model):
    """A plain-English finding of a year's health check, which the action plan answers."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="health_check_findings"
    )
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="findings")
    area = models.CharField(max_length=30, choices=Question.Area.choices)
    text = models.CharField(max_length=500)

    objects: models.Manager["Finding"] = ScopedManager(organisation="organisation")

    def __str__(self) -> str:
        return self.text


class PlanAction(models.Model):
    """An action agreed jointly: the employer proposes it, the union
    representative co-signs it, and it is done with evidence."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="health_check_actions"
    )
    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=500)
    owner = models.CharField(max_length=120, help_text="A role or a name, as agreed.")
    due_on = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PROPOSED)
    evidence = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cosigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cosigned_on = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    escalated_on = models.DateField(null=True, blank=True)

    objects: models.Manager["PlanAction"] = ScopedManager(organisation="organisation")

    class Meta:
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.description
