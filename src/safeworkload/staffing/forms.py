"""The staffing model builder's forms.

The builder's main figures are fields, each with where its figure came from
as its hint; the whole model file is a text area beneath them for anything
else. On saving, the figures are put into the file and the file is checked by
``modelfile.load_model``: a problem with a figure is shown on its field, any
other problem on the text area, each naming the field in the file.
"""

import tomllib
from decimal import Decimal
from typing import Any

from django import forms

from safeworkload.staffing.modelfile import ModelFileError, StaffingModelSpec, load_model
from safeworkload.staffing.selectors.prefill import Figure, apply_figure
from safeworkload.staffing.selectors.toml_text import dotted, dumps
from safeworkload.staffing.services import (
    MAX_REPLICATIONS,
    Scenario,
    custom_scenario,
    ready_scenarios,
)

MAX_FIGURE = Decimal(10_000_000)


class ScopeForm(forms.Form):
    scope = forms.ChoiceField(
        label="What should the model cover?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a team or a service area"},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = choices  # type: ignore[attr-defined]


class ModelForm(forms.Form):
    """The model's name, its main figures, and the whole model file."""

    name = forms.CharField(
        label="Model name",
        max_length=160,
        error_messages={"required": "Enter a name for the model"},
    )
    toml = forms.CharField(
        label="The model file",
        widget=forms.Textarea(attrs={"rows": 20, "spellcheck": "false"}),
        help_text="Everything in the model, in TOML (docs/staffing-model-file.md describes each "
        "field). The figures above are put into it when you save.",
        error_messages={"required": "Enter the model file"},
        strip=False,
    )

    def __init__(self, *args: Any, figures: list[Figure], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.figures = figures
        self.spec: StaffingModelSpec | None = None
        self.text = ""
        for figure in figures:
            optional = figure.path[-1] == "openings_per_year"
            hint = f"{figure.source[:1].upper()}{figure.source[1:]}."
            if figure.hint:
                hint += f" {figure.hint}"
            self.fields[figure.name] = forms.DecimalField(
                label=figure.label,
                required=not optional,
                min_value=Decimal(0),
                max_value=MAX_FIGURE,
                help_text=hint,
                error_messages={
                    "required": f"Enter a number for {figure.label}",
                    "invalid": f"{figure.label} must be a number",
                    "min_value": f"{figure.label} must be 0 or more",
                    "max_value": f"{figure.label} must be 10,000,000 or less",
                    "max_decimal_places": f"{figure.label} must have at most 2 decimal places",
                },
                decimal_places=2,
            )
        self.order_fields(["name", *(f.name for f in figures), "toml"])

    @property
    def figure_fields(self) -> list[forms.BoundField]:
        return [self[figure.name] for figure in self.figures]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        try:
            data = tomllib.loads(cleaned["toml"])
        except tomllib.TOMLDecodeError as error:
            self.add_error("toml", f"The model file is not valid TOML: {error}")
            return cleaned
        data.setdefault("model", {})
        if isinstance(data["model"], dict):
            data["model"]["name"] = cleaned["name"]
        for figure in self.figures:
            value = cleaned.get(figure.name)
            apply_figure(data, figure.path, None if value is None else float(value))
        self.text = dumps(data)
        try:
            self.spec = load_model(self.text)
        except ModelFileError as error:
            self._problems(error)
        return cleaned

    def _problems(self, error: ModelFileError) -> None:
        fields = {dotted(figure.path): figure.name for figure in self.figures}
        fields["model.name"] = "name"
        in_file = []
        for problem in error.problems:
            name = fields.get(problem.path)
            if name is not None:
                self.add_error(name, f"{self.fields[name].label}: {problem.message}")
            else:
                in_file.append(str(problem))
        if in_file:
            # One message, because a field shows one: every problem, each with its place.
            self.add_error("toml", "In the model file, " + "; ".join(in_file))


class RunForm(forms.Form):
    """Start a run: how many draws, the seed, and the scenarios beside the model."""

    replications = forms.IntegerField(
        label="Replications",
        min_value=100,
        max_value=MAX_REPLICATIONS,
        help_text="How many times the Monte Carlo draws the year. More is steadier and slower; "
        "10,000 takes seconds.",
        error_messages={
            "required": "Enter the number of replications",
            "invalid": "Replications must be a whole number",
            "min_value": "Replications must be 100 or more",
            "max_value": f"Replications must be {MAX_REPLICATIONS:,} or fewer",
        },
    )
    seed = forms.IntegerField(
        label="Random seed",
        min_value=0,
        max_value=2**63 - 1,
        help_text="The same model, replications and seed always give the same answer.",
        error_messages={
            "required": "Enter the random seed",
            "invalid": "The random seed must be a whole number",
            "min_value": "The random seed must be 0 or more",
            "max_value": "The random seed is too large",
        },
    )
    scenarios = forms.MultipleChoiceField(
        label="Scenarios to run beside the model",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each scenario is a column beside the model's on the results page.",
    )
    custom_name = forms.CharField(
        label="Your own scenario: its name",
        required=False,
        max_length=80,
    )
    custom_overrides = forms.CharField(
        label="Your own scenario: what it changes",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "spellcheck": "false"}),
        help_text="Lines of the model file with new values, for example "
        "roles.social_worker.in_post = 8",
    )

    def __init__(self, *args: Any, spec: StaffingModelSpec, toml: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.toml = toml
        self.offered = {scenario.key: scenario for scenario in ready_scenarios(spec)}
        self.fields["scenarios"].choices = [  # type: ignore[attr-defined]
            (key, scenario.name) for key, scenario in self.offered.items()
        ]
        self.chosen: list[Scenario] = []

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        self.chosen = [self.offered[key] for key in cleaned.get("scenarios") or []]
        name = (cleaned.get("custom_name") or "").strip()
        overrides = (cleaned.get("custom_overrides") or "").strip()
        if overrides and not name:
            self.add_error("custom_name", "Enter a name for your scenario")
        elif name and not overrides:
            self.add_error("custom_overrides", "Enter what your scenario changes")
        elif name and overrides:
            try:
                self.chosen.append(custom_scenario(self.toml, name, overrides))
            except ModelFileError as error:
                self.add_error(
                    "custom_overrides",
                    "Your scenario makes the model file wrong: "
                    + "; ".join(str(problem) for problem in error.problems),
                )
        return cleaned
