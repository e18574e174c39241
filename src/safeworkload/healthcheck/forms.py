"""Forms for running the survey, answering it and the self-assessment.

The answer form is built from the instrument's questions, so an employer's
own questions appear without code. Every "about you" question has a "Prefer
not to say" answer, which is stored as nothing.
"""

from decimal import Decimal
from typing import Any

from django import forms

from safeworkload.calc.experience import LABELS as EXPERIENCE_LABELS
from safeworkload.healthcheck.instruments import option_labels
from safeworkload.healthcheck.models import Instrument, Question, Scale
from safeworkload.organisations.models import Person, Team

PREFER_NOT = "prefer-not"
PREFER_NOT_LABEL = "Prefer not to say"
ABOUT_PREFIX = "about_"

SCALE_LABELS = {
    "agree-5": "Agree or disagree (5 answers, from strongly disagree to strongly agree)",
    "no-yes": "No or yes",
    "no-yes-prefer-not": "No, yes or prefer not to say",
    "hours-week": "A number of hours a week",
    "cases": "A number of cases",
    "percent": "A percentage",
    "supervision-month": "Supervision last month (none, under 1.5 hours, 1.5 hours or more)",
    "intention-to-stay": "How long they plan to stay (4 answers)",
    "free-text": "Free text (shown only for groups large enough)",
}
SUFFIXES = {"hours": "hours", "cases": "cases", "percent": "%"}
ADDABLE_AREAS = [
    (value, label)
    for value, label in Question.Area.choices
    if value not in (Question.Area.ABOUT_YOU, Question.Area.STANDARD)
]


# ---------------------------------------------------------------------------
# Running the survey


