from dataclasses import dataclass, field
from typing import Any

from safeworkload.interop.checked_imports import import_applied_before
from safeworkload.interop.models import StaffImport
from safeworkload.interop.staff_csv import RowError, StaffRow, parse_staff_csv
from safeworkload.organisations.models import Organisation, Person, Team


@dataclass(frozen=True)
class PersonChange:
    """One row that will write: a new person, or the fields of an existing one that differ."""

    row: int
    staff_number: str
    values: dict[str, Any]
    person: Person | None = None
    before: dict[str, Any] = field(default_factory=dict)

    @property
    def is_new(self) -> bool:
        return self.person is None

    @property
    def name(self) -> str:
        given = self.values.get("given_name") or getattr(self.person, "given_name", "")
        family = self.values.get("family_name") or getattr(self.person, "family_name", "")
        return f"{given} {family}"


@dataclass(frozen=True)
class StaffImportPlan:
    to_create: tuple[PersonChange, ...] = ()
    to_update: tuple[PersonChange, ...] = ()
    unchanged: int = 0
    errors: tuple[RowError, ...] = ()

    @property
    def changes(self) -> tuple[PersonChange, ...]:
        return tuple(sorted(self.to_create + self.to_update, key=lambda change: change.row))

    @property
    def rows(self) -> int:
        return len(self.to_create) + len(self.to_update) + self.unchanged


def staff_import_plan(*, organisation: Organisation, text: str) -> StaffImportPlan:
    """What importing ``text`` would do to the organisation's staff records; writes nothing."""
    teams = {team.name: team for team in Team.objects.filter(organisation=organisation)}
    parsed = parse_staff_csv(text=text, team_names=teams.keys())
    if parsed.errors:
        return StaffImportPlan(errors=parsed.errors)
    people = {
        person.staff_number: person
        for person in Person.objects.filter(organisation=organisation).select_related("team")
    }
    to_create, to_update, unchanged = [], [], 0
    for row in parsed.rows:
        change = _change(row, people.get(row.staff_number), teams)
        if change is None:
            unchanged += 1
        elif change.is_new:
            to_create.append(change)
        else:
            to_update.append(change)
    return StaffImportPlan(tuple(to_create), tuple(to_update), unchanged)


def _change(row: StaffRow, person: Person | None, teams: dict[str, Team]) -> PersonChange | None:
    values = {**row.values, "team": teams.get(row.values["team"] or "")}
    if person is None:
        return PersonChange(row.row, row.staff_number, values)
    del values["staff_number"]
    # Team compares by primary key, hours as numbers (37 equals 37.0).
    changed = {name: value for name, value in values.items() if getattr(person, name) != value}
    if not changed:
        return None
    before = {name: getattr(person, name) for name in changed}
    return PersonChange(row.row, row.staff_number, changed, person, before)


def staff_import_applied_before(*, staff_import: StaffImport) -> StaffImport | None:
    """The last applied import of the same text, to tell someone they have done this already."""
    return import_applied_before(staff_import)
