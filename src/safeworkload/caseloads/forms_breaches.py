from typing import cast

from django import forms

from safeworkload.caseloads.models import Breach

PLAN_ACTIONS = [
    ("work_removed", "Work removed or put back for later"),
    ("co_worker_added", "A co-worker added"),
    ("case_reallocated", "A case reallocated"),
]
NO_CASE_DETAIL = (
    "The breach register, union representatives included, reads this. "
    "Do not give case references or anything about the people the cases are about."
)


class BreachPlanForm(forms.Form):
    plan = forms.CharField(
        label="The plan to bring the workload back within the standard",
        help_text=NO_CASE_DETAIL,
        max_length=4000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the plan",
            "max_length": "The plan must be 4,000 characters or fewer",
        },
    )
    actions = forms.MultipleChoiceField(
        label="What the plan does",
        required=False,
        choices=PLAN_ACTIONS,
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply.",
    )

    def flags(self) -> dict[str, bool]:
        chosen = set(self.cleaned_data.get("actions") or [])
        return {name: name in chosen for name, _ in PLAN_ACTIONS}


class BreachNoteForm(forms.Form):
    """A note with an escalation or a resolution; the button says which."""

    note = forms.CharField(
        label="Note",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_CASE_DETAIL,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )


class BreachFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Breach.Status.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Breach.Kind.choices]
    )
    team = forms.TypedChoiceField(
        label="Team", required=False, coerce=int, empty_value=None, choices=[]
    )

    def __init__(self, *args: object, teams: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        team_field = self.fields["team"]
        assert isinstance(team_field, forms.ChoiceField)
        team_field.choices = [("", "Any team"), *teams]

    def filters(self) -> dict[str, object]:
        if not self.is_valid():
            return {"status": "", "kind": "", "team_id": None}
        data = self.cleaned_data
        return {"status": data["status"], "kind": data["kind"], "team_id": data["team"]}

    def description(self) -> str:
        """The filters chosen, in words: "Status: Open; Team: Duty"."""
        if not self.is_bound or not self.is_valid():
            return ""
        chosen = []
        for name in ("status", "kind", "team"):
            value = self.cleaned_data[name]
            if value:
                field = self.fields[name]
                assert isinstance(field, forms.ChoiceField)
                choices = cast(list[tuple[object, str]], field.choices)
                labels = {str(key): str(text) for key, text in choices}
                chosen.append(f"{field.label}: {labels.get(str(value), value)}")
        return "; ".join(chosen)