class SurveyCreateForm(forms.Form):
    year = forms.IntegerField(
        label="Year",
        min_value=2000,
        max_value=2100,
        help_text="The year the health check reports on, for example 2026",
        error_messages={
            "required": "Enter the year",
            "invalid": "The year must be a number, like 2026",
            "min_value": "Enter a year from 2000",
            "max_value": "Enter a year before 2100",
        },
    )
    title = forms.CharField(
        label="Title",
        max_length=200,
        help_text="What practitioners see, for example Workload health check 2026",
        error_messages={
            "required": "Enter a title",
            "max_length": "The title must be 200 characters or fewer",
        },
    )
    instrument = forms.TypedChoiceField(
        label="Version of the survey",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a version of the survey"},
    )

    def __init__(self, *args: Any, instruments: list[Instrument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["instrument"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(i.pk, _instrument_label(i)) for i in instruments]


def _instrument_label(instrument: Instrument) -> str:
    whose = "standard" if instrument.owner_id is None else "your organisation's own"
    return f"Version {instrument.version} ({whose})"


INVITE_EVERYONE = "everyone"
INVITE_TEAM = "team"


class InviteForm(forms.Form):
    who = forms.ChoiceField(
        label="Who to invite",
        choices=[(INVITE_EVERYONE, "Everyone in post"), (INVITE_TEAM, "One team")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who to invite"},
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Select a team"), *((t.pk, t.name) for t in teams)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("who") == INVITE_TEAM and not data.get("team"):
            self.add_error("team", "Select the team to invite")
        return data


class QuestionAddForm(forms.Form):
    text = forms.CharField(
        label="Question",
        max_length=300,
        help_text="Ask about one thing. Write it so that nobody has to identify themselves "
        "to answer.",
        error_messages={
            "required": "Enter the question",
            "max_length": "The question must be 300 characters or fewer",
        },
    )
    hint = forms.CharField(
        label="Hint",
        required=False,
        max_length=300,
        help_text="Shown under the question, to help people answer",
        error_messages={"max_length": "The hint must be 300 characters or fewer"},
    )
    area = forms.ChoiceField(
        label="What the question is about",
        choices=ADDABLE_AREAS,
        error_messages={"required": "Select what the question is about"},
    )
    scale = forms.TypedChoiceField(
        label="How it is answered",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the question is answered"},
    )
    reverse_scored = forms.BooleanField(
        label="Agreeing is worse (for example, \u201cI am given deadlines I cannot meet\u201d)",
        required=False,
    )

    def __init__(self, *args: Any, scales: list[Scale], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["scale"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(s.pk, SCALE_LABELS.get(s.code, s.code)) for s in scales]


class OpenCodeForm(forms.Form):
    code = forms.CharField(
        label="Organisation code",
        max_length=40,
        help_text="Your employer gave you this code, for example ABCDE-23456",
        error_messages={"required": "Enter the organisation code"},
    )


# ---------------------------------------------------------------------------
# Answering


# The standard questions that must be answered, each with its own message; any other
# question (an employer's own) is named by its number on the page.
REQUIRED_MESSAGES = {
    "hours_contracted": "Enter the hours a week you are contracted to work",
    "hours_worked": "Enter the hours you actually worked in a usual week",
    "caseload_now": "Enter the number of cases allocated to you today",
    "workload_manageable": "Select how far you agree that you can manage your workload",
    "supervision_last_month": "Select how much supervision you had in the last month",
}


def _question_field(question: Question) -> forms.Field:
    scale = question.scale
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.hint,
        "required": question.required,
    }
    verb = "Enter" if scale.kind != Scale.Kind.OPTIONS else "Select"
    required = REQUIRED_MESSAGES.get(
        question.code, f"{verb} an answer to question {question.position}"
    )
    if scale.kind == Scale.Kind.OPTIONS:
        return forms.TypedChoiceField(
            choices=list(option_labels(scale).items()),
            coerce=int,
            widget=forms.RadioSelect,
            error_messages={"required": required},
            **common,
        )
    if scale.kind == Scale.Kind.NUMBER:
        field = _number_field(scale.definition, common)
        field.error_messages["required"] = required
        return field
    limit = int(scale.definition.get("max_length", 2000))
    return forms.CharField(
        max_length=limit,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Enter your answer",
            "max_length": f"Your answer must be {limit:,} characters or fewer",
        },
        **common,
    )


def _number_field(definition: dict[str, Any], common: dict[str, Any]) -> forms.Field:
    unit = definition.get("unit", "")
    low, high = definition.get("min", 0), definition.get("max", 1000)
    what = "a percentage" if unit == "percent" else f"the number of {unit}" if unit else "a number"
    return forms.DecimalField(
        min_value=Decimal(low),
        max_value=Decimal(high),
        max_digits=5,
        decimal_places=1,
        error_messages={
            "required": f"Enter {what}",
            "invalid": f"Enter {what} as a number, like 37 or 22.5",
            "min_value": f"Enter {what} from {low} to {high}",
            "max_value": f"Enter {what} from {low} to {high}",
            "max_decimal_places": "Enter a number with no more than one decimal place",
            "max_digits": f"Enter {what} from {low} to {high}",
            "max_whole_digits": f"Enter {what} from {low} to {high}",
        },
        **common,
    )


def _about(label: str, choices: list[tuple[str, str]], *, radios: bool = True) -> forms.Field:
    return forms.ChoiceField(
        label=label,
        choices=[*choices, (PREFER_NOT, PREFER_NOT_LABEL)],
        widget=forms.RadioSelect if radios else forms.Select,
        error_messages={"required": f"Select {label[0].lower()}{label[1:]}, or {PREFER_NOT_LABEL}"},
    )


class AnswerForm(forms.Form):
    """The whole questionnaire on one page: the instrument's questions, then "about you"."""

    def __init__(
        self,
        *args: Any,
        questions: list[Question],
        teams: list[Team],
        grades: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[question.code] = _question_field(question)
        self.fields[f"{ABOUT_PREFIX}team"] = _about(
            "Your team",
            [("", "Select your team"), *((str(t.pk), t.name) for t in teams)],
            radios=False,
        )
        self.fields[f"{ABOUT_PREFIX}service_area"] = _about(
            "Your service area", list(Team.ServiceArea.choices)
        )
        self.fields[f"{ABOUT_PREFIX}role"] = _about("Your role", list(Person.JobRole.choices))
        if grades:
            self.fields[f"{ABOUT_PREFIX}grade"] = _about(
                "Your grade", [("", "Select your grade"), *((g, g) for g in grades)], radios=False
            )
        self.fields[f"{ABOUT_PREFIX}experience"] = _about(
            "How long you have been qualified", list(EXPERIENCE_LABELS.items())
        )

    def sections(self) -> list[dict[str, Any]]:
        """The questions grouped under their area's heading, in order, for the page."""
        sections: list[dict[str, Any]] = []
        for question in self.questions:
            label = Question.Area(question.area).label
            if not sections or sections[-1]["heading"] != label:
                sections.append({"heading": label, "items": []})
            sections[-1]["items"].append(
                {
                    "field": self[question.code],
                    "kind": question.scale.kind,
                    "suffix": SUFFIXES.get(question.scale.definition.get("unit", ""), "")
                    if question.scale.kind == Scale.Kind.NUMBER
                    else "",
                }
            )
        return sections

    def about_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(ABOUT_PREFIX)]

    def values(self) -> dict[str, Any]:
        return {q.code: self.cleaned_data.get(q.code) for q in self.questions}

    def about(self, name: str) -> str:
        value = self.cleaned_data.get(f"{ABOUT_PREFIX}{name}") or ""
        return "" if value == PREFER_NOT else str(value)


# ---------------------------------------------------------------------------
# The self-assessment


class AssessmentForm(forms.Form):
    """A rating and the evidence for each standard: ``rating_<code>`` and ``evidence_<code>``."""

    def __init__(self, *args: Any, questions: list[Question], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"rating_{question.code}"] = forms.TypedChoiceField(
                label=question.text,
                help_text=question.hint,
                choices=list(option_labels(question.scale).items()),
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": f"Select how far {question.text.split(':')[0]} is met"},
            )
            self.fields[f"evidence_{question.code}"] = forms.CharField(
                label=f"Evidence for {question.text.split(':')[0].lower()}",
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 4}),
                help_text="What shows this: reports, audits, figures, what staff said",
                error_messages={"max_length": "The evidence must be 4,000 characters or fewer"},
            )

    def pairs(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [(self[f"rating_{q.code}"], self[f"evidence_{q.code}"]) for q in self.questions]
