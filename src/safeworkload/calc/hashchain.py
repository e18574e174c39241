"""The audit log's hash chain, as pure functions.

Each entry's hash covers the previous entry's hash and the entry's own fields,
so changing, removing or reordering any entry breaks every link after it.
"""

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

GENESIS = "0" * 64


def canonical(fields: Mapping[str, Any]) -> bytes:
    """One byte string per set of fields, whatever order the keys came in."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), default=str).encode()


def link_hash(previous_hash: str, fields: Mapping[str, Any]) -> str:
    return hashlib.sha256(previous_hash.encode() + b"|" + canonical(fields)).hexdigest()


@dataclass(frozen=True)
class ChainEntry:
    sequence: int
    previous_hash: str
    row_hash: str
    fields: Mapping[str, Any]


@dataclass(frozen=True)
class Break:
    sequence: int
    reason: str


def first_break(entries: Iterable[ChainEntry]) -> Break | None:
    """The first entry whose link does not hold, or None when the chain is whole."""
    expected_previous = GENESIS
    expected_sequence = 1
    for entry in entries:
        if entry.sequence != expected_sequence:
            return Break(expected_sequence, f"entry {expected_sequence} is missing")
        if entry.previous_hash != expected_previous:
            return Break(entry.sequence, "it does not point at the entry before it")
        if link_hash(entry.previous_hash, entry.fields) != entry.row_hash:
            return Break(entry.sequence, "its contents no longer match its hash")
        expected_previous = entry.row_hash
        expected_sequence += 1
    return None
