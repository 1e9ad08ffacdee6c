"""Small numbers do not identify people: disclosure control for aggregates that leave an OCMW.

Pure Python (no Django), so that every producer of statistics (GPMI, casework register, the
observatory) protects its tables the same way and the rules can be tested alone.

The model
---------
A :class:`Cells` holds counts under hashable keys and the additive relations between them: a
relation says ``total == sum(parts)`` (a row, a column, a grand total, a subtotal of a
hierarchy, or an equality ``a == b`` with one part). A count may be *unpublished*: it is
never shown, but it still matters when it can be worked out from what is shown, e.g. "held
evaluations" minus "of which in person" gives the evaluations *not* held in person. Such
difference cells are declared with :meth:`Cells.remainder`. :class:`Table` builds the usual
rows x columns table with marginal totals (and optional row groups with subtotals) on top.

The rules (:meth:`Cells.protect`)
---------------------------------
1. *Primary suppression*: every count ``n`` with ``0 < n < threshold`` (default 5) is
   sensitive and is not shown, published or not, whether an interior cell or a total.
2. *True zeros are shown*. A zero says that nobody is in a group, which identifies nobody;
   this is the common practice of statistical offices. It has a known consequence that we
   accept and document (docs): a zero next to a suppressed cell can tell that all of a
   suppressed total lies in the other group. A zero is hidden only as a last resort, when a
   relation has no other cell left to hide (rule 3).
3. *Secondary suppression*, iterated to a fixed point: a relation in which exactly one member
   is unknown gives that member away. Whenever a relation would let someone work out a
   protected cell (primary, secondary, or an unpublished sensitive difference), a second cell
   of that relation is suppressed: the smallest non-zero interior cell still shown, else its
   total, else a zero. Values worked out along a chain of relations count as known too.
4. *Exact check*: single relations are not the only way to recompute a cell (several of them
   combined can isolate one, e.g. a suppressed cell that bridges two blocks of a table).
   After the fixed point, the whole system of relations is solved exactly (rational Gaussian
   elimination over the unknown cells): if a protected cell is still determined, one more
   cell near it is suppressed, and the rules start again.

The guarantee, tested: no suppressed or sensitive cell can be recomputed exactly from the
published cells and the relations (:func:`recomputable`). Bounds are not hidden: a suppressed
cell is known to lie between 0 and its total; that is accepted.

A suppressed cell is shown as :func:`marker` ("< 5"), the same in Dutch and French.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

DEFAULT_THRESHOLD = 5

Key = Hashable


def marker(threshold: int = DEFAULT_THRESHOLD) -> str:
    """What a suppressed cell shows in pages and exports: "< 5" (the same in nl and fr)."""
    return f"< {threshold}"


class Reason(StrEnum):
    PRIMARY = "primary"  # a count under the threshold
    SECONDARY = "secondary"  # suppressed so that a primary cell cannot be recomputed


@dataclass(frozen=True)
class Relation:
    total: Key
    parts: tuple[Key, ...]

    @property
    def members(self) -> tuple[Key, ...]:
        return (self.total, *self.parts)


@dataclass
class Cells:
    """Counts and the relations between them; :meth:`protect` decides what may be shown."""

    values: dict[Key, int] = field(default_factory=dict)
    unpublished: set[Key] = field(default_factory=set)
    relations: list[Relation] = field(default_factory=list)

    def add(self, key: Key, value: int, *, published: bool = True) -> Key:
        if key in self.values:
            if self.values[key] != value:
                raise ValueError(f"cell {key!r} added twice with different values")
        else:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise ValueError(f"cell {key!r}: a count is a whole number >= 0, not {value!r}")
            self.values[key] = value
        if not published:
            self.unpublished.add(key)
        else:
            self.unpublished.discard(key)
        return key

    def relate(self, total: Key, parts: Iterable[Key]) -> None:
        """Declare ``total == sum(parts)``; every key must have been added."""
        parts = tuple(parts)
        for key in (total, *parts):
            if key not in self.values:
                raise KeyError(f"unknown cell {key!r}")
        if not parts:
            return
        if self.values[total] != sum(self.values[p] for p in parts):
            raise ValueError(
                f"relation does not hold: {total!r} = {self.values[total]}, "
                f"parts sum to {sum(self.values[p] for p in parts)}"
            )
        self.relations.append(Relation(total, parts))

    def remainder(self, key: Key, total: Key, parts: Iterable[Key]) -> Key:
        """Add the unpublished difference ``key = total - sum(parts)`` and its relation
        (``total == parts + key``): the "other" cell that shown figures let one compute."""
        parts = tuple(parts)
        value = self.values[total] - sum(self.values[p] for p in parts)
        if value < 0:
            raise ValueError(f"parts of {total!r} exceed it")
        self.add(key, value, published=False)
        self.relate(total, (*parts, key))
        return key

    def protect(self, threshold: int = DEFAULT_THRESHOLD) -> Suppression:
        return _protect(self, threshold)


@dataclass(frozen=True)
class Suppression:
    """The outcome of :meth:`Cells.protect`: what is shown and what is not, and why."""

    threshold: int
    values: Mapping[Key, int]
    unpublished: frozenset[Key]
    reasons: Mapping[Key, Reason]  # every protected cell, published or not

    @property
    def suppressed(self) -> frozenset[Key]:
        """The published cells that are not shown."""
        return frozenset(k for k in self.reasons if k not in self.unpublished)

    def hidden(self, key: Key) -> bool:
        return key in self.reasons or key in self.unpublished

    def value(self, key: Key) -> int | None:
        """The count if it may be shown, else None."""
        return None if self.hidden(key) else self.values[key]

    def show(self, key: Key) -> int | str:
        """The count, or the marker ("< 5") for a suppressed cell."""
        value = self.value(key)
        return marker(self.threshold) if value is None else value

    @property
    def marker(self) -> str:
        return marker(self.threshold)


def _protect(cells: Cells, threshold: int) -> Suppression:
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 1:
        raise ValueError(f"the threshold is a whole number >= 1, not {threshold!r}")
    values = cells.values
    order = {k: i for i, k in enumerate(values)}
    relations = cells.relations
    by_cell: dict[Key, list[int]] = {k: [] for k in values}
    for i, rel in enumerate(relations):
        for k in rel.members:
            by_cell[k].append(i)
    reasons: dict[Key, Reason] = {k: Reason.PRIMARY for k, v in values.items() if 0 < v < threshold}
    # Unknown to a reader: suppressed cells and unpublished ones.
    unknown = set(cells.unpublished) | set(reasons)

    def candidates(rel: Relation) -> list[Key]:
        shown = [k for k in rel.members if k not in unknown]

        def rank(k):
            return (values[k] == 0, k == rel.total, values[k], order[k])

        return sorted(shown, key=rank)

    def suppress(key: Key) -> None:
        reasons.setdefault(key, Reason.SECONDARY)
        unknown.add(key)

    for _round in range(len(values) + 1):
        conflict = _first_leak(relations, unknown, reasons)
        if conflict is not None:
            rel, derived = conflict
            shown = candidates(rel)
            if shown:
                suppress(shown[0])
            else:
                # Every member is unknown, but some were worked out along a chain: those
                # intermediate values must stay unknown too.
                for k in derived:
                    reasons.setdefault(k, Reason.SECONDARY)
            continue
        determined = [k for k in _determined(relations, unknown) if k in reasons]
        if not determined:
            break
        target = min(determined, key=order.__getitem__)
        choice = _nearest_shown(target, relations, by_cell, unknown, values, order)
        if choice is None:  # nothing left to suppress: cannot happen with consistent counts
            break
        suppress(choice)
    # Every round hides one more cell, so the loop ends; should a protected cell still be
    # exposed (inconsistent counts), nothing of the system is shown rather than too much.
    if _first_leak(relations, unknown, reasons) is not None or any(
        k in reasons for k in _determined(relations, unknown)
    ):
        for key in values:
            if key not in cells.unpublished:
                suppress(key)
    return Suppression(
        threshold=threshold,
        values=dict(values),
        unpublished=frozenset(cells.unpublished),
        reasons=dict(reasons),
    )


def _first_leak(
    relations: Sequence[Relation],
    unknown: set[Key],
    protected: Mapping[Key, Reason],
) -> tuple[Relation, list[Key]] | None:
    """Work out what single relations give away, along chains. The first relation that would
    give away a protected cell, with the unknown members that were worked out before it."""
    derived: set[Key] = set()
    progress = True
    while progress:
        progress = False
        for rel in relations:
            missing = [k for k in rel.members if k in unknown and k not in derived]
            if len(missing) != 1:
                continue
            key = missing[0]
            if key in protected:
                return rel, [k for k in rel.members if k in derived]
            derived.add(key)
            progress = True
    return None


def _determined(relations: Sequence[Relation], unknown: set[Key]) -> set[Key]:
    """The unknown cells whose value the relations fix, given every shown cell: those ``u``
    for which the unit vector e_u lies in the row space of the relations restricted to the
    unknowns. Exact rational Gauss-Jordan elimination on sparse rows (the relations touch few
    cells each); in reduced form, ``u`` is fixed when a row holds ``u`` alone."""
    pivots: dict[Key, dict[Key, Fraction]] = {}  # pivot cell -> its reduced row
    for rel in relations:
        row: dict[Key, Fraction] = {}
        for k, sign in ((rel.total, 1), *((p, -1) for p in rel.parts)):
            if k in unknown:
                row[k] = row.get(k, Fraction(0)) + sign
        # Reduce by the pivots found so far (their rows hold no other pivot).
        for c in [c for c in row if c in pivots]:
            factor = row.get(c)
            if not factor:
                continue
            for k, v in pivots[c].items():
                row[k] = row.get(k, Fraction(0)) - factor * v
        row = {k: v for k, v in row.items() if v}
        if not row:
            continue
        lead = min(row, key=repr)
        scale = row[lead]
        row = {k: v / scale for k, v in row.items()}
        for other in pivots.values():  # keep every row reduced
            factor = other.get(lead)
            if factor:
                for k, v in row.items():
                    other[k] = other.get(k, Fraction(0)) - factor * v
                for k in [k for k, v in other.items() if not v]:
                    del other[k]
        pivots[lead] = row
    return {c for c, row in pivots.items() if len(row) == 1}


def _nearest_shown(
    target: Key,
    relations: Sequence[Relation],
    by_cell: Mapping[Key, list[int]],
    unknown: set[Key],
    values: Mapping[Key, int],
    order: Mapping[Key, int],
) -> Key | None:
    """The smallest shown cell in the relations of ``target``, else one relation further."""
    seen_cells = {target}
    frontier = [target]
    seen_relations: set[int] = set()
    while frontier:
        shown: list[Key] = []
        nxt: list[Key] = []
        for cell in frontier:
            for i in by_cell[cell]:
                if i in seen_relations:
                    continue
                seen_relations.add(i)
                for k in relations[i].members:
                    if k in seen_cells:
                        continue
                    seen_cells.add(k)
                    nxt.append(k)
                    if k not in unknown:
                        shown.append(k)
        if shown:
            return min(shown, key=lambda k: (values[k] == 0, values[k], order[k]))
        frontier = nxt
    return None


def recomputable(cells: Cells, hidden: Iterable[Key]) -> dict[Key, int]:
    """Which of the ``hidden`` cells (and the unpublished ones) a reader can recompute exactly
    from all the others and the relations, with their values: the attacker's view."""
    unknown = set(hidden) | set(cells.unpublished)
    determined = _determined(cells.relations, unknown)
    return {k: cells.values[k] for k in determined}


