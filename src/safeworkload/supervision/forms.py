from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Person
from safeworkload.supervision.models import Agreement

MINUTES_ERRORS = {
    "required": "Enter how many minutes the session lasted",
    "invalid": "Enter the minutes as a whole number, like 90",
    "min_value": "The session must have lasted at least 1 minute",
    "max_value": "Enter 600 minutes or fewer",
}


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        registered = ", registered social worker" if obj.registered else ""
        return f"{obj.full_name} ({obj.get_job_role_display()}{registered})"


class AgreementForm(forms.Form):
    supervisee = PersonChoiceField(
        label="Who is supervised",
        queryset=Person.objects.none(),
        error_messages={"required": "Select who is supervised"},
    )
    supervisor = PersonChoiceField(
        label="Supervisor",
        queryset=Person.objects.none(),
        help_text="Where the line manager is not a registered social worker, add a second, "
        "professional agreement with one who is.",
        error_messages={"required": "Select the supervisor"},
    )
    kind = forms.ChoiceField(
        label="Kind of supervision",
        choices=Agreement.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of supervision"},
    )
    frequency = forms.ChoiceField(
        label="How often",
        choices=Agreement.Frequency.choices,
        widget=forms.RadioSelect,
        help_text="The newly qualified timetable is weekly for 6 weeks, fortnightly to the end "
        "of month 6, then monthly.",
        error_messages={"required": "Select how often supervision happens"},
    )
    starts_on = GovukDateField(
        label="Start date",
        help_text="For a newly qualified social worker, the first day of their programme.",
    )

    def __init__(
        self,
        *args: Any,
        supervisees: QuerySet[Person],
        supervisors: QuerySet[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["supervisee"].queryset = supervisees  # type: ignore[attr-defined]
        self.fields["supervisor"].queryset = supervisors  # type: ignore[attr-defined]


class ScheduleForm(forms.Form):
    scheduled_for = GovukDateField(label="Date of the session", help_text="For example, 14 3 2027")


class EndForm(forms.Form):
    ends_on = GovukDateField(label="Last day of the agreement")


class PauseForm(forms.Form):
    starts_on = GovukDateField(label="First day of the pause")
    ends_on = GovukDateField(label="Last day of the pause")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day must be the same as or after the first day")
        return data


class RecordForm(forms.Form):
    held_on = GovukDateField(label="Date it was held")
    minutes = forms.IntegerField(
        label="How long it lasted, in minutes",
        min_value=1,
        max_value=600,
        help_text="Each session should last at least 90 minutes.",
        error_messages=MINUTES_ERRORS,
    )
    interrupted = forms.BooleanField(label="The session was interrupted", required=False)
    reflective_minutes = forms.IntegerField(
        label="Minutes spent on reflection, support and development",
        min_value=0,
        max_value=600,
        help_text="Not case decisions: the reflective part of the session.",
        error_messages={
            "required": "Enter the minutes spent on reflection, or 0",
            "invalid": "Enter the minutes as a whole number, like 30",
            "min_value": "Enter 0 or more minutes",
            "max_value": "Enter 600 minutes or fewer",
        },
    )
    reflective_notes = forms.CharField(
        label="Reflective notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Only you and the person you supervise can read these.",
    )
    personal_notes = forms.CharField(
        label="Personal and wellbeing notes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the person you supervise can read these. They are never "
        "copied to the audit log or to emails.",
    )
    action = forms.CharField(
        label="Agreed action",
        required=False,
        max_length=300,
        help_text="One action; add more from the session page.",
        error_messages={"max_length": "The action must be 300 characters or fewer"},
    )
    action_owner = forms.ChoiceField(label="Who does it", required=False, choices=())
    action_due_on = GovukDateField(label="Do it by", required=False)

    def __init__(self, *args: Any, owners: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {str(p.pk): p for p in owners}
        self.fields["action_owner"].choices = [  # type: ignore[attr-defined]
            (str(p.pk), p.full_name) for p in owners
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        minutes, reflective = data.get("minutes"), data.get("reflective_minutes")
        if minutes is not None and reflective is not None and reflective > minutes:
            self.add_error(
                "reflective_minutes", "Enter reflective minutes no more than the whole session"
            )
        if data.get("action"):
            if not data.get("action_due_on"):
                self.add_error("action_due_on", "Enter the date the action is due")
            if data.get("action_owner") not in self.owners:
                self.add_error("action_owner", "Select who does the action")
        held = data.get("held_on")
        if held and held > timezone.localdate():
            self.add_error("held_on", "The date it was held must be today or in the past")
        return data


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Why it is not going ahead",
        max_length=300,
        help_text="For example, the supervisor was called to a safeguarding visit.",
        error_messages={
            "required": "Enter why the session is not going ahead",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
    move_to = GovukDateField(
        label="New date (optional)",
        required=False,
        help_text="Leave empty to cancel it. A moved session still counts as not held on the "
        "day it was booked.",
    )


class CaseDiscussionForm(forms.Form):
    case = forms.ChoiceField(
        label="Case", choices=(), error_messages={"required": "Select the case discussed"}
    )
    decision = forms.CharField(
        label="Decision",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="This is kept with the case, where whoever holds the case can read it.",
        error_messages={"required": "Enter the decision made about the case"},
    )
    rationale = forms.CharField(
        label="Why", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, cases: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = cases  # type: ignore[attr-defined]


class MonthForm(forms.Form):
    month = forms.RegexField(
        regex=r"^\d{4}-(0[1-9]|1[0-2])$",
        label="Month",
        required=False,
        error_messages={"invalid": "Enter the month as year and month, like 2026-10"},
    )

    def month_or(self, default: date) -> date:
        if self.is_valid() and self.cleaned_data["month"]:
            year, month = self.cleaned_data["month"].split("-")
            return date(int(year), int(month), 1)
        return default
