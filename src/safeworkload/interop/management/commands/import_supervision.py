"""``safeworkload import supervision FILE --organisation CODE [--dry-run]``.

Reads the file exactly as ``import staff`` does (the same size limit, UTF-8
with or without a byte order mark, the same error output, the organisation's
scope), so it extends that command and replaces only what is done with the text.
"""

from pathlib import Path

from django.core.management.base import CommandParser

from safeworkload.interop.management.commands import import_staff
from safeworkload.interop.supervision_selectors import supervision_import_plan
from safeworkload.interop.supervision_services import (
    SupervisionImportInvalid,
    supervision_import_run,
)
from safeworkload.organisations.models import Organisation


class Command(import_staff.Command):
    help = "Add and update an organisation's supervision sessions from a CSV extract."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file, UTF-8, header row first.")
        parser.add_argument(
            "--organisation",
            required=True,
            help="The code of the organisation the sessions are in.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change; write nothing.",
        )

    def _dry_run(self, organisation: Organisation, text: str) -> None:
        plan = supervision_import_plan(organisation=organisation, text=text)
        if plan.errors:
            self._fail(plan.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dry run: {len(plan.to_create)} to add, {len(plan.to_update)} to change, "
                f"{len(plan.agreements)} new agreements, {plan.unchanged} already up to date. "
                "Nothing was written."
            )
        )

    def _run(self, organisation: Organisation, text: str, *, file_name: str) -> None:
        try:
            result = supervision_import_run(
                organisation=organisation, actor=None, text=text, file_name=file_name
            )
        except SupervisionImportInvalid as invalid:
            self._fail(invalid.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.created_count} added, {result.updated_count} changed, "
                f"{result.agreements_created_count} new agreements, "
                f"{result.unchanged_count} already up to date."
            )
        )
