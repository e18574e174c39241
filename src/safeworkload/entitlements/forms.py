"""Forms for the ledger and development time, with GOV.UK error messages."""

from decimal import Decimal

from django import forms

from safeworkload.core.govuk import GovukDateField
from safeworkload.entitlements.models import (
    MAX_DEVELOPMENT_HOURS,
    MAX_HOURS_A_DAY,
    MIN_HOURS,
    DevelopmentTime,
    ExtraHours,
)


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def hours_field(label: str, *, maximum: Decimal, help_text: str = "") -> forms.DecimalField:
    """Hours to two places, between a quarter of an hour and ``maximum``."""
    return forms.DecimalField(
        label=label,
        help_text=help_text or "In hours, like 1.5 for an hour and a half",
        min_value=MIN_HOURS,
        max_value=maximum,
        max_digits=4,
        decimal_places=2,
        error_messages={
            "required": "Enter the number of hours, like 1.5",
            "invalid": "The number of hours must be a number, like 1.5",
            "min_value": f"The number of hours must be {_plain(MIN_HOURS)} or more",
            "max_value": f"The number of hours must be {_plain(maximum)} or less",
            "max_digits": f"The number of hours must be {_plain(maximum)} or less",
            "max_whole_digits": f"The number of hours must be {_plain(maximum)} or less",
            "max_decimal_places": "The number of hours can have 2 decimal places at most",
        },
    )


class ExtraHoursForm(forms.Form):
    worked_on = GovukDateField(
        label="The date you worked the extra hours", help_text="For example, 27 3 2026"
    )
    hours = hours_field("How many extra hours", maximum=MAX_HOURS_A_DAY)
    reason = forms.CharField(
        label="Why you worked them",
        max_length=200,
        help_text="For example, a hospital discharge ran late. "
        "Do not name the people you work with or give case details.",
        error_messages={
            "required": "Enter why you worked the extra hours",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )
    compensation = forms.ChoiceField(
        label="What do you ask for?",
        choices=ExtraHours.Compensation.choices,
        widget=forms.RadioSelect,
        help_text="Your manager decides a claim for pay or time off. Hours you claim nothing "
        "for are still counted, so that unpaid work is seen.",
        error_messages={"required": "Select what you ask for"},
    )


class ToilTakenForm(forms.Form):
    taken_on = GovukDateField(
        label="The date you take the time off", help_text="For example, 3 4 2026"
    )
    hours = hours_field("How many hours", maximum=MAX_HOURS_A_DAY)


class DevelopmentTimeForm(forms.Form):
    done_on = GovukDateField(label="The date", help_text="The day, or the first day of a course")
    hours = hours_field("How many hours", maximum=MAX_DEVELOPMENT_HOURS)
    kind = forms.ChoiceField(
        label="What kind of development time",
        choices=DevelopmentTime.Kind.choices,
        widget=forms.RadioSelect,
        initial=DevelopmentTime.Kind.CPD,
        help_text="Protected development time is the newly qualified's 10%, kept free of casework.",
        error_messages={"required": "Select what kind of development time"},
    )
    description = forms.CharField(
        label="What you did",
        max_length=200,
        help_text="For example, mental capacity training, or reading for reflective supervision",
        error_messages={
            "required": "Enter what you did",
            "max_length": "The description must be 200 characters or fewer",
        },
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining the claim?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The worker sees this. The hours stay on their record as unpaid.",
        error_messages={
            "required": "Enter why you are declining the claim",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )
