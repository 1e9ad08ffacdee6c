"""Disclosure control (accounts.disclosure) on hand-made tables with known patterns.

A pattern is written one line per row: "." a shown cell, "P" a primary suppression (a count
from 1 to 4), "S" a secondary one; after the "|" the row total; the last line is the column
totals and, after the "|", the grand total.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from openocmw.accounts.disclosure import (
    DEFAULT_THRESHOLD,
    Cells,
    Reason,
    Table,
    marker,
    recomputable,
)


def test_the_marker_reads_less_than_five_in_both_languages():
    assert marker() == "< 5" and marker(10) == "< 10" and DEFAULT_THRESHOLD == 5


def test_a_table_without_small_cells_is_shown_whole():
    t = Table(["r1", "r2"], ["a", "b"], [[5, 9], [12, 30]]).protect()
    assert t.pattern() == ["..|.", "..|.", "..|."]
    assert t.rows() == [[5, 9, 14], [12, 30, 42], [17, 39, 56]]


def test_naive_primary_suppression_lets_the_cell_be_recomputed_from_the_total():
    """One-way table (e.g. GPMIs per kind): 12, 3, 20, 7 and the total 42."""
    cells = Cells()
    for key, n in {"studies": 12, "training": 3, "community": 20, "general": 7}.items():
        cells.add(key, n)
    cells.add("total", 42)
    cells.relate("total", ["studies", "training", "community", "general"])
    # Hiding only the 3 gives nothing: 42 - 12 - 20 - 7 = 3.
    assert recomputable(cells, {"training"}) == {"training": 3}
    s = cells.protect()
    # Ours hides the smallest other cell as well (7, not the total or a larger one) ...
    assert s.reasons == {"training": Reason.PRIMARY, "general": Reason.SECONDARY}
    assert s.show("training") == "< 5" and s.show("general") == "< 5" and s.show("total") == 42
    # ... and then neither can be recomputed.
    assert recomputable(cells, s.suppressed) == {}


def test_secondary_suppression_in_rows_and_columns():
    t = Table(
        ["r1", "r2", "r3"],
        ["a", "b", "c"],
        [[2, 10, 20], [12, 15, 30], [25, 40, 35]],
    ).protect()
    # The 2 needs a partner in its row (10, the smallest) and in its column (12); the 12
    # then needs one in its row (15): a 2x2 block that the totals do not resolve.
    assert t.pattern() == ["PS.|.", "SS.|.", "...|.", "...|."]
    assert t.cell("r1", "a") is None and t.cell("r3", "c") == 35
    assert t.row_total("r1") == 32 and t.total == 189
    assert recomputable(t.cells, t.suppression.suppressed) == {}


def test_naive_suppression_of_a_2d_table_is_undone_by_the_row_total():
    t = Table(["r1", "r2", "r3"], ["a", "b", "c"], [[2, 10, 20], [12, 15, 30], [25, 40, 35]])
    cells = t.cells()
    assert recomputable(cells, {("cell", "r1", "a")}) == {("cell", "r1", "a"): 2}


def test_a_small_row_total_is_suppressed_and_protected_by_the_other_totals():
    t = Table(["r1", "r2"], ["a", "b"], [[1, 2], [20, 30]]).protect()
    # Row r1 (1, 2, total 3) is all primary; its column partners are the 20 and the 30 of
    # row r2; the grand total 53 = 3 + r2's total then needs r2's total hidden too.
    assert t.pattern() == ["PP|P", "SS|S", "..|."]
    assert t.column_total("a") == 21 and t.total == 53
    assert recomputable(t.cells, t.suppression.suppressed) == {}


def test_a_small_column_total_is_suppressed_with_a_partner_total():
    t = Table(["r1", "r2", "r3"], ["a", "b", "c"], [[1, 10, 12], [2, 11, 14], [0, 9, 30]]).protect()
    # Column a: 1, 2, 0 (a true zero, shown), total 3: primary. The 1 and the 2 take their
    # row's smallest partner (10 and 11); the grand total is also the sum of the column
    # totals, so a second column total goes: b's 30, smaller than c's 56.
    assert t.pattern() == ["PS.|.", "PS.|.", "...|.", "PS.|."]
    assert t.cell("r3", "a") == 0  # the zero is shown
    assert t.column_total("c") == 56 and t.total == 89
    assert recomputable(t.cells, t.suppression.suppressed) == {}


def test_true_zeros_are_shown_and_never_suppressed_first():
    t = Table(["r1", "r2"], ["a", "b", "c"], [[3, 0, 9], [7, 0, 12]]).protect()
    # The 3's row partner is the 9, not the zero; its column partner the 7.
    assert t.pattern() == ["P.S|.", "S.S|.", "...|."]
    assert t.cell("r1", "b") == 0 and t.cell("r2", "b") == 0


def test_the_threshold_is_configurable():
    cells = Cells()
    for key, n in {"a": 3, "b": 2, "c": 40}.items():
        cells.add(key, n)
    cells.add("t", 45)
    cells.relate("t", ["a", "b", "c"])
    assert set(cells.protect(3).suppressed) == {"b", "a"}  # 2 is primary, 3 its partner
    assert cells.protect(3).reasons["a"] == Reason.SECONDARY
    assert cells.protect(1).suppressed == frozenset()
    assert cells.protect(10).show("a") == "< 10"
    with pytest.raises(ValueError, match="threshold"):
        cells.protect(0)


def test_hierarchical_totals_protect_the_subtotals():
    """Regions and municipalities, one count each: grand = F + W, F = A + G, W = L + N."""
    cells = Cells()
    for key, n in {"A": 2, "G": 1, "F": 3, "L": 30, "N": 25, "W": 55, "all": 58}.items():
        cells.add(key, n)
    cells.relate("F", ["A", "G"])
    cells.relate("W", ["L", "N"])
    cells.relate("all", ["F", "W"])
    s = cells.protect()
    # A, G and their subtotal F are primary; F needs a partner under the grand total (W),
    # and W one among its municipalities (the smallest, N).
    assert {k for k, r in s.reasons.items() if r == Reason.PRIMARY} == {"A", "G", "F"}
    assert {k for k, r in s.reasons.items() if r == Reason.SECONDARY} == {"W", "N"}
    assert s.value("all") == 58 and s.value("L") == 30
    assert recomputable(cells, s.suppressed) == {}


def test_a_table_with_row_groups_and_subtotals():
    t = Table(
        ["Antwerpen", "Gent", "Liège", "Namur"],
        ["men", "women"],
        [[40, 35], [3, 20], [30, 28], [25, 22]],
        groups={"Flanders": ["Antwerpen", "Gent"], "Wallonia": ["Liège", "Namur"]},
    ).protect()
    assert t.cell("Gent", "men") is None
    assert t.group_total("Flanders") == 98 and t.total == 203
    assert recomputable(t.cells, t.suppression.suppressed) == {}


def test_a_difference_cell_that_is_small_is_protected_though_never_shown():
    """Held evaluations 20, of which in person 18: the 2 not in person are never shown, but
    20 - 18 would give them away."""
    cells = Cells()
    cells.add("held", 20)
    cells.add("in_person", 18)
    cells.remainder("not_in_person", "held", ["in_person"])
    s = cells.protect()
    assert s.reasons["not_in_person"] == Reason.PRIMARY
    assert s.suppressed == {"in_person"}  # the part, not the total, is hidden
    assert "not_in_person" not in recomputable(cells, s.suppressed)


def test_the_exact_check_catches_what_the_row_and_column_rule_misses():
    """Two 2x2 blocks of small cells joined by one more small cell (r2, c3): every row and
    column holds 0 or at least 2 suppressed cells, yet that joining cell is the sum of the
    first block's rows minus its columns, and can be recomputed."""
    small = {(0, 0), (0, 1), (1, 0), (1, 1), (2, 2), (2, 3), (3, 2), (3, 3), (1, 2)}
    counts = [[2 if (r, c) in small else 20 + r + c for c in range(5)] for r in range(5)]
    rows, cols = [f"r{i}" for i in range(5)], [f"c{j}" for j in range(5)]
    table = Table(rows, cols, counts)
    cells = table.cells()
    primary = {("cell", rows[r], cols[c]) for r, c in small}
    # The rule of rows and columns alone is satisfied by the primaries ...
    for rel in cells.relations:
        assert sum(1 for k in rel.members if k in primary) != 1
    # ... but the joining cell is still recomputable from them.
    assert recomputable(cells, primary) == {("cell", "r1", "c2"): 2}
    protected = table.protect()
    assert recomputable(cells, protected.suppression.suppressed) == {}
    assert len(protected.suppression.suppressed) > len(primary)


