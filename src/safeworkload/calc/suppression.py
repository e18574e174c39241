"""Small-group suppression for survey reports (issue 8, promises SUR-02 and SUR-03).

Every figure in a health-check report is about a group of respondents. No figure may be
shown, or be worked out, for fewer than ``min_group`` people (SUR-02), and no hidden figure
may be recovered by subtracting visible ones from a published total (SUR-03). Sources:
reference/06 section 8 and reference/04 section 4.

Tables (``suppress_table``). A 2-D table of counts is published with its row, column and
grand totals. Primary suppression hides every cell with ``0 < count < min_cell``; zero
cells are shown, as there is nobody in them to disclose (the usual threshold rule: OECD SDC
glossary; Washington State DOH suppresses non-zero counts below its threshold). Secondary
(complementary) suppression then hides more cells until no hidden cell is *derivable*:
its value is the same in every non-negative table that has the published totals and
visible cells (``exposed_cells``, the attack). Derivability is tested with linear
programming, the standard audit for tabular data (as in GaussSuppression and tau-Argus):
the minimum and maximum of the hidden cell subject to the row and column sums, the visible
cells fixed and every cell >= 0; the cell is derivable when max - min < 1. The constraint
matrix of a two-way table is totally unimodular, so the LP's extremes are whole numbers
and equal the extremes over whole-number tables: "max - min < 1" means "pinned".

The complements are chosen greedily, one exposed cell at a time, from the cheapest
*movable rectangle* through it: cells (i, j), (i, l), (k, j), (k, l) can all be shifted
by one, +1 -1 round the rectangle, without changing any total, when the cells that would
go down are at least 1. Every cell on a movable rectangle of hidden cells is then not
derivable, whatever else is hidden, because hiding more only widens the intervals.
"Cheapest" is the smallest sum of newly hidden counts, then the fewest new cells, so
small counts and zeros are preferred (zero cells may be hidden as complements). The LP
check runs after each step and decides when to stop; the result is always checked.

A table is unprotectable when one row or column holds every count: the other margin then
*is* that row, so its totals disclose the small cells and no choice of cells can help.
``suppress_table`` raises ``UnprotectableTableError`` (a ValueError): the caller must hide
the totals or merge categories. The guarantee is against exact disclosure: an intruder
still learns bounds (a hidden cell lies between its LP minimum and maximum), as with any
cell suppression. The audit assumes the intruder knows only that counts are whole and
non-negative, not which hidden cells are primary.

Groups (``suppress_groups``, ``suppress_nested``). Groups whose sizes add up to a parent
total (teams in a service, grade slices of the organisation). A group smaller than
``min_group`` is hidden, and a group of 0 is hidden the same way: it has no figure to show,
and SUR-02 hides any response count below the threshold, so "no responses" and "too few
responses" look alike. Subtraction gives the intruder ``parent - visible children``: the
hidden children plus anyone in the parent who is in no child (not published). That
remainder must be either zero, or at least ``min_group`` people spread over at least two
non-empty groups (one of which may be the unpublished rest). Otherwise the next smallest
visible child is hidden too (Dialog's complementary suppression; Quantum Workplace's team
of 5 men and 1 woman, where neither split is shown). Requiring the remainder to reach
``min_group``, not only two hidden groups, stops two small hidden groups being read off
together as one small group. A parent below ``min_group`` is itself hidden, with every
child. Zero groups in the remainder are not protected: subtraction can show a hidden group
is empty, which discloses nobody's answers.

Hierarchies are suppressed top down, one level at a time; a hidden node hides its whole
subtree, or its visible children would add up to it again. Pass a group hidden for another
reason (a wave check below, a cut elsewhere) in ``also_hide`` so it gets its complement.

Waves (``safe_between_waves``): see its docstring for the threat and its limits.
"""

from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linprog

# Whole-number extremes (total unimodularity) make any difference 0 or at least 1; half
# way between is the threshold that no floating-point error from HiGHS can cross.
_PINNED_BELOW = 0.5


class UnprotectableTableError(ValueError):
    """The published totals alone disclose a small cell; no cell suppression can help."""


Cell = tuple[int, int]


def suppress_table(counts: Any, *, min_cell: int) -> np.ndarray:
    """The cells to hide (True) so that no small count is shown or derivable from totals.

    ``counts`` is a 2-D table of non-negative whole numbers (at least 2 by 2) whose row,
    column and grand totals are published. Raises ValueError for bad input, and
    UnprotectableTableError when the totals themselves disclose a small cell.
    """
    table = _as_table(counts)
    _check_minimum(min_cell, "min_cell")
    mask = (table > 0) & (table < min_cell)
    while exposed := exposed_cells(table, mask):
        rectangle = _cheapest_movable_rectangle(table, mask, exposed[0])
        if rectangle is None:
            mask = _hide_every_cell_that_can_move(table, mask)
            if exposed_cells(table, mask):
                raise UnprotectableTableError(
                    "The totals disclose a small cell: every count is in one row or one "
                    "column. Hide the totals or merge categories."
                )
            break
        for cell in rectangle:
            mask[cell] = True
    return mask


