from collections.abc import Iterator

from django.db.models import QuerySet
from django_scopes import scopes_disabled

from safeworkload.audit.models import AuditEntry
from safeworkload.calc.hashchain import Break, ChainEntry, first_break
from safeworkload.organisations.models import Organisation


def audit_entry_list(*, organisation: Organisation) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(organisation=organisation).select_related("actor")


def _chain(organisation: Organisation) -> Iterator[ChainEntry]:
    with scopes_disabled():
        rows = AuditEntry.objects.filter(organisation=organisation).order_by("sequence")
        for row in rows.iterator(chunk_size=2000):
            yield ChainEntry(row.sequence, row.previous_hash, row.row_hash, row.hashed_fields())


def audit_chain_first_break(*, organisation: Organisation) -> Break | None:
    return first_break(_chain(organisation))
