"""Small-cell suppression (subgraphs.common.suppression) over hand-made tables."""

from __future__ import annotations

from subgraphs.common.suppression import Counts, Equation, is_small, suppress


def c(numerator: int | None, denominator: int | None = None) -> Counts:
    return Counts(numerator, denominator)


def recoverable(table: dict[str, Counts], equations: list[Equation[str]], hidden: set[str]) -> set[str]:
    """Hidden cells an attacker recovers by subtraction from the published cells, repeatedly."""
    known = {key for key in table if key not in hidden}
    found: set[str] = set()
    changed = True
    while changed:
        changed = False
        for equation in equations:
            cells = [equation.total, *equation.members]
            unknown = [key for key in cells if key in table and key not in known]
            if len(unknown) == 1:
                known.add(unknown[0])
                found.add(unknown[0])
                changed = True
    return found


def test_primary_rule_numerator_or_denominator_below_ten() -> None:
    assert is_small(c(9, 100))
    assert is_small(c(50, 9))
    assert not is_small(c(10, 10))
    assert is_small(c(0, 100))  # a zero is a small count too
    assert is_small(c(None, 3)) and not is_small(c(None, 30)) and is_small(c(4, None))
    table = {"a": c(9, 100), "b": c(10, 10), "c": c(50, 9), "d": c(None, None)}
    assert suppress(table, []) == {"a", "c"}


def test_naive_suppression_leaks_and_complementary_does_not() -> None:
    # one row: three regencies summing to their province total, published in the same answer
    table = {"P": c(120, 300), "r1": c(5, 80), "r2": c(40, 100), "r3": c(75, 120)}
    row = [Equation("P", ["r1", "r2", "r3"])]
    naive = {key for key, counts in table.items() if is_small(counts)}
    assert naive == {"r1"}
    assert recoverable(table, row, naive) == {"r1"}  # 120 - 40 - 75 = 5: the leak
    hidden = suppress(table, row)
    assert hidden == {"r1", "r2"}  # r2 is the next-smallest
    assert recoverable(table, row, hidden) == set()


def test_two_way_table_iterates_until_stable() -> None:
    # rows: regions A and B, columns: bands x, y, z; margins: region totals, band totals, grand total
    table = {
        "Ax": c(3, 30), "Ay": c(20, 40), "Az": c(30, 50), "A": c(53, 120),
        "Bx": c(15, 30), "By": c(25, 45), "Bz": c(35, 55), "B": c(75, 130),
        "x": c(18, 60), "y": c(45, 85), "z": c(65, 105), "T": c(128, 250),
    }  # fmt: skip
    equations = [
        Equation("A", ["Ax", "Ay", "Az"]),
        Equation("B", ["Bx", "By", "Bz"]),
        Equation("x", ["Ax", "Bx"]),
        Equation("y", ["Ay", "By"]),
        Equation("z", ["Az", "Bz"]),
        Equation("T", ["A", "B"]),
        Equation("T", ["x", "y", "z"]),
    ]
    hidden = suppress(table, equations)
    assert "Ax" in hidden
    assert recoverable(table, equations, hidden) == set()
    # every equation hides none or at least two of its cells
    for equation in equations:
        assert len([k for k in (equation.total, *equation.members) if k in hidden]) != 1
    # a naive pattern leaks Ax through its row and its column
    assert recoverable(table, equations, {"Ax"}) == {"Ax"}


def test_the_total_is_hidden_when_no_member_is_left() -> None:
    # a region whose only band is suppressed: the total equals it and must go too
    table = {"R": c(4, 50), "R:0-4": c(4, 50)}
    assert suppress(table, [Equation("R", ["R:0-4"])]) == {"R", "R:0-4"}
    # a total hidden for another reason leaves a single published member: the member goes
    table = {"T": c(100, 200), "R": c(40, 90), "S": c(60, 110), "R:a": c(40, 90)}
    equations = [Equation("T", ["R", "S"]), Equation("R", ["R:a"])]
    hidden = suppress({**table, "S": c(6, 110)}, equations)
    assert hidden == {"S", "R", "R:a"}


def test_absent_cells_are_published_zeros_and_ties_break_by_position() -> None:
    table = {"P": c(100, 200), "r1": c(2, 50), "r2": c(30, 50), "r3": c(30, 50)}
    assert suppress(table, [Equation("P", ["r1", "r2", "r3", "r4"])]) == {"r1", "r2"}
    # an equation whose total is not in the table publishes nothing to subtract from
    assert suppress(table, [Equation("Q", ["r1", "r2"])]) == {"r1"}


def test_numerator_only_and_denominator_only_tables() -> None:
    table = {"P": c(None, 500), "r1": c(None, 7), "r2": c(None, 200), "r3": c(None, 293)}
    assert suppress(table, [Equation("P", ["r1", "r2", "r3"])]) == {"r1", "r2"}
    table = {"P": c(500, None), "r1": c(7, None), "r2": c(300, None), "r3": c(193, None)}
    assert suppress(table, [Equation("P", ["r1", "r2", "r3"])]) == {"r1", "r3"}