def exposed_cells(counts: Any, mask: Any) -> list[Cell]:
    """Hidden cells whose value follows from the totals and the visible cells (the attack)."""
    table = _as_table(counts)
    hidden = np.asarray(mask)
    if hidden.shape != table.shape or hidden.dtype != np.bool_:
        raise ValueError("The mask must be a table of True and False the same shape as counts.")
    cells = [(int(i), int(j)) for i, j in zip(*np.nonzero(hidden), strict=True)]
    if not cells:
        return []
    a_eq, b_eq = _published_constraints(table, hidden, cells)
    truth = np.array([table[cell] for cell in cells], dtype=float)
    movable = np.zeros(len(cells), dtype=bool)
    exposed = []
    for position, cell in enumerate(cells):
        if movable[position]:
            continue
        for direction in (1.0, -1.0):  # maximise, then minimise
            objective = np.zeros(len(cells))
            objective[position] = -direction
            result = linprog(objective, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
            if result.status != 0:  # the true table is feasible, so this is a solver fault
                raise RuntimeError(f"The disclosure check could not be solved: {result.message}")
            # Any cell that differs here from its true value has two feasible values.
            movable |= np.abs(result.x - truth) >= _PINNED_BELOW
            if movable[position]:
                break
        else:
            exposed.append(cell)
    return exposed


@dataclass(frozen=True)
class GroupSuppression:
    """Which groups to hide, and what may still be said about them.

    ``combined_shown``: the hidden groups together reach the minimum, so the report may
    show them as one "other groups combined" figure. ``parent_hidden``: the parent total
    itself must be hidden (it is below the minimum, or equals a hidden group); every group
    is then hidden too, and the level above must treat the parent as hidden.
    """

    hidden: frozenset[str]
    combined_shown: bool
    parent_hidden: bool = False

    def __contains__(self, name: object) -> bool:
        return name in self.hidden

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self.hidden))

    def __len__(self) -> int:
        return len(self.hidden)


def suppress_groups(
    sizes: Mapping[str, int], *, min_group: int, also_hide: Collection[str] = ()
) -> GroupSuppression:
    """Groups to hide when the groups' sizes and their total are published (1-D cut)."""
    _check_sizes(sizes)
    return suppress_nested(sum(sizes.values()), sizes, min_group=min_group, also_hide=also_hide)


def suppress_nested(
    parent_total: int,
    children: Mapping[str, int],
    *,
    min_group: int,
    also_hide: Collection[str] = (),
) -> GroupSuppression:
    """Children to hide under a published parent, so that parent minus the visible
    children never isolates a hidden child or fewer than ``min_group`` people.

    The children may cover only part of the parent (overall against "grade = X"); the
    rest is treated as an unpublished group that is always hidden.
    """
    _check_minimum(min_group, "min_group")
    _check_sizes(children)
    _check_count(parent_total, "The parent total")
    unknown = set(also_hide) - set(children)
    if unknown:
        raise ValueError(f"Cannot hide groups that are not in the cut: {sorted(unknown)}.")
    rest = parent_total - sum(children.values())
    if rest < 0:
        raise ValueError("The children add up to more than the parent total.")
    if parent_total < min_group:
        return GroupSuppression(frozenset(children), combined_shown=False, parent_hidden=True)

    hidden = {name for name, size in children.items() if size < min_group} | set(also_hide)
    while not _remainder_is_safe([children[name] for name in hidden], rest, min_group):
        visible = [name for name in children if name not in hidden]
        if not visible:
            return GroupSuppression(frozenset(children), combined_shown=False, parent_hidden=True)
        hidden.add(min(visible, key=lambda name: (children[name], name)))
    combined = sum(children[name] for name in hidden)
    return GroupSuppression(
        frozenset(hidden), combined_shown=bool(hidden) and combined >= min_group
    )


