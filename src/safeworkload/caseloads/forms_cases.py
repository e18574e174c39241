from typing import Any

from django import forms

from safeworkload.caseloads.services.cases import ENDS_BEFORE_STARTS
from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Absence

TIER_CHOICES = [(1, "Tier 1"), (2, "Tier 2"), (3, "Tier 3")]


class TierProposalForm(forms.Form):
    tier = forms.TypedChoiceField(
        label="New tier",
        choices=TIER_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the new tier",
            "invalid_choice": "Select tier 1, 2 or 3",
        },
    )
    reason = forms.CharField(
        label="Why the case should change tier",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The other side reads this before agreeing, and it is kept in the audit "
        "log. Do not name the person or describe their circumstances.",
        error_messages={
            "required": "Enter the reason for the new tier",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class TierAgreeForm(forms.Form):
    """No fields: it carries a refusal to the error summary."""


class AbsenceForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of absence",
        choices=Absence.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of absence"},
    )
    starts_on = GovukDateField(label="First day of the absence", help_text="For example, 2 3 2027")
    ends_on = GovukDateField(
        label="Last day of the absence",
        help_text="The last day they are away, not the day they come back.",
    )
    note = forms.CharField(
        label="Note",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Only the managers who record absences see it. Do not give medical details.",
        error_messages={"max_length": "The note must be 500 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", ENDS_BEFORE_STARTS)
        return data
