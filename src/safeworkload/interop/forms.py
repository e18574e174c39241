from collections.abc import Sequence

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from safeworkload.interop.staff_csv import (
    RowError,
    StaffFileError,
    decode_staff_file,
    file_size_problem,
)

# A page listing thousands of errors helps nobody; the first hundred show
# the pattern, and the count says how much is left.
ERRORS_SHOWN = 100


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label="Upload a file",
        help_text="A CSV file saved as CSV UTF-8, with the header row of the template",
        error_messages={"required": "Select a CSV file", "empty": "The selected file is empty"},
    )

    def clean_file(self) -> str:
        """The file's text; the form is invalid when it cannot be read at all."""
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        max_bytes = settings.SAFEWORKLOAD_IMPORT_MAX_BYTES
        # Refuse by the size the browser sent before reading it into memory.
        too_large = file_size_problem(size=upload.size or 0, max_bytes=max_bytes)
        if too_large:
            raise forms.ValidationError(too_large)
        try:
            return decode_staff_file(data=upload.read(), max_bytes=max_bytes)
        except StaffFileError as problem:
            raise forms.ValidationError(str(problem)) from None

    @property
    def file_name(self) -> str:
        upload = self.files.get("file")
        return (upload.name or "") if upload is not None else ""

    def add_row_errors(self, errors: Sequence[RowError]) -> None:
        """Put a file's errors in the error summary, under one message on the file field."""
        count = len(errors)
        self.add_error(
            "file",
            f"The selected file has {count} error{'s' if count != 1 else ''}. "
            "Fix them and upload the file again",
        )
        for line in row_error_lines(errors):
            self.add_error(None, line)


def row_error_lines(errors: Sequence[RowError]) -> list[str]:
    """The first hundred errors, and how many more there are."""
    lines = [str(error) for error in errors[:ERRORS_SHOWN]]
    if len(errors) > ERRORS_SHOWN:
        lines.append(f"And {len(errors) - ERRORS_SHOWN} more errors not shown here")
    return lines
