"""The standard instruments of the health check, as data.

Two questionnaires every organisation may use: the practitioner survey and the
organisation's self-assessment against the eight Standards for employers of
2020 (reference/01 sections 2.1 and 2.2). The wording is ours: the areas
follow the management-standards headings, but no licensed item (HSE, LGA) is
copied.

Question codes are stable across versions and the reports rely on them:
``hours_contracted``, ``hours_worked``, ``caseload_now``, ``supervision_last_month``
and the area prefixes (``demands_``, ``manager_support_`` ...). A change of
wording that changes the meaning needs a new code, or years stop being
comparable.

``ensure_standard_instruments`` is idempotent: the data migration calls it,
and so do the demo and the tests, and it never changes what already exists.
"""

from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.apps.registry import Apps

from safeworkload.healthcheck.models import Instrument, Question, Scale

PRACTITIONER_CODE = "practitioner"
SELF_ASSESSMENT_CODE = "self-assessment"

Area = Question.Area

AGREE = "agree-5"
HOURS = "hours-week"
CASES = "cases"
PERCENT = "percent"
SUPERVISION = "supervision-month"
NO_YES = "no-yes"
NO_YES_PREFER = "no-yes-prefer-not"
STAY = "intention-to-stay"
TEXT = "free-text"
STANDARD_RATING = "standard-rating-4"


def _options(*labels: str) -> list[dict[str, Any]]:
    return [{"value": value, "label": label} for value, label in enumerate(labels, start=1)]


SCALES: dict[str, tuple[str, Any]] = {
    AGREE: (
        Scale.Kind.OPTIONS,
        _options(
            "Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"
        ),
    ),
    HOURS: (
        Scale.Kind.NUMBER,
        {"unit": "hours", "min": 0, "max": 100, "bands": [0, 30, 37, 45, 50, 60]},
    ),
    CASES: (Scale.Kind.NUMBER, {"unit": "cases", "min": 0, "max": 200}),
    PERCENT: (Scale.Kind.NUMBER, {"unit": "percent", "min": 0, "max": 100}),
    SUPERVISION: (Scale.Kind.OPTIONS, _options("None", "Under 1.5 hours", "1.5 hours or more")),
    NO_YES: (Scale.Kind.OPTIONS, _options("No", "Yes")),
    NO_YES_PREFER: (Scale.Kind.OPTIONS, _options("No", "Yes", "Prefer not to say")),
    STAY: (
        Scale.Kind.OPTIONS,
        _options(
            "I plan to leave within a year",
            "I plan to stay one to two years",
            "I plan to stay two to three years",
            "I plan to stay more than three years",
        ),
    ),
    TEXT: (Scale.Kind.TEXT, {"max_length": 2000}),
    STANDARD_RATING: (
        Scale.Kind.OPTIONS,
        _options("Not met", "Partly met", "Mostly met", "Fully met"),
    ),
}


@dataclass(frozen=True)
class QuestionSpec:
    code: str
    area: str
    text: str
    scale: str
    hint: str = ""
    reverse_scored: bool = False
    required: bool = False


Q = QuestionSpec

PRACTITIONER_QUESTIONS: list[QuestionSpec] = [
    Q("hours_contracted", Area.HOURS, "How many hours a week are you contracted to work?", HOURS,
      "For example, 37 or 22.5", required=True),
    Q("hours_worked", Area.HOURS,
      "In a usual week last month, how many hours did you actually work?", HOURS,
      "Count work done at home, before and after your shift and in your breaks",
      required=True),
    Q("caseload_now", Area.CASELOAD, "How many cases are allocated to you today?", CASES,
      "Count each person or family as one case. Enter 0 if you do not hold cases", required=True),
    Q("caseload_next_month", Area.CASELOAD,
      "How many new cases do you expect to be given in the next month?", CASES),
    Q("workload_manageable", Area.WORKLOAD, "I can manage my workload within my working hours.",
      AGREE, required=True),
    Q("supervision_last_month", Area.SUPERVISION,
      "How much one-to-one supervision did you have in the last month?", SUPERVISION,
      required=True),
    Q("supervision_could_not_get", Area.SUPERVISION,
      "In the last month, did you need supervision that you could not get?", NO_YES),
    Q("time_with_people_percent", Area.TIME_WITH_PEOPLE,
      "Roughly what share of your working time last month did you spend with the people you "
      "support, their families and carers?", PERCENT,
      "A percentage from 0 to 100. Count visits, calls and meetings with them"),
    Q("wellbeing_support", Area.WELLBEING,
      "I can get help with my wellbeing at work when I need it.", AGREE),
    Q("wellbeing_exhausted", Area.WELLBEING, "My work has left me worn out in the last month.",
      AGREE, reverse_scored=True),
    Q("wellbeing_recommend", Area.WELLBEING,
      "I would tell a friend who is a social worker that this is a good place to work.", AGREE),
    Q("demands_enough_time", Area.DEMANDS,
      "I have enough time to do my work to a standard I am proud of.", AGREE),
    Q("demands_deadlines", Area.DEMANDS,
      "I am given deadlines that cannot realistically be met.", AGREE, reverse_scored=True),
    Q("demands_neglect", Area.DEMANDS,
      "I have to leave parts of my work undone because there is too much of it.", AGREE,
      reverse_scored=True),
    Q("control_organise", Area.CONTROL, "I have a say in how I organise my working week.", AGREE),
    Q("control_judgement", Area.CONTROL,
      "My professional judgement counts when decisions are made about my cases.", AGREE),
    Q("manager_support_discuss", Area.MANAGER_SUPPORT,
      "I can talk to my manager about my workload and we work out together what to do.", AGREE),
    Q("manager_support_feedback", Area.MANAGER_SUPPORT,
      "My manager tells me how my practice is going in a way that helps me.", AGREE),
    Q("manager_support_hard_times", Area.MANAGER_SUPPORT,
      "When work is difficult, my manager backs me up.", AGREE),
    Q("peer_support_help", Area.PEER_SUPPORT,
      "Colleagues step in to help when my work gets too much.", AGREE),
    Q("peer_support_listen", Area.PEER_SUPPORT,
      "Colleagues listen when I need to talk through a difficult case.", AGREE),
    Q("relationships_blame", Area.RELATIONSHIPS,
      "When something goes wrong here, people look for someone to blame rather than for what "
      "to learn.", AGREE, reverse_scored=True),
    Q("relationships_respect", Area.RELATIONSHIPS,
      "People where I work treat each other with respect.", AGREE),
    Q("relationships_tension", Area.RELATIONSHIPS,
      "There is friction between colleagues where I work.", AGREE, reverse_scored=True),
    Q("role_clear", Area.ROLE, "I know what my job expects of me.", AGREE),
    Q("role_conflicting", Area.ROLE,
      "I am asked to do things that pull against each other.", AGREE, reverse_scored=True),
    Q("change_asked", Area.CHANGE,
      "I am asked for my view before changes that affect my work are decided.", AGREE),
    Q("change_explained", Area.CHANGE,
      "When things change, I am told clearly what it means for my work.", AGREE),
    Q("bullying_seen", Area.BULLYING,
      "In the last year, have you seen a colleague bullied or harassed at work?", NO_YES_PREFER),
    Q("bullying_experienced", Area.BULLYING,
      "In the last year, have you been bullied or harassed at work?", NO_YES_PREFER),
    Q("intention_to_stay", Area.INTENTION_TO_STAY,
      "How long do you plan to stay with this employer?", STAY),
    Q("comments", Area.COMMENTS,
      "Is there anything else you want your employer to know about your workload or working "
      "conditions?", TEXT,
      "Do not name anyone, yourself included. Comments are shown only when enough people have "
      "answered, and never beside your other answers"),
]  # fmt: skip