def test_bad_cells_are_refused():
    cells = Cells()
    with pytest.raises(ValueError):
        cells.add("a", -1)
    with pytest.raises(ValueError):
        cells.add("a", 2.5)
    cells.add("a", 2)
    cells.add("t", 3)
    with pytest.raises(ValueError, match="does not hold"):
        cells.relate("t", ["a"])
    with pytest.raises(KeyError):
        cells.relate("t", ["missing"])
    with pytest.raises(ValueError):
        Table(["r"], ["a", "b"], [[1]])


# --- the guarantee, on any table --------------------------------------------------------------

counts = st.one_of(st.integers(0, 4), st.integers(5, 60))


@st.composite
def tables(draw):
    n_rows = draw(st.integers(1, 5))
    n_cols = draw(st.integers(2, 5))
    values = [[draw(counts) for _c in range(n_cols)] for _r in range(n_rows)]
    return Table([f"r{i}" for i in range(n_rows)], [f"c{j}" for j in range(n_cols)], values)


@settings(max_examples=150, deadline=None)
@given(tables(), st.integers(2, 10))
def test_no_protected_cell_can_be_recomputed_and_every_small_cell_is_hidden(table, threshold):
    result = table.protect(threshold)
    s = result.suppression
    for key, value in s.values.items():
        if 0 < value < threshold:
            assert s.value(key) is None, key
        if value == 0:  # a true zero is never suppressed for itself
            assert s.reasons.get(key) != Reason.PRIMARY, key
    leaked = recomputable(result.cells, s.suppressed)
    assert not (set(leaked) & set(s.reasons)), leaked
    # What is shown is the truth: hidden cells are hidden, the rest is exact.
    for key in s.values:
        assert s.value(key) in (None, s.values[key])
