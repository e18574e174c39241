from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet

from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import Organisation, Person, Team
from safeworkload.workforce.models import ActionPlan, ActionStep, Post

STATUS_FILTERS = [("", "Vacant and filled"), ("vacant", "Vacant"), ("filled", "Filled")]
PLAN_FILTERS = [("", "Any status"), *ActionPlan.Status.choices]
SCOPES = [
    ("all", "Every post and member of staff"),
    ("social_work", "Social workers and their managers only, as DfE counts"),
]


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        team = f", {obj.team.name}" if obj.team_id else ""
        return f"{obj.full_name} ({obj.get_job_role_display()}{team})"


class PostChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        since = f", vacant since {obj.vacant_since:%-d %B %Y}" if obj.vacant_since else ", filled"
        grade = f" {obj.grade}" if obj.grade else ""
        return f"{obj.get_job_role_display()}{grade}, {obj.team.name}, {obj.funded_fte} FTE{since}"


def current_people(organisation: Organisation, today: date) -> QuerySet[Person]:
    return (
        Person.objects.filter(organisation=organisation)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("team")
        .order_by("family_name", "given_name", "pk")
    )


class EstablishmentFilterForm(forms.Form):
    team = forms.ChoiceField(label="Team", required=False, choices=[])
    job_role = forms.ChoiceField(
        label="Job role", required=False, choices=[("", "Any job role"), *Person.JobRole.choices]
    )
    status = forms.ChoiceField(label="Show", required=False, choices=STATUS_FILTERS)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        teams = Team.objects.filter(organisation=organisation).order_by("name")
        cast(forms.ChoiceField, self.fields["team"]).choices = [("", "Every team")] + [
            (str(team.pk), team.name) for team in teams
        ]

    def chosen(self) -> dict[str, Any]:
        if not self.is_bound or not self.is_valid():
            return {"team_id": None, "job_role": "", "status": ""}
        team = self.cleaned_data["team"]
        return {
            "team_id": int(team) if team else None,
            "job_role": self.cleaned_data["job_role"],
            "status": self.cleaned_data["status"],
        }


