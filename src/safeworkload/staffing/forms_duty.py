"""The duty sizing form: a contact log and the target it is sized against."""

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from safeworkload.interop.csvfile import CsvFileError, decode_csv_file, file_size_problem
from safeworkload.interop.forms import row_error_lines
from safeworkload.staffing.duty import DAY_NAMES, WEEKDAYS, ContactLogError, DutyOptions


def _whole(label: str, low: int, high: int, unit: str = "") -> dict[str, str]:
    # Django fills the limit messages in with %-formatting: a percent sign is doubled.
    unit = unit.replace("%", "%%")
    return {
        "required": f"Enter the {label}",
        "invalid": f"Enter the {label} as a whole number",
        "min_value": f"The {label} must be {low}{unit} or more",
        "max_value": f"The {label} must be {high}{unit} or less",
    }


class DutyForm(forms.Form):
    file = forms.FileField(
        label="Upload a contact log",
        help_text="A CSV file saved as CSV UTF-8, with one row for each contact",
        error_messages={"required": "Select a contact log", "empty": "The selected file is empty"},
    )
    target_wait = forms.IntegerField(
        label="Target wait, in minutes",
        min_value=0,
        max_value=7 * 24 * 60,
        initial=20,
        help_text="Contacts should be picked up by a duty worker within this time",
        error_messages=_whole("target wait", 0, 7 * 24 * 60),
    )
    service_level = forms.IntegerField(
        label="Share picked up within the target wait, as a percentage",
        min_value=1,
        max_value=99,
        initial=80,
        help_text="For example, 80 means 80% of contacts are picked up within the target wait",
        error_messages=_whole("share picked up within the target wait", 1, 99, "%"),
    )
    shrinkage = forms.IntegerField(
        label="Shrinkage, as a percentage",
        min_value=0,
        max_value=90,
        initial=30,
        help_text="The share of rostered time lost to leave, sickness, training and meetings",
        error_messages=_whole("shrinkage", 0, 90, "%"),
    )
    opens = forms.IntegerField(
        label="Hour the duty line opens",
        min_value=0,
        max_value=23,
        initial=9,
        help_text="On the 24-hour clock, for example 9",
        error_messages=_whole("hour the duty line opens", 0, 23),
    )
    closes = forms.IntegerField(
        label="Hour the duty line closes",
        min_value=1,
        max_value=24,
        initial=17,
        help_text="On the 24-hour clock, for example 17",
        error_messages=_whole("hour the duty line closes", 1, 24),
    )
    days = forms.MultipleChoiceField(
        label="Days the duty line is open",
        choices=[(str(day), name) for day, name in enumerate(DAY_NAMES)],
        initial=[str(day) for day in WEEKDAYS],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select the days the duty line is open"},
    )

    def clean_file(self) -> str:
        """The file's text; the form is invalid when it cannot be read at all."""
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        max_bytes = settings.SAFEWORKLOAD_IMPORT_MAX_BYTES
        too_large = file_size_problem(size=upload.size or 0, max_bytes=max_bytes)
        if too_large:
            raise forms.ValidationError(too_large)
        try:
            return decode_csv_file(data=upload.read(), max_bytes=max_bytes)
        except CsvFileError as problem:
            raise forms.ValidationError(str(problem)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens"), data.get("closes")
        if opens is not None and closes is not None and closes <= opens:
            self.add_error("closes", "The hour the duty line closes must be after it opens")
        return data

    @property
    def file_name(self) -> str:
        upload = self.files.get("file")
        return (upload.name or "") if upload is not None else ""

    def options(self) -> DutyOptions:
        data = self.cleaned_data
        return DutyOptions(
            target_wait_minutes=data["target_wait"],
            service_level=data["service_level"] / 100,
            shrinkage=data["shrinkage"] / 100,
            opens=data["opens"],
            closes=data["closes"],
            days=tuple(sorted(int(day) for day in data["days"])),
        )

    def add_log_errors(self, error: ContactLogError) -> None:
        """A log's problems in the error summary, under one message on the file field."""
        if error.problem:
            self.add_error("file", error.problem)
        if not error.errors:
            return
        count = len(error.errors)
        self.add_error(
            "file",
            f"The selected file has {count} error{'s' if count != 1 else ''}. "
            "Fix them and upload the file again",
        )
        for line in row_error_lines(error.errors):
            self.add_error(None, line)