# --- tables --------------------------------------------------------------------------------


@dataclass
class Table:
    """Rows x columns of counts with their row, column and grand totals, optionally with
    rows grouped under subtotals (a hierarchy: the grand total is the sum of the groups, each
    group the sum of its rows)."""

    rows: Sequence[str]
    columns: Sequence[str]
    counts: Sequence[Sequence[int]]
    groups: Mapping[str, Sequence[str]] | None = None

    def __post_init__(self) -> None:
        if len(self.counts) != len(self.rows) or any(
            len(r) != len(self.columns) for r in self.counts
        ):
            raise ValueError("counts must have one row per row label and one value per column")
        if self.groups is not None:
            grouped = [r for members in self.groups.values() for r in members]
            if sorted(grouped) != sorted(self.rows):
                raise ValueError("every row belongs to exactly one group")

    def cells(self, into: Cells | None = None, prefix: Hashable = ()) -> Cells:
        """Register the table (its cells, totals and relations) into ``into``."""
        cells = into if into is not None else Cells()

        def key(*parts):
            return (prefix, *parts) if prefix != () else parts

        for r, row in enumerate(self.rows):
            for c, column in enumerate(self.columns):
                cells.add(key("cell", row, column), self.counts[r][c])
            cells.add(key("row", row), sum(self.counts[r]))
            cells.relate(key("row", row), [key("cell", row, col) for col in self.columns])
        col_sums = [sum(r[c] for r in self.counts) for c in range(len(self.columns))]
        for c, column in enumerate(self.columns):
            cells.add(key("column", column), col_sums[c])
        cells.add(key("total"), sum(col_sums))
        cells.relate(key("total"), [key("column", col) for col in self.columns])
        if self.groups is None:
            for column in self.columns:
                cells.relate(key("column", column), [key("cell", row, column) for row in self.rows])
            cells.relate(key("total"), [key("row", row) for row in self.rows])
            return cells
        for name, members in self.groups.items():
            for column in self.columns:
                total = sum(
                    self.counts[self.rows.index(m)][self.columns.index(column)] for m in members
                )
                cells.add(key("group", name, column), total)
                cells.relate(key("group", name, column), [key("cell", m, column) for m in members])
            cells.add(
                key("group", name), sum(sum(self.counts[self.rows.index(m)]) for m in members)
            )
            cells.relate(key("group", name), [key("row", m) for m in members])
            cells.relate(key("group", name), [key("group", name, col) for col in self.columns])
        for column in self.columns:
            cells.relate(key("column", column), [key("group", g, column) for g in self.groups])
        cells.relate(key("total"), [key("group", g) for g in self.groups])
        return cells

    def protect(self, threshold: int = DEFAULT_THRESHOLD) -> ProtectedTable:
        cells = self.cells()
        return ProtectedTable(self, cells, cells.protect(threshold))


