"""Small-group suppression (SUR-02, SUR-03): worked cases, then attacks that must fail.

The attackers at the bottom are written here, apart from the module: an LP over every
cell of the table (set up differently from the module's), and the subtraction an intruder
would do by hand, repeated until nothing more follows.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from safeworkload.calc.suppression import (
    GroupSuppression,
    UnprotectableTableError,
    exposed_cells,
    safe_between_waves,
    suppress_groups,
    suppress_nested,
    suppress_table,
)

T, F = True, False


# ---------------------------------------------------------------------------
# Tables: worked cases


def test_the_quantum_workplace_team_of_5_men_and_1_woman_shows_neither_split():
    # Agreed / disagreed by men and women: the woman's answer must not follow from
    # the published totals (5 men, 1 woman, 4 agreed, 2 disagreed).
    answers = [[3, 1], [2, 0]]

    mask = suppress_table(answers, min_cell=5)

    assert mask.tolist() == [[T, T], [T, T]]
    assert exposed_cells(answers, mask) == []


def test_a_small_cell_in_a_two_by_two_table_hides_the_whole_table():
    assert suppress_table([[5, 1], [12, 9]], min_cell=5).all()


def test_a_single_small_cell_gets_the_cheapest_complements_in_its_row_and_column():
    counts = [
        [2, 15, 30],
        [12, 40, 25],
        [35, 11, 50],
    ]

    mask = suppress_table(counts, min_cell=5)

    # Rectangles through (0, 0) cost 67, 67, 61 and 115; the 61 one is chosen.
    assert mask.tolist() == [
        [T, T, F],
        [F, F, F],
        [T, T, F],
    ]


def test_a_table_of_large_counts_hides_nothing():
    assert not suppress_table([[10, 25, 40], [11, 12, 99]], min_cell=10).any()


@pytest.mark.parametrize(
    ("count", "min_cell", "hidden"),
    [
        (10, 10, False),  # exactly the minimum is shown
        (9, 10, True),  # one below is hidden
        (1, 10, True),
        (5, 5, False),
        (4, 5, True),
        (0, 10, False),  # nobody to disclose
        (1, 1, False),  # a minimum of 1 hides nothing
    ],
)
def test_a_cell_is_hidden_only_when_it_is_above_zero_and_below_the_minimum(count, min_cell, hidden):
    counts = [[count, 20, 20], [20, 20, 20], [20, 20, 20]]

    assert bool(suppress_table(counts, min_cell=min_cell)[0, 0]) is hidden


def test_a_zero_cell_is_hidden_when_it_is_the_cheapest_complement():
    counts = [[3, 0, 20], [0, 30, 20], [20, 20, 20]]

    mask = suppress_table(counts, min_cell=5)

    # 3 can move with the zeros beside and below it and the 30 opposite: the zeros cost
    # nothing, and showing either would leave 3 alone in its row or column.
    assert mask.tolist() == [[T, T, F], [T, T, F], [F, F, F]]


def test_a_row_and_column_of_zeros_is_never_hidden():
    counts = [[3, 20, 0], [20, 20, 0], [0, 0, 0]]

    mask = suppress_table(counts, min_cell=5)

    assert not mask[2].any() and not mask[:, 2].any()
    assert exposed_cells(counts, mask) == []


def test_a_table_of_zeros_hides_nothing():
    assert not suppress_table([[0, 0], [0, 0]], min_cell=5).any()


def test_a_table_whose_counts_are_all_in_one_row_cannot_be_protected():
    # The column totals are the row itself, so they publish the 3.
    with pytest.raises(UnprotectableTableError, match="Hide the totals or merge categories"):
        suppress_table([[3, 20, 12], [0, 0, 0]], min_cell=5)


def test_a_numpy_table_gives_the_same_mask_as_a_list_of_lists():
    counts = [[2, 15, 30], [12, 40, 25], [35, 11, 50]]

    from_array = suppress_table(np.array(counts, dtype=np.int32), min_cell=5)

    assert (from_array == suppress_table(counts, min_cell=5)).all()
    assert from_array.dtype == np.bool_


@pytest.mark.parametrize(
    ("counts", "min_cell", "message"),
    [
        ([1, 2, 3], 5, "must be a table"),
        (np.array([1, 2, 3]), 5, "must be a table"),
        (np.zeros((2, 2, 2), dtype=int), 5, "must be a table"),
        ([[1, 2], [3]], 5, "same number of counts"),
        ([[1, 2, 3]], 5, "at least 2 rows and 2 columns"),
        ([[1], [2]], 5, "at least 2 rows and 2 columns"),
        ([], 5, "at least 2 rows and 2 columns"),
        ([[1, -2], [3, 4]], 5, "must be 0 or more, not -2"),
        ([[1, 2.5], [3, 4]], 5, "must be a whole number, not 2.5"),
        ([[1, 2.0], [3, 4]], 5, "must be a whole number, not 2.0"),
        (np.array([[1.0, 2.0], [3.0, 4.0]]), 5, "must be a whole number"),
        ([[1, True], [3, 4]], 5, "must be a whole number, not True"),
        ([[1, "2"], [3, 4]], 5, "must be a whole number"),
        ([[1, 2], [3, 4]], 0, "min_cell must be a whole number of at least 1, not 0"),
        ([[1, 2], [3, 4]], 2.5, "min_cell must be a whole number of at least 1"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(counts, min_cell, message):
    with pytest.raises(ValueError, match=message):
        suppress_table(counts, min_cell=min_cell)


def test_the_attack_finds_a_small_cell_hidden_without_complements():
    counts = [[2, 15, 30], [12, 40, 25], [35, 11, 50]]
    primary_only = np.zeros((3, 3), dtype=bool)
    primary_only[0, 0] = True

    assert exposed_cells(counts, primary_only) == [(0, 0)]


def test_the_attack_finds_a_cell_pinned_by_its_column_even_with_a_complement_in_its_row():
    counts = [[2, 15, 30], [12, 40, 25], [35, 11, 50]]
    mask = np.array([[T, T, F], [F, F, F], [F, F, F]])

    assert exposed_cells(counts, mask) == [(0, 0), (0, 1)]


def test_the_attack_needs_a_mask_the_shape_of_the_table():
    with pytest.raises(ValueError, match="same shape as counts"):
        exposed_cells([[1, 2], [3, 4]], [[True, False]])


# ---------------------------------------------------------------------------
# Groups and nested sums: worked cases


def test_the_quantum_workplace_team_shows_neither_men_nor_women():
    result = suppress_groups({"men": 5, "women": 1}, min_group=5)

    assert result == GroupSuppression(frozenset({"men", "women"}), combined_shown=True)


def test_one_small_team_is_hidden_with_the_next_smallest():
    sizes = {"North": 3, "South": 14, "East": 12, "West": 40}

    result = suppress_groups(sizes, min_group=10)

    assert result.hidden == {"North", "East"}
    assert result.combined_shown  # 15 people: "other teams combined" may be shown
    assert "North" in result and "West" not in result and len(result) == 2


def test_two_small_teams_that_together_stay_small_take_a_third_with_them():
    # Total minus visible would otherwise be a figure for the 7 people in A and B.
    result = suppress_groups({"A": 3, "B": 4, "C": 12, "D": 30}, min_group=10)

    assert result.hidden == {"A", "B", "C"}


def test_two_small_teams_that_together_reach_the_minimum_need_no_complement():
    result = suppress_groups({"A": 4, "B": 6, "C": 12}, min_group=10)

    assert result.hidden == {"A", "B"}
    assert result.combined_shown


@pytest.mark.parametrize(
    ("size", "hidden"),
    [(10, False), (9, True), (1, True), (0, True)],
)
def test_a_group_is_shown_only_at_the_minimum_or_above(size, hidden):
    result = suppress_groups({"A": size, "B": 20, "C": 30}, min_group=10)

    assert ("A" in result) is hidden


def test_an_empty_group_is_hidden_but_needs_no_complement():
    # It has no figure; subtraction shows it is empty, which discloses nobody.
    result = suppress_groups({"A": 0, "B": 20, "C": 30}, min_group=10)

    assert result.hidden == {"A"}
    assert not result.combined_shown


def test_an_empty_group_cannot_be_the_complement_of_a_small_one():
    result = suppress_groups({"A": 0, "B": 3, "C": 20, "D": 30}, min_group=10)

    assert result.hidden == {"A", "B", "C"}


def test_a_total_below_the_minimum_hides_itself_and_every_group():
    result = suppress_groups({"A": 4, "B": 5}, min_group=10)

    assert result.parent_hidden
    assert result.hidden == {"A", "B"}
    assert not result.combined_shown


def test_a_grade_slice_may_hide_alone_when_the_unpublished_rest_covers_it():
    # Overall 100; "grade = X" has 3; the other grade shown has 90; 7 are in no slice.
    result = suppress_nested(100, {"X": 3, "Y": 90}, min_group=10)

    assert result.hidden == {"X"}
    assert not result.parent_hidden


def test_a_small_unpublished_rest_needs_a_child_hidden_to_cover_it():
    # 3 people are in no slice: overall minus the slices would be their figure.
    result = suppress_nested(100, {"X": 40, "Y": 57}, min_group=10)

    assert result.hidden == {"X"}


def test_a_group_hidden_after_a_wave_check_gets_its_complement():
    result = suppress_groups({"A": 20, "B": 30, "C": 50}, min_group=10, also_hide={"C"})

    assert result.hidden == {"A", "C"}


def test_a_group_hidden_alone_under_a_parent_it_fills_hides_the_parent():
    result = suppress_nested(20, {"A": 20, "B": 0}, min_group=10, also_hide={"A"})

    assert result.parent_hidden


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: suppress_groups({"A": -1}, min_group=10), "'A' must be 0 or more"),
        (lambda: suppress_groups({"A": 1.5}, min_group=10), "'A' must be a whole number"),
        (lambda: suppress_groups({"A": 1}, min_group=0), "min_group must be"),
        (lambda: suppress_nested(5, {"A": 6}, min_group=10), "more than the parent total"),
        (lambda: suppress_nested(-5, {"A": 0}, min_group=10), "parent total must be 0 or more"),
        (lambda: suppress_groups({"A": 1}, min_group=10, also_hide={"Z"}), "not in the cut"),
        (lambda: safe_between_waves({"A": 1}, {"A": 2}, min_group=0), "min_group must be"),
    ],
)
def test_bad_group_input_is_refused_with_a_clear_message(call, message):
    with pytest.raises(ValueError, match=message):
        call()


# ---------------------------------------------------------------------------
# Waves: worked cases


@pytest.mark.parametrize(
    ("before", "now", "hidden"),
    [
        (20, 21, True),  # the one joiner's answers are the difference
        (21, 20, True),  # so are the one leaver's
        (20, 29, True),  # 9 changed: fewer than 10
        (20, 30, False),  # 10 changed: a group of the minimum size
        (20, 20, False),  # same count: nobody isolated by the count
        (8, 12, False),  # hidden last wave: nothing to subtract from
        (12, 8, False),  # hidden this wave anyway
    ],
)
def test_a_group_is_hidden_when_its_count_changed_by_fewer_than_the_minimum(before, now, hidden):
    result = safe_between_waves({"A": before}, {"A": now}, min_group=10)

    assert (result == {"A"}) is hidden


def test_a_new_group_has_no_previous_wave_to_difference():
    assert safe_between_waves({"A": 20}, {"A": 20, "B": 15}, min_group=10) == set()


# ---------------------------------------------------------------------------
# The attacker, independent of the module


def attacker_bounds(counts, mask):
    """Min and max of every hidden cell over all non-negative tables with the published
    totals and visible cells: variables for every cell, visible ones fixed by bounds."""
    counts = np.asarray(counts)
    rows, columns = counts.shape
    n = rows * columns
    equations, totals = [], []
    for i in range(rows):
        equations.append([1.0 if cell // columns == i else 0.0 for cell in range(n)])
        totals.append(counts[i].sum())
    for j in range(columns):
        equations.append([1.0 if cell % columns == j else 0.0 for cell in range(n)])
        totals.append(counts[:, j].sum())
    bounds = [
        (0, None) if mask[cell // columns, cell % columns] else (counts.flat[cell],) * 2
        for cell in range(n)
    ]
    found = {}
    for cell in range(n):
        if not mask[cell // columns, cell % columns]:
            continue
        extremes = []
        for sign in (1, -1):
            objective = np.zeros(n)
            objective[cell] = sign
            result = linprog(objective, A_eq=equations, b_eq=totals, bounds=bounds)
            assert result.status == 0
            extremes.append(sign * result.fun)
        found[divmod(cell, columns)] = tuple(extremes)
    return found


def subtraction_attack(counts, mask):
    """By hand: a row or column with one unknown cell gives it; a row or column whose
    unknowns must add up to 0 gives them all. Repeat until nothing more follows."""
    counts = np.asarray(counts)
    known = {cell: counts[cell] for cell in np.ndindex(counts.shape) if not mask[cell]}
    lines = [[(i, j) for j in range(counts.shape[1])] for i in range(counts.shape[0])]
    lines += [[(i, j) for i in range(counts.shape[0])] for j in range(counts.shape[1])]
    progress = True
    while progress:
        progress = False
        for line in lines:
            unknown = [cell for cell in line if cell not in known]
            left = sum(counts[cell] for cell in line) - sum(known.get(cell, 0) for cell in line)
            if unknown and (len(unknown) == 1 or left == 0):
                for cell in unknown:
                    known[cell] = left if len(unknown) == 1 else 0
                progress = True
    return {cell for cell in known if mask[cell]}


@st.composite
def tables(draw):
    rows = draw(st.integers(2, 8))
    columns = draw(st.integers(2, 6))
    row = st.lists(st.integers(0, 40), min_size=columns, max_size=columns)
    return draw(st.lists(row, min_size=rows, max_size=rows)), draw(st.integers(5, 10))


attack_settings = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@attack_settings
@given(tables())
def test_no_hidden_cell_of_a_random_table_can_be_recovered(drawn):
    counts, min_cell = drawn
    table = np.array(counts)
    try:
        mask = suppress_table(counts, min_cell=min_cell)
    except UnprotectableTableError:
        # Only when the totals alone pin a small cell, even with every cell hidden.
        bounds = attacker_bounds(table, np.ones(table.shape, dtype=bool))
        small = (table > 0) & (table < min_cell)
        assert any(high - low < 1 for cell, (low, high) in bounds.items() if small[cell])
        return

    assert mask[(table > 0) & (table < min_cell)].all()
    for cell, (low, high) in attacker_bounds(table, mask).items():
        assert high - low >= 1 - 1e-6, f"{cell} is pinned between {low} and {high}"
        assert low - 1e-6 <= table[cell] <= high + 1e-6
    assert subtraction_attack(table, mask) == set()
    assert exposed_cells(counts, mask) == []


@attack_settings
@given(tables())
def test_the_module_attack_finds_what_the_independent_attacker_finds(drawn):
    counts, min_cell = drawn
    table = np.array(counts)
    mask = (table > 0) & (table < min_cell)
    assume(mask.any())

    pinned = {cell for cell, (low, high) in attacker_bounds(table, mask).items() if high - low < 1}

    assert set(exposed_cells(counts, mask)) == pinned
    assert subtraction_attack(table, mask) <= pinned


group_sizes = st.dictionaries(
    st.sampled_from("ABCDEFGHIJ"), st.integers(0, 40), min_size=1, max_size=10
)


def assert_remainder_isolates_nobody(parent, children, result, min_group):
    """Parent minus the visible children, as an intruder would work it out."""
    if result.parent_hidden:
        assert result.hidden == set(children)
        return
    assert parent >= min_group
    remainder = parent - sum(size for name, size in children.items() if name not in result)
    assert not 0 < remainder < min_group, f"{remainder} people can be read off"
    for name in result.hidden:
        if children[name] > 0:
            assert remainder != children[name], f"{name} is the total minus the rest"


@settings(max_examples=300, deadline=None)
@given(group_sizes, st.integers(5, 10))
def test_no_hidden_group_can_be_recovered_from_the_total(sizes, min_group):
    result = suppress_groups(sizes, min_group=min_group)

    assert {name for name, size in sizes.items() if size < min_group} <= result.hidden
    assert_remainder_isolates_nobody(sum(sizes.values()), sizes, result, min_group)
    if result.hidden and not result.parent_hidden:
        positive = [name for name in result.hidden if sizes[name] > 0]
        assert positive == [] or len(positive) >= 2


@settings(max_examples=300, deadline=None)
@given(group_sizes, st.integers(0, 30), st.integers(5, 10), st.data())
def test_no_hidden_child_can_be_recovered_from_its_parent(children, rest, min_group, data):
    parent = sum(children.values()) + rest
    also_hide = data.draw(st.sets(st.sampled_from(sorted(children))))

    result = suppress_nested(parent, children, min_group=min_group, also_hide=also_hide)

    small = {name for name, size in children.items() if size < min_group}
    assert small | also_hide <= result.hidden
    assert_remainder_isolates_nobody(parent, children, result, min_group)
    if result.combined_shown:
        assert sum(children[name] for name in result.hidden) >= min_group


@settings(max_examples=200, deadline=None)
@given(group_sizes, group_sizes, st.integers(5, 10))
def test_no_group_shown_in_both_waves_changed_by_fewer_than_the_minimum(before, now, min_group):
    hidden = safe_between_waves(before, now, min_group=min_group)
    result = suppress_groups(now, min_group=min_group, also_hide=hidden)

    for name in set(before) & set(now):
        shown_twice = before[name] >= min_group and name not in result
        if shown_twice:
            assert abs(now[name] - before[name]) == 0 or abs(now[name] - before[name]) >= min_group
    assert_remainder_isolates_nobody(sum(now.values()), now, result, min_group)
