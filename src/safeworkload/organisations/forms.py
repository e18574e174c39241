from typing import Any, cast

from django import forms

from safeworkload.core.govuk import GovukDateField
from safeworkload.organisations.models import ApiToken, Organisation, Person, Team
from safeworkload.organisations.roles import Role


class TeamForm(forms.Form):
    name = forms.CharField(
        label="Team name", max_length=120, error_messages={"required": "Enter the team name"}
    )
    service_area = forms.ChoiceField(
        label="Service area",
        choices=Team.ServiceArea.choices,
        error_messages={"required": "Select the service area"},
    )
    team_type = forms.ChoiceField(
        label="Type of team",
        choices=Team.TeamType.choices,
        error_messages={"required": "Select the type of team"},
    )
    manager = forms.TypedChoiceField(
        label="Team manager", required=False, coerce=int, empty_value=None
    )

    def __init__(
        self, *args: Any, organisation: Organisation, team: Team | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.team = team
        managers = Person.objects.filter(
            organisation=organisation,
            job_role__in=[Person.JobRole.TEAM_MANAGER, Person.JobRole.SERVICE_LEAD],
        )
        cast(forms.ChoiceField, self.fields["manager"]).choices = [("", "No manager yet")] + [
            (p.pk, p.full_name) for p in managers
        ]

    def clean_name(self) -> str:
        name: str = self.cleaned_data["name"].strip()
        clash = Team.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.team is not None:
            clash = clash.exclude(pk=self.team.pk)
        if clash.exists():
            raise forms.ValidationError("Your organisation already has a team with this name")
        return name

    def clean_manager(self) -> Person | None:
        pk = self.cleaned_data["manager"]
        return Person.objects.get(pk=pk) if pk else None


class PersonForm(forms.Form):
    staff_number = forms.CharField(
        label="Staff number", max_length=40, error_messages={"required": "Enter the staff number"}
    )
    given_name = forms.CharField(
        label="First name", max_length=80, error_messages={"required": "Enter their first name"}
    )
    family_name = forms.CharField(
        label="Last name", max_length=80, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Work email address",
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.org"
        },
    )
    team = forms.TypedChoiceField(label="Team", required=False, coerce=int, empty_value=None)
    job_role = forms.ChoiceField(
        label="Job role",
        choices=Person.JobRole.choices,
        error_messages={"required": "Select their job role"},
    )
    qualified = forms.BooleanField(
        label="Holds a social work or occupational therapy qualification", required=False
    )
    registered = forms.BooleanField(
        label="Registered with Social Work England or the HCPC", required=False
    )
    registration_number = forms.CharField(
        label="Registration number",
        max_length=20,
        required=False,
        help_text="For example, SW123456",
    )
    contracted_hours = forms.DecimalField(
        label="Contracted hours a week",
        max_digits=4,
        decimal_places=1,
        min_value=0.5,
        max_value=48,
        help_text="For example, 37 or 22.5",
        error_messages={
            "required": "Enter the number of contracted hours a week",
            "invalid": "Contracted hours must be a number, like 37 or 22.5",
            "min_value": "Contracted hours must be at least 0.5",
            "max_value": "Contracted hours must be 48 or fewer",
            "max_decimal_places": "Contracted hours can have 1 decimal place at most",
        },
    )
    qualification_date = GovukDateField(label="Date they qualified", required=False)
    start_date = GovukDateField(label="Date they started")
    end_date = GovukDateField(label="Date they left", required=False)
    employment_type = forms.ChoiceField(
        label="Employment type",
        choices=Person.EmploymentType.choices,
        error_messages={"required": "Select the employment type"},
    )
    grade = forms.CharField(label="Grade", max_length=40, required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.existing_pk = kwargs.get("initial", {}).get("pk")
        cast(forms.ChoiceField, self.fields["team"]).choices = [("", "Not in a team")] + [
            (t.pk, t.name) for t in Team.objects.filter(organisation=organisation)
        ]

    def clean_team(self) -> Team | None:
        pk = self.cleaned_data["team"]
        return Team.objects.get(pk=pk) if pk else None

    def clean_staff_number(self) -> str:
        number: str = self.cleaned_data["staff_number"].strip()
        clash = Person.objects.filter(organisation=self.organisation, staff_number=number)
        if self.existing_pk:
            clash = clash.exclude(pk=self.existing_pk)
        if clash.exists():
            raise forms.ValidationError("Another person already has this staff number")
        return number

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("registered") and not data.get("registration_number"):
            self.add_error(
                "registration_number", "Enter the registration number, or untick 'Registered'"
            )
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error(
                "end_date", "Date they left must be the same as or after the date they started"
            )
        return data


class MembershipForm(forms.Form):
    email = forms.EmailField(
        label="Email address they sign in with",
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    role = forms.ChoiceField(
        label="Role",
        choices=Role.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a role"},
    )
    person = forms.TypedChoiceField(
        label="Their staff record", required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["person"]).choices = [("", "No staff record")] + [
            (p.pk, f"{p.full_name} ({p.staff_number})")
            for p in Person.objects.filter(organisation=organisation).only(
                "pk", "given_name", "family_name", "staff_number"
            )
        ]

    def clean_person(self) -> Person | None:
        pk = self.cleaned_data["person"]
        return Person.objects.get(pk=pk) if pk else None


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="What will use this token",
        error_messages={"required": "Enter a name for the token"},
    )
    access = forms.ChoiceField(
        label="Access",
        choices=ApiToken.Access.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the access it needs"},
    )
