import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from safeworkload.audit.models import AuditEntry
from safeworkload.audit.selectors import audit_chain_first_break
from safeworkload.audit.services import audit_record
from safeworkload.organisations.services import team_create, team_update


def _record_three(world):
    for n in range(3):
        audit_record(
            organisation=world.a, actor=world.users["org_admin"], action="test.event", data={"n": n}
        )


@pytest.mark.django_db
def test_each_organisation_has_its_own_chain_numbered_from_one(world):
    _record_three(world)
    audit_record(organisation=world.b, actor=None, action="test.event")
    assert list(
        AuditEntry.objects.filter(organisation=world.a).values_list("sequence", flat=True)
    ) == [1, 2, 3]
    assert AuditEntry.objects.get(organisation=world.b).sequence == 1


@pytest.mark.django_db
def test_a_service_change_writes_one_entry_naming_what_changed(world):
    admin = world.users["org_admin"]
    team = team_create(
        organisation=world.a, actor=admin, name="New team", service_area="adults", team_type="duty"
    )
    team_update(team=team, actor=admin, name="Renamed team")
    team_update(team=team, actor=admin, name="Renamed team")  # no change, no entry
    entries = list(AuditEntry.objects.filter(organisation=world.a).order_by("sequence"))
    assert [e.action for e in entries] == ["team.created", "team.updated"]
    assert entries[1].data == {"changed": ["name"]}
    assert entries[1].actor_label == admin.get_username()


@pytest.mark.django_db
def test_the_database_refuses_to_change_an_entry(world):
    _record_three(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(organisation=world.a, sequence=2).update(action="edited")


@pytest.mark.django_db
def test_the_database_refuses_to_delete_an_entry(world):
    _record_three(world)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(organisation=world.a, sequence=2).delete()


def _tamper(sql: str, params: list) -> None:
    """Edit a row as someone who can switch the guard off (a database owner)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Django defers foreign-key checks; ALTER TABLE needs none pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_no_change")
        else:
            cursor.execute("DROP TRIGGER audit_entry_no_update")
            cursor.execute("DROP TRIGGER audit_entry_no_delete")
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_the_verifier_finds_an_entry_edited_directly_in_the_database(world):
    _record_three(world)
    _tamper(
        "UPDATE audit_auditentry SET data = %s WHERE organisation_id = %s AND sequence = 2",
        ['{"n": 99}', world.a.pk],
    )
    found = audit_chain_first_break(organisation=world.a)
    assert (found.sequence, found.reason) == (2, "its contents no longer match its hash")
    assert audit_chain_first_break(organisation=world.b) is None


@pytest.mark.django_db
def test_the_verifier_finds_an_entry_deleted_directly_in_the_database(world):
    _record_three(world)
    _tamper(
        "DELETE FROM audit_auditentry WHERE organisation_id = %s AND sequence = 2", [world.a.pk]
    )
    assert audit_chain_first_break(organisation=world.a).sequence == 2


@pytest.mark.django_db
def test_the_verify_command_reports_the_first_broken_link_and_fails(world, capsys):
    _record_three(world)
    _tamper(
        "UPDATE audit_auditentry SET actor_label = 'someone else' "
        "WHERE organisation_id = %s AND sequence = 3",
        [world.a.pk],
    )
    with pytest.raises(CommandError, match="1 audit chain"):
        call_command("audit_verify")
    assert "council-a: broken at entry 3" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_verify_command_passes_on_intact_chains(world, capsys):
    _record_three(world)
    call_command("audit_verify")
    assert "Every audit chain is intact." in capsys.readouterr().out


@pytest.mark.django_db
def test_the_audit_page_warns_when_the_chain_is_broken(client, world):
    _record_three(world)
    _tamper(
        "UPDATE audit_auditentry SET action = 'x' WHERE organisation_id = %s AND sequence = 1",
        [world.a.pk],
    )
    client.force_login(world.users["service_lead"])
    assert "The audit chain is broken at entry 1" in client.get("/audit/").content.decode()


@pytest.mark.django_db
def test_the_audit_export_holds_only_the_organisations_own_entries(client, world):
    _record_three(world)
    audit_record(organisation=world.b, actor=None, action="b.only")
    client.force_login(world.users["org_admin"])
    body = client.get("/audit/export.csv").content.decode()
    assert body.count("test.event") == 3 and "b.only" not in body