class PostForm(forms.Form):
    team = forms.ModelChoiceField(
        label="Team",
        queryset=Team.objects.none(),
        error_messages={"required": "Select the team", "invalid_choice": "Select the team"},
    )
    job_role = forms.ChoiceField(
        label="Job role",
        choices=Person.JobRole.choices,
        error_messages={"required": "Select the job role"},
    )
    grade = forms.CharField(
        label="Grade",
        max_length=40,
        required=False,
        help_text="The pay grade, for example SW2",
        error_messages={"max_length": "The grade must be 40 characters or fewer"},
    )
    funded_fte = forms.DecimalField(
        label="Funded FTE",
        max_digits=4,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=Decimal("1.00"),
        help_text="1 for a full-time post, 0.5 for half-time",
        error_messages={
            "required": "Enter the funded FTE",
            "invalid": "Funded FTE must be a number, like 1 or 0.6",
            "min_value": "Funded FTE must be more than 0",
            "max_value": "Funded FTE must be 1 or less: add a second post for more",
            "max_decimal_places": "Funded FTE can have 2 decimal places at most",
        },
    )
    vacant_since = GovukDateField(
        label="Date the post became vacant",
        help_text="A new post is vacant until you fill it. For example, 1 4 2027",
    )

    def __init__(self, *args: Any, organisation: Organisation, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        team_field = cast(forms.ModelChoiceField, self.fields["team"])
        team_field.queryset = Team.objects.filter(organisation=organisation).order_by("name")
        team_field.empty_label = "Select a team"
        if not new:
            del self.fields["vacant_since"]


class VacateForm(forms.Form):
    on = GovukDateField(
        label="First day the post is vacant", help_text="The day after the holder's last day"
    )
    leaving = forms.BooleanField(
        label="They are leaving the organisation (their staff record ends the day before)",
        required=False,
    )


class FillForm(forms.Form):
    person = PersonChoiceField(
        label="Who holds the post",
        queryset=Person.objects.none(),
        empty_label="Select a person",
        help_text="Staff on a permanent or fixed-term contract who hold no post",
        error_messages={
            "required": "Select who holds the post",
            "invalid_choice": "Select who holds the post",
        },
    )
    on = GovukDateField(label="Their first day in the post")

    def __init__(self, *args: Any, organisation: Organisation, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["person"]).queryset = current_people(
            organisation, today
        ).filter(
            employment_type__in=[Person.EmploymentType.PERMANENT, Person.EmploymentType.FIXED_TERM],
            post__isnull=True,
        )


def pounds_to_pence(value: Decimal) -> int:
    return int(value * 100)


class CoverForm(forms.Form):
    kind = forms.ChoiceField(
        label="How is the post covered?",
        choices=Post.Cover.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the post is covered"},
    )
    starts_on = GovukDateField(label="First day of this cover")
    ends_on = GovukDateField(
        label="Last day of this cover", required=False, help_text="Leave empty if it has no end"
    )
    hours_per_week = forms.DecimalField(
        label="Hours of cover a week",
        max_digits=4,
        decimal_places=1,
        min_value=Decimal("0"),
        max_value=Decimal("60"),
        required=False,
        help_text="Not needed when the post is not covered",
        error_messages={
            "invalid": "Hours must be a number, like 37 or 22.5",
            "min_value": "Hours must be 0 or more",
            "max_value": "Hours must be 60 or fewer",
            "max_decimal_places": "Hours can have 1 decimal place at most",
        },
    )
    pounds_per_hour = forms.DecimalField(
        label="What an hour costs, in pounds",
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=Decimal("500"),
        required=False,
        help_text="The charge to the employer, fees and on-costs included, for example 48.50",
        error_messages={
            "invalid": "Enter the cost in pounds, like 48.50",
            "min_value": "The cost must be 0 or more",
            "max_value": "The cost must be 500 pounds an hour or less",
            "max_decimal_places": "Enter the cost to the penny, like 48.50",
        },
    )
    worker = PersonChoiceField(
        label="The worker's staff record",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No staff record",
        help_text="If the agency or bank worker has one, so they are counted once",
    )
    note = forms.CharField(
        label="Note",
        max_length=200,
        required=False,
        error_messages={"max_length": "The note must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, organisation: Organisation, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["worker"]).queryset = current_people(
            organisation, today
        ).filter(employment_type__in=[Person.EmploymentType.AGENCY, Person.EmploymentType.BANK])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != Post.Cover.NONE:
            if not data.get("hours_per_week"):
                self.add_error("hours_per_week", "Enter the hours of cover a week")
            if not data.get("pounds_per_hour"):
                self.add_error("pounds_per_hour", "Enter what an hour of cover costs")
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The last day of cover must be on or after its first day")
        return data


class CoverEndForm(forms.Form):
    ends_on = GovukDateField(label="Last day of this cover")


class PlanForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=120,
        help_text="For example, Recruit two social workers to the hospital team",
        error_messages={
            "required": "Enter a title for the plan",
            "max_length": "The title must be 120 characters or fewer",
        },
    )
    posts = PostChoiceField(
        label="Posts the plan is to fill",
        queryset=Post.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one post the plan is to fill",
            "invalid_choice": "Select at least one post the plan is to fill",
        },
    )
    owner = PersonChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No owner yet",
    )
    status = forms.ChoiceField(
        label="Status",
        choices=ActionPlan.Status.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the plan's status"},
    )

    def __init__(
        self,
        *args: Any,
        organisation: Organisation,
        today: date,
        plan: ActionPlan | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        vacant = Q(holder__isnull=True)
        if plan is not None:
            vacant |= Q(pk__in=plan.posts.values("pk"))
        else:
            del self.fields["status"]
        cast(forms.ModelMultipleChoiceField, self.fields["posts"]).queryset = (
            Post.objects.filter(vacant, organisation=organisation)
            .select_related("team")
            .order_by("team__name", "job_role", "pk")
        )
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = current_people(
            organisation, today
        )


class StepForm(forms.Form):
    kind = forms.ChoiceField(
        label="Step",
        choices=ActionStep.Kind.choices,
        error_messages={"required": "Select the step"},
    )
    owner = PersonChoiceField(
        label="Owner",
        queryset=Person.objects.none(),
        required=False,
        empty_label="No owner yet",
    )
    due_on = GovukDateField(label="Due by")
    done_on = GovukDateField(label="Date it was done", required=False)
    note = forms.CharField(
        label="Note",
        max_length=300,
        required=False,
        widget=forms.Textarea,
        help_text="For example, where it is advertised or how many applied. No names.",
        error_messages={"max_length": "The note must be 300 characters or fewer"},
    )

    def __init__(self, *args: Any, organisation: Organisation, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["owner"]).queryset = current_people(
            organisation, today
        )


class PlanFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", required=False, choices=PLAN_FILTERS)

    def chosen(self) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data["status"])


class MeasuresForm(forms.Form):
    census = GovukDateField(
        label="Date of the figures",
        required=False,
        help_text="Leave empty for the last 30 September, DfE's census date. The year is the "
        "12 months to this date.",
    )
    scope = forms.ChoiceField(label="Count", choices=SCOPES, required=False)