# The eight Standards for employers of social workers in England (2020 set).
STANDARDS: list[tuple[str, str]] = [
    ("Strong and clear social work framework",
     "Leaders set out what good practice looks like here, and practitioners know it."),
    ("Effective workforce planning",
     "The employer plans for the number and mix of staff its services need."),
    ("Safe workloads and case allocation",
     "Workloads are checked with each worker and cases are allocated openly, with regard to "
     "experience and what they already hold."),
    ("Wellbeing", "Staff can get help with their wellbeing, and stress is acted on."),
    ("Supervision", "Every practitioner has regular, reflective supervision that happens."),
    ("Continuing professional development",
     "Practitioners have protected time and support to keep learning."),
    ("Professional registration",
     "The employer helps staff meet and keep their professional registration."),
    ("Strategic partnerships",
     "The employer works with universities, partners and others to improve practice."),
]  # fmt: skip

SELF_ASSESSMENT_QUESTIONS: list[QuestionSpec] = [
    Q(f"standard_{number}", Area.STANDARD, f"Standard {number}: {title}", STANDARD_RATING, hint,
      required=True)
    for number, (title, hint) in enumerate(STANDARDS, start=1)
]  # fmt: skip


@dataclass(frozen=True)
class StandardInstruments:
    practitioner: Instrument
    self_assessment: Instrument
    scales: dict[str, Scale]


def ensure_standard_instruments(registry: Apps | None = None) -> StandardInstruments:
    """Create the scales and version 1 of both standard instruments, if missing.

    ``registry`` is the migration's app registry when called from one, so the
    historical models are used there.
    """
    registry = registry or django_apps
    scale_model = registry.get_model("healthcheck", "Scale")
    scales = {
        code: scale_model.objects.get_or_create(
            code=code, defaults={"kind": kind, "definition": definition}
        )[0]
        for code, (kind, definition) in SCALES.items()
    }
    practitioner = _instrument(
        registry,
        scales,
        kind=Instrument.Kind.PRACTITIONER,
        code=PRACTITIONER_CODE,
        title="Workload health check: practitioner survey",
        questions=PRACTITIONER_QUESTIONS,
    )
    assessment = _instrument(
        registry,
        scales,
        kind=Instrument.Kind.SELF_ASSESSMENT,
        code=SELF_ASSESSMENT_CODE,
        title="Standards for employers: organisation self-assessment",
        questions=SELF_ASSESSMENT_QUESTIONS,
    )
    return StandardInstruments(practitioner, assessment, scales)


def _instrument(
    registry: Apps,
    scales: dict[str, Any],
    *,
    kind: str,
    code: str,
    title: str,
    questions: list[QuestionSpec],
) -> Any:
    instrument_model = registry.get_model("healthcheck", "Instrument")
    question_model = registry.get_model("healthcheck", "Question")
    instrument, created = instrument_model.objects.get_or_create(
        owner=None, code=code, version=1, defaults={"kind": kind, "title": title}
    )
    if created:
        question_model.objects.bulk_create(
            question_model(
                instrument=instrument,
                position=position,
                code=spec.code,
                area=spec.area,
                text=spec.text,
                hint=spec.hint,
                scale=scales[spec.scale],
                reverse_scored=spec.reverse_scored,
                required=spec.required,
            )
            for position, spec in enumerate(questions, start=1)
        )
    return instrument


def option_labels(scale: Scale) -> dict[int, str]:
    """An options scale's labels by value."""
    return {int(option["value"]): str(option["label"]) for option in scale.definition}