@dataclass(frozen=True)
class ProtectedTable:
    table: Table
    cells: Cells
    suppression: Suppression

    def cell(self, row: str, column: str) -> int | None:
        return self.suppression.value(("cell", row, column))

    def row_total(self, row: str) -> int | None:
        return self.suppression.value(("row", row))

    def column_total(self, column: str) -> int | None:
        return self.suppression.value(("column", column))

    def group_total(self, group: str, column: str | None = None) -> int | None:
        return self.suppression.value(("group", group, column) if column else ("group", group))

    @property
    def total(self) -> int | None:
        return self.suppression.value(("total",))

    def pattern(self) -> list[str]:
        """The table as text, one line per row and a last line of totals: "." for a shown
        cell, "P" primary, "S" secondary (the shape tests compare with)."""

        def mark(key):
            reason = self.suppression.reasons.get(key)
            return "." if reason is None else ("P" if reason == Reason.PRIMARY else "S")

        lines = []
        for row in self.table.rows:
            cells = "".join(mark(("cell", row, col)) for col in self.table.columns)
            lines.append(f"{cells}|{mark(('row', row))}")
        bottom = "".join(mark(("column", col)) for col in self.table.columns)
        lines.append(f"{bottom}|{mark(('total',))}")
        return lines

    def rows(self) -> list[list[int | str]]:
        """Rows with their total, then the totals row, suppressed cells as the marker."""
        show = self.suppression.show
        out = [
            [*(show(("cell", r, c)) for c in self.table.columns), show(("row", r))]
            for r in self.table.rows
        ]
        out.append([*(show(("column", c)) for c in self.table.columns), show(("total",))])
        return out