def safe_between_waves(
    previous: Mapping[str, int], current: Mapping[str, int], *, min_group: int
) -> set[str]:
    """Groups to hide in the current wave because differencing it against the previous
    wave would isolate the few people who joined or left.

    Threat: a group shown in both waves (at least ``min_group`` respondents each time)
    whose respondent count changed by 1 to ``min_group - 1``. If everyone else answered
    the same way twice, the difference between the two waves' figures is the answers of
    those few joiners (or leavers). Hide the group in the current wave and pass it to
    ``suppress_groups``/``suppress_nested`` as ``also_hide`` so it gets a complement. Pass
    the organisation's own total under some name too if it is published in both waves.

    Limits, honestly: the assumption that people answer the same way twice is what makes
    the attack work, and it is strongest in small stable groups and on yes/no items; in
    large groups ordinary change of opinion blurs the difference, so this rule is
    cautious there. We see only counts, not membership: an unchanged count can hide
    equal numbers joining and leaving (the difference then mixes one person's answer
    with another's, which we accept), and a large change can hide one person leaving a
    group that otherwise changed a lot. A group that was hidden last wave is not checked,
    as nothing was published to subtract from; that relies on last wave's suppression
    having been applied, complements included. Waves further apart are not compared.
    """
    _check_minimum(min_group, "min_group")
    _check_sizes(previous)
    _check_sizes(current)
    return {
        name
        for name, now in current.items()
        if name in previous
        and min(now, previous[name]) >= min_group
        and 0 < abs(now - previous[name]) < min_group
    }


def _remainder_is_safe(hidden_sizes: Sequence[int], rest: int, min_group: int) -> bool:
    """Parent minus visible children is zero, or min_group people in two non-empty groups.

    The unpublished rest may stand alone when it reaches min_group: it is not a hidden
    group that needs protecting, only a group too small to be derived.
    """
    contributors = [size for size in hidden_sizes if size > 0]
    if rest > 0:
        contributors.append(rest)
    if not contributors:
        return True
    if sum(contributors) < min_group:
        return False
    return len(contributors) >= 2 or not any(size > 0 for size in hidden_sizes)


def _published_constraints(
    table: np.ndarray, hidden: np.ndarray, cells: list[Cell]
) -> tuple[np.ndarray, np.ndarray]:
    """Row and column sums of the hidden cells: each total minus its visible cells."""
    visible = np.where(hidden, 0, table)
    rows, columns = table.shape
    a_eq = np.zeros((rows + columns, len(cells)))
    for position, (i, j) in enumerate(cells):
        a_eq[i, position] = 1
        a_eq[rows + j, position] = 1
    b_eq = np.concatenate(
        [table.sum(axis=1) - visible.sum(axis=1), table.sum(axis=0) - visible.sum(axis=0)]
    ).astype(float)
    used = a_eq.any(axis=1)  # a row or column with no hidden cell says nothing
    return a_eq[used], b_eq[used]


def _cheapest_movable_rectangle(
    table: np.ndarray, mask: np.ndarray, target: Cell
) -> list[Cell] | None:
    """The cells to hide to put ``target`` on a movable rectangle, at least cost."""
    i, j = target
    rows, columns = table.shape
    best: tuple[tuple[int, int], list[Cell]] | None = None
    for k in range(rows):
        for m in range(columns):
            if k == i or m == j:
                continue
            x, a, b, c = table[i, j], table[i, m], table[k, j], table[k, m]
            # Shift x-1, c-1, a+1, b+1 or the reverse: what goes down must be at least 1.
            if not ((x >= 1 and c >= 1) or (a >= 1 and b >= 1)):
                continue
            new = [cell for cell in ((i, m), (k, j), (k, m)) if not mask[cell]]
            cost = (int(sum(table[cell] for cell in new)), len(new))
            if new and (best is None or cost < best[0]):
                best = (cost, new)
    return None if best is None else best[1]


def _hide_every_cell_that_can_move(table: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """The last resort: hide every cell outside empty rows and columns."""
    occupied = (table.sum(axis=1) > 0)[:, None] & (table.sum(axis=0) > 0)[None, :]
    return mask | occupied


def _as_table(counts: Any) -> np.ndarray:
    if isinstance(counts, np.ndarray):
        rows = counts.tolist() if counts.ndim == 2 else None
    elif isinstance(counts, Sequence) and all(isinstance(row, Sequence) for row in counts):
        rows = [list(row) for row in counts]
    else:
        rows = None
    if rows is None:
        raise ValueError("Counts must be a table: a list of rows, each a list of counts.")
    if len({len(row) for row in rows}) > 1:
        raise ValueError("Every row of the table must have the same number of counts.")
    if len(rows) < 2 or len(rows[0]) < 2:
        raise ValueError("The table must have at least 2 rows and 2 columns.")
    for row in rows:
        for count in row:
            _check_count(count, "Each count")
    return np.array(rows, dtype=np.int64)


def _check_sizes(sizes: Mapping[str, int]) -> None:
    for name, size in sizes.items():
        _check_count(size, f"The size of {name!r}")


def _check_count(count: object, what: str) -> None:
    if isinstance(count, bool) or not isinstance(count, int | np.integer):
        raise ValueError(f"{what} must be a whole number, not {count!r}.")
    if count < 0:
        raise ValueError(f"{what} must be 0 or more, not {count}.")


def _check_minimum(minimum: object, name: str) -> None:
    if isinstance(minimum, bool) or not isinstance(minimum, int) or minimum < 1:
        raise ValueError(f"{name} must be a whole number of at least 1, not {minimum!r}.")
