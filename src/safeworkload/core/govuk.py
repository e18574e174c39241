"""Turn Django forms into the parameters GOV.UK Frontend's macros take.

Templates call the Design System macros themselves
(``{{ govukInput(field(form.name)) }}``); this module only builds the
parameter dictionaries, so no component HTML is written by hand.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString


def _label(bound: forms.BoundField, heading: bool) -> dict[str, Any]:
    label: dict[str, Any] = {"text": str(bound.label)}
    if heading:
        label.update(classes="govuk-label--l", isPageHeading=True)
    if not bound.field.required and not isinstance(bound.field, forms.BooleanField):
        label["text"] += " (optional)"
    return label


def _choice_items(bound: forms.BoundField) -> list[dict[str, Any]]:
    current = bound.value()
    chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    items = []
    for value, text in bound.field.choices:  # type: ignore[attr-defined]
        key = str(value.value if hasattr(value, "value") else value)
        items.append(
            {"value": key, "text": str(text), "selected": key in chosen, "checked": key in chosen}
        )
    return items


def field_params(bound: forms.BoundField, heading: bool = False, **extra: Any) -> dict[str, Any]:
    """Parameters for govukInput, govukSelect, govukRadios, govukCheckboxes or govukDateInput."""
    # The Design System's convention: a field's id is its name, so error links match.
    params: dict[str, Any] = {"id": bound.html_name, "name": bound.html_name}
    if bound.help_text:
        params["hint"] = {"text": str(bound.help_text)}
    if bound.errors:
        params["errorMessage"] = {"text": str(bound.errors[0])}
    field = bound.field
    if isinstance(field, GovukDateField):
        params.update(_date_params(bound, heading))
    elif isinstance(field, forms.BooleanField):
        params["items"] = [
            {"value": "on", "text": str(bound.label), "checked": bool(bound.value())}
        ]
    elif isinstance(field, forms.ChoiceField):
        params["items"] = _choice_items(bound)
        label = _label(bound, heading)
        params["label"] = label
        params["fieldset"] = {
            "legend": {
                "text": label["text"],
                "isPageHeading": heading,
                "classes": "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s",
            }
        }
    else:
        params["label"] = _label(bound, heading)
        value = bound.value()
        params["value"] = "" if value is None else str(value)
        if isinstance(field, forms.DecimalField | forms.IntegerField):
            params.update(inputmode="decimal", spellcheck=False, classes="govuk-input--width-5")
        if isinstance(field, forms.EmailField):
            params.update(type="email", autocomplete="email", spellcheck=False)
    params.update(extra)
    return params


def error_summary_params(form: forms.BaseForm) -> dict[str, Any] | None:
    if not form.errors:
        return None
    errors: list[dict[str, str]] = []
    for name, messages in form.errors.items():
        if name == "__all__":
            errors.extend({"text": str(message)} for message in messages)
        else:
            bound = form[name]
            anchor = bound.html_name
            if isinstance(bound.field, GovukDateField):
                anchor = f"{bound.html_name}-day"
            elif isinstance(bound.field, forms.ChoiceField) and isinstance(
                bound.field.widget, forms.RadioSelect
            ):
                anchor = bound.html_name  # the first radio's id is the field name
            errors.append({"text": str(messages[0]), "href": f"#{anchor}"})
    return {"titleText": "There is a problem", "errorList": errors}


class DateInputWidget(forms.MultiWidget):
    def __init__(self) -> None:
        widgets: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(),
            "month": forms.TextInput(),
            "year": forms.TextInput(),
        }
        super().__init__(widgets)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class GovukDateField(forms.MultiValueField):
    """A date entered as day, month and year, with the Design System's error messages."""

    widget = DateInputWidget

    def __init__(self, *, label: str, **kwargs: Any) -> None:
        self.subject = label
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, label=label, require_all_fields=False, **kwargs)

    def clean(self, value: Any) -> date | None:
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(f"Enter {self.subject[0].lower()}{self.subject[1:]}")
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        if missing:
            raise forms.ValidationError(f"{self.subject} must include a {' and '.join(missing)}")
        try:
            parsed = date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(f"{self.subject} must be a real date") from None
        if len(year) != 4:
            raise forms.ValidationError("Year must include 4 numbers")
        return parsed

    def compress(self, data_list: list[Any]) -> Any:
        return data_list


def _date_params(bound: forms.BoundField, heading: bool) -> dict[str, Any]:
    value = bound.value()
    parts = value if isinstance(value, list | tuple) else bound.field.widget.decompress(value)
    has_error = bool(bound.errors)
    items = []
    for part_name, part_value, width in zip(
        ("day", "month", "year"), parts, (2, 2, 4), strict=True
    ):
        items.append(
            {
                "id": f"{bound.html_name}-{part_name}",
                "name": f"{bound.html_name}_{part_name}",
                "label": part_name.capitalize(),
                "value": "" if part_value is None else str(part_value),
                "classes": f"govuk-input--width-{width}"
                + (" govuk-input--error" if has_error else ""),
                "inputmode": "numeric",
            }
        )
    legend_text = str(bound.label) + ("" if bound.field.required else " (optional)")
    return {
        "id": bound.html_name,
        "items": items,
        "fieldset": {
            "legend": {
                "text": legend_text,
                "isPageHeading": heading,
                "classes": "govuk-fieldset__legend--l" if heading else "govuk-fieldset__legend--s",
            }
        },
    }


def link(href: str, text: object, hidden: str = "") -> SafeString:
    """A GOV.UK link for a table cell; ``hidden`` adds context for screen readers."""
    if hidden:
        return format_html(
            '<a class="govuk-link" href="{}">{}<span class="govuk-visually-hidden"> {}</span></a>',
            href,
            text,
            hidden,
        )
    return format_html('<a class="govuk-link" href="{}">{}</a>', href, text)


def format_number(value: int | float | Decimal | None, places: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{places}f}"


def format_date(value: date | None) -> str:
    return value.strftime("%-d %B %Y") if value else "–"
