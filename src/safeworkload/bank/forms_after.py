"""Forms for answering offers, timesheets and their decisions, with GOV.UK error messages."""

from datetime import date
from decimal import Decimal

from django import forms

from safeworkload.bank.services.after import MAX_HOURS_A_WEEK, MAX_MILES_A_WEEK


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why are you declining?",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The coordinator sees this. Do not give details about your health.",
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing the offer?",
        required=False,
        max_length=300,
        error_messages={"max_length": "The reason must be 300 characters or fewer"},
    )


class QueryForm(forms.Form):
    reason = forms.CharField(
        label="What needs checking?",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The worker sees this and can submit the week again.",
        error_messages={
            "required": "Enter why you are querying the timesheet",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )


class TimesheetForm(forms.Form):
    week_starting = forms.ChoiceField(
        label="Which week?",
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the week you worked",
            "invalid_choice": "Select the week you worked",
        },
    )
    hours = forms.DecimalField(
        label="Hours worked that week",
        help_text="In hours, like 7.5",
        min_value=Decimal("0.25"),
        max_value=MAX_HOURS_A_WEEK,
        max_digits=5,
        decimal_places=2,
        error_messages={
            "required": "Enter the number of hours, like 7.5",
            "invalid": "The number of hours must be a number, like 7.5",
            "min_value": "The number of hours must be 0.25 or more",
            "max_value": f"The number of hours must be {MAX_HOURS_A_WEEK} or less",
            "max_digits": f"The number of hours must be {MAX_HOURS_A_WEEK} or less",
            "max_whole_digits": f"The number of hours must be {MAX_HOURS_A_WEEK} or less",
            "max_decimal_places": "The number of hours can have 2 decimal places at most",
        },
    )
    miles = forms.DecimalField(
        label="Miles travelled for the work",
        help_text="Return journeys from home, like 24.5. Enter 0 if you did not travel.",
        min_value=Decimal(0),
        max_value=MAX_MILES_A_WEEK,
        max_digits=6,
        decimal_places=1,
        error_messages={
            "required": "Enter the miles you travelled, or 0",
            "invalid": "The miles must be a number, like 24.5",
            "min_value": "The miles must be 0 or more",
            "max_value": f"The miles must be {MAX_MILES_A_WEEK} or less",
            "max_digits": f"The miles must be {MAX_MILES_A_WEEK} or less",
            "max_whole_digits": f"The miles must be {MAX_MILES_A_WEEK} or less",
            "max_decimal_places": "The miles can have 1 decimal place at most",
        },
    )

    def __init__(self, *args: object, weeks: list[date], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["week_starting"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(w.isoformat(), f"Week starting {w:%-d %B %Y}") for w in weeks]

    def clean_week_starting(self) -> date:
        return date.fromisoformat(self.cleaned_data["week_starting"])
