from typing import Any, cast

from django import forms

from safeworkload.caseloads.models import Case
from safeworkload.caseloads.selectors.allocation import Option
from safeworkload.organisations.models import Person

NO_CASE_DETAIL = "Do not include the names of the people you support or any detail of their cases."


def _override_reason() -> forms.CharField:
    return forms.CharField(
        label="Why must this work go above the ceiling?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text="This is kept in the audit log with your name. " + NO_CASE_DETAIL,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )


class AllocateForm(forms.Form):
    """Choose a worker; above their ceiling, also a reason to send them with the
    request (the worker acknowledges it themself, on their own cases page)."""

    worker = forms.TypedChoiceField(
        label="Who will take this case?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select who will take this case",
            "invalid_choice": "Select who will take this case",
        },
    )
    override_reason = _override_reason()
    # The worker whose over-ceiling warning the manager has already been shown.
    warned = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, options: list[Option], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options = {o.worker.pk: o for o in options if o.eligible}
        cast(forms.ChoiceField, self.fields["worker"]).choices = [
            (pk, o.worker.full_name) for pk, o in self.options.items()
        ]

    def chosen(self) -> Option | None:
        """The option picked, once the form is valid."""
        pk = self.cleaned_data.get("worker") if hasattr(self, "cleaned_data") else None
        return self.options.get(pk) if pk is not None else None

    def was_warned_about(self, option: Option) -> bool:
        return self.data.get("warned") == str(option.worker.pk)


class RequestDeclineForm(forms.Form):
    note = forms.CharField(
        label="Tell your manager why (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text="Only your manager sees this. " + NO_CASE_DETAIL,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )


def case_field_name(case: Case) -> str:
    return f"case_{case.pk}"


def _worker_choices(
    workers: list[Person], empty: str, case: Case | None = None
) -> list[tuple[Any, str]]:
    """The workers to offer, leaving out unregistered staff for reserved work."""
    if case is not None and case.case_type.reserved:
        workers = [p for p in workers if p.registered]
    return [("", empty)] + [(p.pk, p.full_name) for p in workers]


def _cannot_take(case: Case) -> str:
    who = "a registered social worker" if case.case_type.reserved else "someone in the team"
    return f"Select {who} to take case {case.reference}"


class SuggestionForm(forms.Form):
    """One select per suggested line: keep the suggestion, pick someone else, or leave
    the case in the queue."""

    def __init__(
        self,
        *args: Any,
        lines: list[tuple[Case, Person | None]],
        workers: list[Person],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cases = {case.pk: case for case, _ in lines}
        self.workers = {p.pk: p for p in workers}
        for case, suggested in lines:
            name = case_field_name(case)
            self.fields[name] = forms.TypedChoiceField(
                label=f"Who takes case {case.reference}",
                choices=_worker_choices(workers, "Leave it in the queue", case),
                coerce=int,
                error_messages={"invalid_choice": _cannot_take(case)},
                empty_value=None,
                required=False,
                initial=suggested.pk if suggested else "",
            )

    def accepted(self) -> list[tuple[Case, Person]]:
        """The lines to allocate: each case with the worker kept or chosen."""
        return [
            (case, self.workers[self.cleaned_data[case_field_name(case)]])
            for case in self.cases.values()
            if self.cleaned_data.get(case_field_name(case)) is not None
        ]


class ReassignForm(forms.Form):
    """Move a person's cases: one worker for all, or a worker for each case."""

    reason = forms.CharField(
        label="Why are these cases moving?",
        max_length=200,
        help_text="For example, they are leaving. " + NO_CASE_DETAIL,
        error_messages={
            "required": "Enter why these cases are moving",
            "max_length": "The reason must be 200 characters or fewer",
        },
    )
    all_to = forms.TypedChoiceField(
        label="Give every case to",
        coerce=int,
        empty_value=None,
        required=False,
        help_text="Or choose a worker for each case below.",
    )

    def __init__(self, *args: Any, cases: list[Case], workers: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cases = cases
        self.workers = {p.pk: p for p in workers}
        cast(forms.ChoiceField, self.fields["all_to"]).choices = _worker_choices(
            workers, "Choose for each case"
        )
        for case in cases:
            self.fields[case_field_name(case)] = forms.TypedChoiceField(
                label=f"Who takes case {case.reference}",
                choices=_worker_choices(workers, "The worker chosen above", case),
                coerce=int,
                error_messages={"invalid_choice": _cannot_take(case)},
                empty_value=None,
                required=False,
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        everyone = data.get("all_to")
        missing = [c for c in self.cases if data.get(case_field_name(c)) is None]
        if everyone is None and missing:
            if len(missing) == len(self.cases):
                self.add_error("all_to", "Select who takes the cases")
            else:
                for case in missing:
                    self.add_error(case_field_name(case), f"Select who takes case {case.reference}")
        return data

    def assignments(self) -> dict[int, Person]:
        everyone = self.cleaned_data.get("all_to")
        chosen: dict[int, Person] = {}
        for case in self.cases:
            pk = self.cleaned_data.get(case_field_name(case)) or everyone
            assert pk is not None  # clean() insists on a worker for every case
            chosen[case.pk] = self.workers[pk]
        return chosen


class CapacityDeclarationForm(forms.Form):
    note = forms.CharField(
        label="What should your manager know?",
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=2000,
        help_text="Your manager reads this when they review your workload. " + NO_CASE_DETAIL,
        error_messages={"max_length": "The note must be 2,000 characters or fewer"},
    )
