"""Forms for cover requests: asking, filtering, raising the rate."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms

from safeworkload.bank.forms_pool import PoundsField
from safeworkload.bank.models import CoverRequest, Place, Specialism
from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Person, Team

HOURS_ERRORS = {
    "invalid": "{subject} must be a number, like 7.5",
    "max_decimal_places": "{subject} must have no more than 2 decimal places",
    "max_digits": "{subject} must be {most} or fewer",
    "min_value": "{subject} must be more than 0",
    "max_value": "{subject} must be {most} or fewer",
}


def _hours_errors(subject: str, most: int, required: str) -> dict[str, str]:
    errors = {key: text.format(subject=subject, most=most) for key, text in HOURS_ERRORS.items()}
    errors["required"] = required
    return errors


class CoverRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="What cover do you need?",
        choices=CoverRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a duty shift or case-holding cover"},
    )
    team = forms.TypedChoiceField(
        label="Team", coerce=int, error_messages={"required": "Select the team"}
    )
    job_role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Person.JobRole.choices],
        error_messages={"required": "Select the role"},
    )
    specialisms = forms.MultipleChoiceField(
        label="Specialisms needed",
        required=False,
        choices=Specialism.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply. The worker must have every one.",
    )
    starts_on = GovukDateField(
        label="Start date", help_text="The day of the shift, or the first day of cover."
    )
    ends_on = GovukDateField(
        label="End date", required=False, help_text="For case-holding cover: the last day."
    )
    hours_per_day = forms.DecimalField(
        label="Hours of the shift",
        required=False,
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("13"),
        help_text="For a duty shift, for example 7.5.",
        error_messages=_hours_errors("Hours of the shift", 13, "Enter the hours of the shift"),
    )
    hours_per_week = forms.DecimalField(
        label="Hours per week",
        required=False,
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.25"),
        max_value=Decimal("48"),
        help_text="For case-holding cover, for example 22.5.",
        error_messages=_hours_errors("Hours per week", 48, "Enter the hours per week"),
    )
    handover_note = forms.CharField(
        label="Handover note",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For case-holding cover: what the worker needs to know. "
        "Do not give the names of the people the cases are about.",
        error_messages={"max_length": "The handover note must be 4,000 characters or fewer"},
    )
    place = forms.TypedChoiceField(
        label="Where the work is", coerce=int, error_messages={"required": "Select the place"}
    )
    max_pence_per_hour = PoundsField(
        label="The most you will pay, £ an hour",
        subject="the rate",
        required=False,
        help_text="Leave empty for the region's base rate for the role.",
    )
    priority = forms.ChoiceField(
        label="Priority",
        choices=CoverRequest.Priority.choices,
        widget=forms.RadioSelect,
        help_text="Statutory work is matched first.",
        error_messages={"required": "Select the priority"},
    )

    def __init__(
        self, *args: Any, teams: list[Team], places: list[Place], today: date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self._teams = {t.pk: t for t in teams}
        cast(forms.ChoiceField, self.fields["team"]).choices = [
            ("", "Choose a team"),
            *[(t.pk, t.name) for t in teams],
        ]
        cast(forms.ChoiceField, self.fields["place"]).choices = [
            ("", "Choose a place"),
            *[(p.pk, p.name) for p in places],
        ]
        self._places = {p.pk: p for p in places}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind, starts, ends = data.get("kind"), data.get("starts_on"), data.get("ends_on")
        if starts and starts < self.today:
            self.add_error("starts_on", "The start date must be today or in the future")
        if kind == CoverRequest.Kind.DUTY_SHIFT:
            if data.get("hours_per_day") is None and "hours_per_day" not in self.errors:
                self.add_error("hours_per_day", "Enter the hours of the shift")
        elif kind == CoverRequest.Kind.CASE_HOLDING:
            if ends is None and "ends_on" not in self.errors:
                self.add_error("ends_on", "Enter the end date")
            if starts and ends and ends < starts:
                self.add_error("ends_on", "The end date must be on or after the start date")
            if data.get("hours_per_week") is None and "hours_per_week" not in self.errors:
                self.add_error("hours_per_week", "Enter the hours per week")
        return data

    def request_fields(self) -> dict[str, Any]:
        """The service's keyword arguments: the team and place as objects, and
        only the fields that belong to the kind of cover asked for."""
        data = dict(self.cleaned_data)
        data["team"] = self._teams[data["team"]]
        data["place"] = self._places[data["place"]]
        if data["kind"] == CoverRequest.Kind.DUTY_SHIFT:
            data["ends_on"] = data["starts_on"]
            data["hours_per_week"] = None
            data["handover_note"] = ""
        else:
            data["hours_per_day"] = Decimal("7.5")
        return data


class RequestFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *CoverRequest.Status.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *CoverRequest.Kind.choices]
    )
    priority = forms.ChoiceField(
        label="Priority",
        required=False,
        choices=[("", "Any priority"), *CoverRequest.Priority.choices],
    )
    filled = forms.ChoiceField(
        label="Filled",
        required=False,
        choices=[("", "Filled or not"), ("yes", "Filled"), ("no", "Not filled")],
    )
    team = forms.TypedChoiceField(
        label="Team", required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["team"]).choices = [("", "Any team"), *teams]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"status": "", "kind": "", "priority": "", "filled": "", "team_id": None}
        data = self.cleaned_data
        return {
            "status": data["status"],
            "kind": data["kind"],
            "priority": data["priority"],
            "filled": data["filled"],
            "team_id": data["team"],
        }


class EscalationForm(forms.Form):
    to_pence_per_hour = PoundsField(label="New most it will pay, £ an hour", subject="the new rate")
    reason = forms.CharField(
        label="Why the rate needs to go above the cap",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="You are named as the person who authorised it. The reason is kept in the "
        "audit log.",
        error_messages={
            "required": "Enter the reason for raising the rate",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("Enter the reason for raising the rate")
        return reason
