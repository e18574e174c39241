from django import forms

from safeworkload.concerns.models import Concern, Level, level_title

LEVEL_HINT = (
    "Your concern goes to this level of the organisation. If you are not satisfied with the "
    "answer, you can take it higher."
)


def _level_choices(kind: str, above: int = 0) -> list[tuple[int, str]]:
    return [(value, level_title(value, kind)) for value in Level.values if value > above]


class ConcernRaiseForm(forms.Form):
    subject = forms.CharField(
        label="What is your concern about?",
        help_text="A short title, such as \u201cWaiting lists for assessments\u201d.",
        max_length=120,
        error_messages={
            "required": "Enter what your concern is about",
            "max_length": "What your concern is about must be 120 characters or fewer",
        },
    )
    detail = forms.CharField(
        label="Your concern",
        help_text="What is happening, why it worries you professionally, and what you would "
        "like done. Only you and the people who answer concerns can read this.",
        max_length=8000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter your concern",
            "max_length": "Your concern must be 8,000 characters or fewer",
        },
    )
    level = forms.TypedChoiceField(
        label="How high should it go?",
        help_text=LEVEL_HINT,
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how high your concern goes"},
    )

    def __init__(self, *args: object, organisation_kind: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["level"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _level_choices(organisation_kind)


class ConcernEscalateForm(forms.Form):
    level = forms.TypedChoiceField(
        label="Who should answer it now?",
        coerce=int,
        choices=[],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who should answer your concern now"},
    )

    def __init__(self, *args: object, concern: Concern, **kwargs: object) -> None:
        kwargs.setdefault("prefix", "escalate")
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["level"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _level_choices(concern.organisation.kind, above=concern.level)


class ConcernAnswerForm(forms.Form):
    answer = forms.CharField(
        label="The organisation's answer",
        help_text="What will be done, by whom and when, or why not. The person who raised the "
        "concern reads this; the union register does not.",
        max_length=8000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the answer",
            "max_length": "The answer must be 8,000 characters or fewer",
        },
    )


ANSWER_FILTERS = [
    ("waiting", "Waiting for an answer"),
    ("", "All"),
    (Concern.Status.ANSWERED, "Answered"),
    (Concern.Status.CLOSED, "Closed"),
]
REGISTER_FILTERS = [("", "Any status"), ("overdue", "Overdue"), *Concern.Status.choices]


class StatusFilterForm(forms.Form):
    status = forms.ChoiceField(label="Show", required=False, choices=[])

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["status"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def chosen(self, default: str = "") -> str:
        if not self.is_bound:
            return default
        return str(self.cleaned_data["status"]) if self.is_valid() else default
