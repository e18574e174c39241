"""Forms for setting an organisation's caseload standard.

Error messages follow the GOV.UK Design System: they say what to do, and a
weight's message names its cell ("Enter the points for Care Act assessment,
tier 2").
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms

from safeworkload.calc.standards import LOCAL_AGREED, PROFILES
from safeworkload.caseloads.models import CaseType, Reduction, WeightingScheme
from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Organisation, Person, Team

TIERS = (1, 2, 3)

PROFILE_LABELS = {
    LOCAL_AGREED: "Agreed locally with practitioners",
    "probation-2010": "Probation traffic light, 2010: red from 110%",
    "hmpps-wmt-legacy": "HMPPS workload measurement tool, legacy: red over 110%",
    "hmpps-maw": "HMPPS Manage a Workforce: over capacity above 99%",
    "scotland-2022": "Scotland, Setting the Bar 2022: case count caps",
    "cwla": "Child Welfare League of America: case count caps",
}
PROFILE_CHOICES = [(name, PROFILE_LABELS.get(name, name)) for name in PROFILES]
PROFILE_SOURCES = {name: profile.source for name, profile in PROFILES.items()}

YES_NO = [("yes", "Yes"), ("no", "No")]


def _plain(value: Decimal) -> str:
    """37.0 as 37 and 7.50 as 7.5, for a message."""
    return f"{value.normalize():f}"


def _number_errors(subject: str, *, places: int, minimum: str, maximum: str) -> dict[str, str]:
    return {
        "required": f"Enter {subject[0].lower()}{subject[1:]}",
        "invalid": f"{subject} must be a number",
        "min_value": f"{subject} must be {minimum} or more",
        "max_value": f"{subject} must be {maximum} or less",
        "max_decimal_places": f"{subject} can have {places} decimal place"
        + ("" if places == 1 else "s")
        + " at most",
        "max_digits": f"{subject} must be {maximum} or less",
        "max_whole_digits": f"{subject} must be {maximum} or less",
    }


# ---------------------------------------------------------------------------
# Case types


class CaseTypeForm(forms.Form):
    service_area = forms.ChoiceField(
        label="Service area",
        choices=Team.ServiceArea.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the service area"},
    )
    name = forms.CharField(
        label="Name",
        max_length=120,
        help_text="For example, Care Act assessment",
        error_messages={
            "required": "Enter the name of the case type",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    code = forms.SlugField(
        label="Code",
        max_length=40,
        help_text="The code case imports use, like care-act-assessment. "
        "Use letters, numbers and hyphens only.",
        error_messages={
            "required": "Enter the code",
            "invalid": "The code must use only letters, numbers, hyphens and underscores",
            "max_length": "The code must be 40 characters or fewer",
        },
    )
    reserved = forms.ChoiceField(
        label="Is this work reserved to registered social workers?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        help_text="Reserved work includes Care Act and Children Act assessments, s42 and s47 "
        "enquiries, AMHP, BIA and court work. Only a registered social worker may hold it.",
        error_messages={"required": "Select yes if the work is reserved"},
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        case_type: CaseType | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.case_type = case_type
        if case_type is not None:
            # A case type's weights and cases belong to its area: it cannot move.
            del self.fields["service_area"]

    def clean_name(self) -> str:
        return str(self.cleaned_data["name"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area = self.case_type.service_area if self.case_type else data.get("service_area")
        code = data.get("code")
        if area and code:
            clash = CaseType.objects.filter(
                organisation=self.organisation, service_area=area, code=code
            )
            if self.case_type is not None:
                clash = clash.exclude(pk=self.case_type.pk)
            if clash.exists():
                self.add_error("code", "Another case type in this service area has this code")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {
            "name": data["name"],
            "code": data["code"],
            "reserved": data["reserved"] == "yes",
        }
        if "service_area" in self.fields:
            values["service_area"] = data["service_area"]
        return values


# ---------------------------------------------------------------------------
# Scheme versions


def _scheme_name_field() -> forms.CharField:
    return forms.CharField(
        label="Name of the scheme",
        max_length=120,
        help_text="For example, Adults workload scheme 2027",
        error_messages={
            "required": "Enter the name of the scheme",
            "max_length": "The name must be 120 characters or fewer",
        },
    )


class SchemeVersionForm(forms.Form):
    name = _scheme_name_field()
    effective_from = GovukDateField(
        label="Date it takes effect",
        help_text="It must be after today, so that you can set its weights before it is used.",
    )

    def __init__(self, *args: Any, latest: date | None, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.latest, self.today = latest, today
        if latest is not None and latest >= today:
            self.fields[
                "effective_from"
            ].help_text = (
                f"It must be after {latest:%-d %B %Y}, when the latest version takes effect."
            )

    def clean_effective_from(self) -> date:
        value: date = self.cleaned_data["effective_from"]
        if self.latest is not None and value <= self.latest:
            raise forms.ValidationError(
                f"The date it takes effect must be after {self.latest:%-d %B %Y}, "
                "when the latest version takes effect"
            )
        if value <= self.today:
            raise forms.ValidationError("The date it takes effect must be in the future")
        return value


THRESHOLDS = (
    ("green_from_percent", "Green"),
    ("amber_from_percent", "Amber"),
    ("red_from_percent", "Red"),
)


def _threshold_field(colour: str) -> forms.DecimalField:
    subject = f"The percentage where {colour.lower()} begins"
    return forms.DecimalField(
        label=f"{colour} from",
        required=False,
        max_digits=5,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("500"),
        error_messages=_number_errors(subject, places=1, minimum="1", maximum="500"),
    )


class SchemeSettingsForm(forms.Form):
    name = _scheme_name_field()
    mode = forms.ChoiceField(
        label="How cases are counted",
        choices=WeightingScheme.Mode.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how cases are counted"},
    )
    profile = forms.ChoiceField(
        label="Bands",
        choices=PROFILE_CHOICES,
        widget=forms.RadioSelect,
        help_text="Where green, amber and red begin. The LGA's Standard 3 asks employers to "
        "agree safe levels with practitioners.",
        error_messages={"required": "Select the bands"},
    )
    nominal_target = forms.IntegerField(
        label="Nominal target",
        min_value=1,
        max_value=100000,
        help_text="A full-time worker's capacity: 100 points in council schemes, 2,176 in the "
        "probation tool, or the maximum number of cases when counting cases.",
        error_messages=_number_errors(
            "The nominal target", places=0, minimum="1", maximum="100,000"
        )
        | {"invalid": "The nominal target must be a whole number, like 100"},
    )
    default_hours = forms.DecimalField(
        label="Full-time hours a week",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("1"),
        max_value=Decimal("48"),
        help_text="Part-time workers' capacity is pro rata to this. For example, 37",
        error_messages=_number_errors("Full-time hours", places=1, minimum="1", maximum="48"),
    )
    fixed_points = forms.DecimalField(
        label="Fixed points",
        max_digits=7,
        decimal_places=2,
        min_value=Decimal("0"),
        help_text="Non-case work every worker carries, like Wirral's 15 stable points. "
        "Not used when counting cases.",
        error_messages=_number_errors("Fixed points", places=2, minimum="0", maximum="99,999.99"),
    )
    newly_qualified_ceiling_percent = forms.IntegerField(
        label="Ceiling for newly qualified workers, as a percentage",
        min_value=1,
        max_value=100,
        help_text="For the first year after qualifying (the ASYE). Wirral uses 90.",
        error_messages=_number_errors(
            "The newly qualified ceiling", places=0, minimum="1", maximum="100"
        )
        | {"invalid": "The newly qualified ceiling must be a whole number, like 90"},
    )
    responsive_uplift_percent = forms.DecimalField(
        label="Uplift for responsive work, as a percentage",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("30"),
        help_text="Added to each case's points for crisis work and liaison; up to 30 (the "
        "probation tool's 2022 refresh). Enter 0 for none.",
        error_messages=_number_errors(
            "The responsive work uplift", places=1, minimum="0", maximum="30"
        ),
    )
    green_from_percent = _threshold_field("Green")
    amber_from_percent = _threshold_field("Amber")
    red_from_percent = _threshold_field("Red")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        fixed, target = data.get("fixed_points"), data.get("nominal_target")
        if fixed is not None and target is not None and fixed >= target:
            self.add_error("fixed_points", "Fixed points must be less than the nominal target")
        if data.get("profile") != LOCAL_AGREED:
            # Only the local-agreed profile takes the organisation's own edges.
            for name, _ in THRESHOLDS:
                data[name] = None
                self.errors.pop(name, None)  # hidden with the profile's other answers
            return data
        previous: tuple[str, Decimal] | None = None
        for name, colour in THRESHOLDS:
            value = data.get(name)
            if name in self.errors:
                previous = None
                continue
            if value is None:
                self.add_error(name, f"Enter the percentage where {colour.lower()} begins")
                previous = None
                continue
            if previous is not None and value <= previous[1]:
                self.add_error(
                    name,
                    f"{colour} must begin above {previous[0].lower()} ({_plain(previous[1])}%)",
                )
            previous = (colour, value)
        return data


def weight_field_name(case_type_id: int, tier: int) -> str:
    return f"w_{case_type_id}_{tier}"


class SchemeWeightsForm(forms.Form):
    """One input for each case type of the scheme's area at each tier."""

    def __init__(self, *args: Any, case_types: list[CaseType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.case_types = case_types
        for case_type in case_types:
            for tier in TIERS:
                cell = f"{case_type.name}, tier {tier}"
                self.fields[weight_field_name(case_type.pk, tier)] = forms.DecimalField(
                    label=f"Points for {cell}",
                    max_digits=7,
                    decimal_places=2,
                    min_value=Decimal("0"),
                    error_messages={
                        "required": f"Enter the points for {cell}",
                        "invalid": f"The points for {cell} must be a number, like 6 or 7.5",
                        "min_value": f"The points for {cell} must be 0 or more",
                        "max_value": f"The points for {cell} must be 99,999.99 or less",
                        "max_digits": f"The points for {cell} must be 99,999.99 or less",
                        "max_whole_digits": f"The points for {cell} must be 99,999.99 or less",
                        "max_decimal_places": f"The points for {cell} can have 2 decimal "
                        "places at most",
                    },
                )

    def points(self) -> dict[tuple[int, int], Decimal]:
        return {
            (case_type.pk, tier): self.cleaned_data[weight_field_name(case_type.pk, tier)]
            for case_type in self.case_types
            for tier in TIERS
        }


# ---------------------------------------------------------------------------
# The escalation ladder


class EscalationLevelForm(forms.Form):
    title = forms.CharField(
        label="Who the breach goes to",
        max_length=80,
        help_text="For example, team manager, head of service or director",
        error_messages={
            "required": "Enter who the breach goes to",
            "max_length": "This must be 80 characters or fewer",
        },
    )
    days_to_act = forms.IntegerField(
        label="Days they have to act",
        min_value=1,
        max_value=365,
        help_text="The days from the breach reaching this rung to a plan; after that it "
        "goes up to the next rung.",
        error_messages=_number_errors("Days to act", places=0, minimum="1", maximum="365")
        | {"invalid": "Days to act must be a whole number, like 10"},
    )


# ---------------------------------------------------------------------------
# Reductions


class ReductionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Kind of reduction",
        choices=Reduction.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of reduction"},
    )
    hours_per_week = forms.DecimalField(
        label="Hours a week",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0.1"),
        max_value=Decimal("48"),
        help_text="Taken off their contracted hours when working out their capacity. "
        "For example, 3.7",
        error_messages=_number_errors("Hours a week", places=1, minimum="0.1", maximum="48"),
    )
    reason = forms.CharField(
        label="Reason",
        max_length=200,
        help_text="Do not give health or other sensitive details.",
        error_messages={
            "required": "Enter the reason",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )
    starts_on = GovukDateField(label="Date it starts")
    expires_on = GovukDateField(label="Date it expires", help_text="The last day it applies.")

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        hours = data.get("hours_per_week")
        if hours is not None and hours > self.person.contracted_hours:
            self.add_error(
                "hours_per_week",
                f"Hours a week must be no more than their contracted hours "
                f"({_plain(Decimal(self.person.contracted_hours))})",
            )
        starts, expires = data.get("starts_on"), data.get("expires_on")
        if starts and expires and expires <= starts:
            self.add_error("expires_on", "The date it expires must be after the date it starts")
        return data


class ReductionEndForm(forms.Form):
    last_day = GovukDateField(
        label="Last day it applies",
        help_text="Today or later: the weeks already counted keep the reduction they had.",
    )

    def __init__(self, *args: Any, reduction: Reduction, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reduction, self.today = reduction, today

    def clean_last_day(self) -> date:
        value: date = self.cleaned_data["last_day"]
        if value < self.today:
            raise forms.ValidationError("The last day it applies must be today or later")
        if value <= self.reduction.starts_on:
            raise forms.ValidationError(
                f"The last day it applies must be after the date it starts "
                f"({self.reduction.starts_on:%-d %B %Y})"
            )
        if value >= self.reduction.expires_on:
            raise forms.ValidationError(
                f"The last day it applies must be before {self.reduction.expires_on:%-d %B %Y}, "
                "when it expires now"
            )
        return value
