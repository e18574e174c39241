"""Forms for the regional pool: registration, checks, availability, rates, filters."""

from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms

from safeworkload.bank.models import BankWorker, Check, Place, Specialism
from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Organisation, Person, Team

EMAIL_ERRORS = {
    "required": "Enter their email address",
    "invalid": "Enter an email address in the correct format, like name@example.org",
}


class PoundsField(forms.DecimalField):
    """An hourly rate typed in pounds ("38.50"), cleaned to integer pence."""

    def __init__(self, *, label: str, subject: str, **kwargs: Any) -> None:
        kwargs.setdefault(
            "error_messages",
            {
                "required": f"Enter {subject}",
                "invalid": f"Enter {subject} in pounds and pence, like 38.50",
                "max_decimal_places": f"Enter {subject} in pounds and pence, like 38.50",
                "min_value": f"Enter {subject} of at least £1.00",
                "max_value": f"Enter {subject} of £500.00 or less",
                "max_digits": f"Enter {subject} of £500.00 or less",
            },
        )
        super().__init__(
            label=label,
            max_digits=6,
            decimal_places=2,
            min_value=Decimal("1"),
            max_value=Decimal("500"),
            **kwargs,
        )

    def clean(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = value.strip().lstrip("£").replace(",", "")
        cleaned = super().clean(value)
        return None if cleaned is None else int(cleaned * 100)


def pounds_value(pence: int | None) -> str:
    return "" if pence is None else f"{Decimal(pence) / 100:.2f}"


def _place_choices(places: list[Place]) -> list[tuple[object, str]]:
    return [(p.pk, p.name) for p in places]


class WorkerRegisterForm(forms.Form):
    given_name = forms.CharField(
        label="First name", max_length=80, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=80, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address", help_text="They sign in with it.", error_messages=EMAIL_ERRORS
    )
    job_role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Person.JobRole.choices],
        error_messages={"required": "Select their role"},
    )
    grade = forms.CharField(label="Grade", max_length=40, required=False)
    registration_number = forms.CharField(
        label="Professional registration number",
        max_length=20,
        required=False,
        help_text="Social Work England or HCPC, for example SW123456.",
    )
    specialisms = forms.MultipleChoiceField(
        label="Specialisms",
        required=False,
        choices=Specialism.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )
    service_areas = forms.MultipleChoiceField(
        label="Service areas they will work in",
        choices=Team.ServiceArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select at least one service area"},
    )
    years_experience = forms.IntegerField(
        label="Years of post-qualifying experience",
        min_value=0,
        max_value=60,
        error_messages={
            "required": "Enter their years of experience",
            "invalid": "Years of experience must be a whole number, like 4",
            "min_value": "Years of experience must be 0 or more",
            "max_value": "Years of experience must be 60 or fewer",
        },
    )
    home = forms.TypedChoiceField(
        label="Where they live or work from",
        coerce=int,
        error_messages={"required": "Select where they live or work from"},
    )
    max_travel_miles = forms.IntegerField(
        label="How far they will travel, in miles",
        min_value=0,
        max_value=200,
        initial=20,
        error_messages={
            "required": "Enter how far they will travel",
            "invalid": "The distance must be a whole number of miles, like 20",
            "min_value": "The distance must be 0 miles or more",
            "max_value": "The distance must be 200 miles or fewer",
        },
    )
    max_days_per_week = forms.IntegerField(
        label="Most days a week they will work",
        min_value=1,
        max_value=7,
        initial=3,
        error_messages={
            "required": "Enter the most days a week they will work",
            "invalid": "Days a week must be a whole number from 1 to 7",
            "min_value": "Days a week must be a whole number from 1 to 7",
            "max_value": "Days a week must be a whole number from 1 to 7",
        },
    )
    former_employer = forms.TypedChoiceField(
        label="Member employer they left, if any",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="They cannot be offered back to it until the cool-off ends.",
    )
    left_former_employer_on = GovukDateField(
        label="The date they left it", required=False, help_text="For example, 31 3 2026"
    )

    def __init__(
        self, *args: Any, places: list[Place], employers: list[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["home"]).choices = [
            ("", "Choose a place"),
            *_place_choices(places),
        ]
        cast(forms.ChoiceField, self.fields["former_employer"]).choices = [
            ("", "None"),
            *[(o.pk, o.name) for o in employers],
        ]
        self._places = {p.pk: p for p in places}
        self._employers = {o.pk: o for o in employers}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        employer, left_on = data.get("former_employer"), data.get("left_former_employer_on")
        if employer and not left_on and "left_former_employer_on" not in self.errors:
            self.add_error("left_former_employer_on", "Enter the date they left")
        if left_on and not employer:
            self.add_error("former_employer", "Select the employer they left")
        return data

    def worker_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["home"] = self._places[data["home"]]
        employer_id = data.pop("former_employer")
        data["former_employer"] = self._employers.get(employer_id) if employer_id else None
        return data


class CheckForm(forms.Form):
    kind = forms.ChoiceField(
        label="Check",
        choices=Check.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the check"},
    )
    reference = forms.CharField(
        label="Reference",
        max_length=80,
        required=False,
        help_text="The certificate, share code or registration number.",
    )
    verified_on = GovukDateField(label="Date verified", help_text="For example, 12 3 2026")
    expires_on = GovukDateField(
        label="Expiry date",
        required=False,
        help_text="Leave empty if it does not expire. For example, 12 3 2029",
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        verified, expires = data.get("verified_on"), data.get("expires_on")
        if verified and verified > self.today:
            self.add_error("verified_on", "The date verified must be today or in the past")
        if verified and expires and expires < verified:
            self.add_error("expires_on", "The expiry date must be on or after the date verified")
        return data


class AvailabilityForm(forms.Form):
    """A checkbox for each day of the next eight weeks, grouped by week in the
    template, with the worker's travel limit and days a week."""

    max_travel_miles = WorkerRegisterForm.base_fields["max_travel_miles"]
    max_days_per_week = WorkerRegisterForm.base_fields["max_days_per_week"]

    def __init__(self, *args: Any, weeks: list[list[date]], today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        self.today = today
        for week in weeks:
            self.fields[self.week_name(week)] = forms.MultipleChoiceField(
                label=f"Week beginning {week[0]:%A %-d %B}",
                required=False,
                choices=[(day.isoformat(), f"{day:%A %-d %B}") for day in week if day >= today],
                widget=forms.CheckboxSelectMultiple,
            )

    @staticmethod
    def week_name(week: list[date]) -> str:
        return f"week_{week[0]:%Y%m%d}"

    def week_fields(self) -> list[forms.BoundField]:
        return [self[self.week_name(w)] for w in self.weeks]

    def free_days(self) -> set[date]:
        chosen: set[date] = set()
        for week in self.weeks:
            chosen |= {date.fromisoformat(d) for d in self.cleaned_data[self.week_name(week)]}
        return chosen


class RateCardForm(forms.Form):
    job_role = forms.ChoiceField(
        label="Role",
        choices=[("", "Choose a role"), *Person.JobRole.choices],
        error_messages={"required": "Select the role"},
    )
    grade = forms.CharField(
        label="Grade",
        max_length=40,
        required=False,
        help_text="Leave empty for a rate for every grade of the role.",
    )
    base_pence_per_hour = PoundsField(label="Base rate, £ an hour", subject="the base rate")
    cap_pence_per_hour = PoundsField(label="Cap, £ an hour", subject="the cap")
    mileage_pence_per_mile = forms.IntegerField(
        label="Mileage, pence a mile",
        min_value=0,
        max_value=200,
        initial=45,
        error_messages={
            "required": "Enter the mileage rate",
            "invalid": "The mileage rate must be a whole number of pence, like 45",
            "min_value": "The mileage rate must be 0 pence or more",
            "max_value": "The mileage rate must be 200 pence or less",
        },
    )
    effective_from = GovukDateField(label="In force from", help_text="For example, 1 4 2026")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        base, cap = data.get("base_pence_per_hour"), data.get("cap_pence_per_hour")
        if base is not None and cap is not None and cap < base:
            self.add_error("cap_pence_per_hour", "The cap must be at least the base rate")
        return data


class PoolFilterForm(forms.Form):
    job_role = forms.ChoiceField(
        label="Role", required=False, choices=[("", "Any role"), *Person.JobRole.choices]
    )
    specialism = forms.ChoiceField(
        label="Specialism", required=False, choices=[("", "Any specialism"), *Specialism.choices]
    )
    place = forms.TypedChoiceField(
        label="Lives at", required=False, coerce=int, empty_value=None, choices=[]
    )
    expiring = forms.BooleanField(
        label="Only those with a check expiring in 30 days", required=False
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place"]).choices = [
            ("", "Any place"),
            *_place_choices(places),
        ]

    def filters(self) -> dict[str, Any]:
        if not self.is_valid():
            return {"job_role": "", "specialism": "", "place_id": None, "expiring": False}
        data = self.cleaned_data
        return {
            "job_role": data["job_role"],
            "specialism": data["specialism"],
            "place_id": data["place"],
            "expiring": data["expiring"],
        }


class AvailabilityFilterForm(forms.Form):
    place = forms.TypedChoiceField(label="Place", coerce=int, choices=[])
    job_role = forms.ChoiceField(label="Role", choices=Person.JobRole.choices)
    specialism = forms.ChoiceField(
        label="Specialism", required=False, choices=[("", "Any specialism"), *Specialism.choices]
    )

    def __init__(self, *args: Any, places: list[Place], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["place"]).choices = _place_choices(places)
        self._places = {p.pk: p for p in places}

    def chosen(self) -> tuple[Place, str, str] | None:
        """The place, role and specialism asked for; the first place and social
        workers when nothing (or nothing valid) was asked."""
        if not self._places:
            return None
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
            return self._places[data["place"]], data["job_role"], data["specialism"]
        return next(iter(self._places.values())), Person.JobRole.SOCIAL_WORKER, ""


def worker_initial(worker: BankWorker) -> dict[str, Any]:
    return {
        "max_travel_miles": worker.max_travel_miles,
        "max_days_per_week": worker.max_days_per_week,
    }
