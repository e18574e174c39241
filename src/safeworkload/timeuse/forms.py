from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django import forms

from safeworkload.calc.timeuse import CATEGORIES
from safeworkload.core.govuk import format_date
from safeworkload.timeuse.services import hours_problem

WEEKS_OFFERED = 6

HINTS: dict[str, str] = {
    "face_to_face": "Visits and meetings with the people you work with and their families",
    "remote_contact": "Calls and video calls with the people you work with and their families",
    "recording": "Case notes, assessments, plans and reports on the case system",
    "other_admin": "Email, forms, finding resources, IT problems",
    "travel": "Getting to visits, meetings and court",
    "supervision": "Your own supervision and reflective practice",
    "learning": "Training, reading and professional development",
    "meetings": "Team, strategy and other meetings without the people you work with",
}


def week_choices(today: date) -> list[tuple[str, str]]:
    """This week and the five before it, newest first."""
    this_monday = today - timedelta(days=today.weekday())
    choices = []
    for weeks_ago in range(WEEKS_OFFERED):
        monday = this_monday - timedelta(weeks=weeks_ago)
        note = {0: " (this week)", 1: " (last week)"}.get(weeks_ago, "")
        choices.append((monday.isoformat(), f"Week starting {format_date(monday)}{note}"))
    return choices


class HoursField(forms.DecimalField):
    """Hours for one kind of work: blank is none; the checks are the service's own."""

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        name = label[0].lower() + label[1:]
        super().__init__(
            label=label,
            required=False,
            error_messages={"invalid": f"Enter the hours for {name} as a number, like 7.5"},
            **kwargs,
        )


class SampleForm(forms.Form):
    week_starting = forms.ChoiceField(
        label="Which week are you recording?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the week you are recording",
            "invalid_choice": "Select one of the weeks shown",
        },
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = week_choices(today)
        week = self.fields["week_starting"]
        week.choices = choices  # type: ignore[attr-defined]
        week.initial = choices[1][0]
        for key, label in CATEGORIES:
            self.fields[key] = HoursField(label=label, help_text=HINTS[key])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for key, label in CATEGORIES:
            value = data.get(key)
            if value is None:
                data[key] = Decimal(0)
                continue
            problem = hours_problem(label, value)
            if problem:
                self.add_error(key, problem)
        return data

    @property
    def hours(self) -> dict[str, Decimal]:
        return {key: self.cleaned_data[key] for key, _ in CATEGORIES}

    @property
    def default_week(self) -> date:
        return date.fromisoformat(self.fields["week_starting"].initial)

    @property
    def week(self) -> date:
        return date.fromisoformat(self.cleaned_data["week_starting"])
