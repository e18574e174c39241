from pathlib import Path
from typing import Any, NoReturn

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_scopes import scope

from safeworkload.interop.selectors import staff_import_plan
from safeworkload.interop.services import StaffImportInvalid, staff_import_run
from safeworkload.interop.staff_csv import (
    RowError,
    StaffFileError,
    decode_staff_file,
    file_size_problem,
)
from safeworkload.organisations.models import Organisation


class Command(BaseCommand):
    help = "Add and update an organisation's staff records from a CSV extract."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="The CSV file, UTF-8, header row first.")
        parser.add_argument(
            "--organisation", required=True, help="The code of the organisation the staff work for."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the file and say what would change; write nothing.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        organisation = Organisation.objects.filter(code=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"No organisation has the code {options['organisation']!r}.")
        path: Path = options["file"]
        text = self._read(path)
        with scope(organisation=organisation.pk):
            if options["dry_run"]:
                self._dry_run(organisation, text)
            else:
                self._run(organisation, text, file_name=path.name)

    def _read(self, path: Path) -> str:
        max_bytes = settings.SAFEWORKLOAD_IMPORT_MAX_BYTES
        try:
            too_large = file_size_problem(size=path.stat().st_size, max_bytes=max_bytes)
            if too_large:
                raise StaffFileError(too_large)
            return decode_staff_file(data=path.read_bytes(), max_bytes=max_bytes)
        except OSError as problem:
            raise CommandError(f"Cannot read {path}: {problem.strerror}") from None
        except StaffFileError as problem:
            raise CommandError(f"{path}: {problem}") from None

    def _dry_run(self, organisation: Organisation, text: str) -> None:
        plan = staff_import_plan(organisation=organisation, text=text)
        if plan.errors:
            self._fail(plan.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Dry run: {len(plan.to_create)} to add, {len(plan.to_update)} to change, "
                f"{plan.unchanged} already up to date. Nothing was written."
            )
        )

    def _run(self, organisation: Organisation, text: str, *, file_name: str) -> None:
        try:
            result = staff_import_run(
                organisation=organisation, actor=None, text=text, file_name=file_name
            )
        except StaffImportInvalid as invalid:
            self._fail(invalid.errors)
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported: {result.created_count} added, {result.updated_count} changed, "
                f"{result.unchanged_count} already up to date."
            )
        )

    def _fail(self, errors: tuple[RowError, ...]) -> NoReturn:
        for error in errors:
            self.stderr.write(str(error))
        raise CommandError(
            f"{len(errors)} error{'s' if len(errors) != 1 else ''} in the file: "
            "nothing was imported."
        )
