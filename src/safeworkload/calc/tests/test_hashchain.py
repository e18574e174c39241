from safeworkload.calc.hashchain import GENESIS, Break, ChainEntry, first_break, link_hash


def chain(*payloads: dict) -> list[ChainEntry]:
    entries, previous = [], GENESIS
    for sequence, fields in enumerate(payloads, start=1):
        row_hash = link_hash(previous, fields)
        entries.append(ChainEntry(sequence, previous, row_hash, fields))
        previous = row_hash
    return entries


def test_a_whole_chain_has_no_break():
    assert first_break(chain({"a": 1}, {"b": 2}, {"c": 3})) is None


def test_an_empty_chain_has_no_break():
    assert first_break([]) is None


def test_the_hash_does_not_depend_on_key_order():
    assert link_hash(GENESIS, {"a": 1, "b": 2}) == link_hash(GENESIS, {"b": 2, "a": 1})


def test_a_changed_entry_is_the_first_break():
    entries = chain({"a": 1}, {"b": 2}, {"c": 3})
    entries[1] = ChainEntry(2, entries[1].previous_hash, entries[1].row_hash, {"b": 999})
    assert first_break(entries) == Break(2, "its contents no longer match its hash")


def test_a_removed_entry_is_reported_by_its_sequence():
    entries = chain({"a": 1}, {"b": 2}, {"c": 3})
    del entries[1]
    assert first_break(entries) == Break(2, "entry 2 is missing")


def test_an_entry_rehashed_after_a_change_breaks_the_next_link():
    entries = chain({"a": 1}, {"b": 2}, {"c": 3})
    forged = link_hash(entries[0].row_hash, {"b": 999})
    entries[1] = ChainEntry(2, entries[0].row_hash, forged, {"b": 999})
    assert first_break(entries) == Break(3, "it does not point at the entry before it")


def test_a_reordered_chain_breaks():
    entries = chain({"a": 1}, {"b": 2})
    entries.reverse()
    assert first_break(entries) is not None
