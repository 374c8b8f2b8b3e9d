"""Cases: left -> right -> left, never a loop, never a needless call."""

from tests.federation.case import Case

CASES = [
    Case("left_requires_right", "{ item { x } }", {"item": {"x": 40}}, calls={"left": 2, "right": 1}),
    Case("right_requires_left", "{ item { z } }", {"item": {"z": 300}}, calls={"left": 1, "right": 1}),
    Case(
        "both_directions",
        "{ item { id w x y z } }",
        {"item": {"id": "i1", "w": 3, "x": 40, "y": 4, "z": 300}},
        calls={"left": 2, "right": 1},
    ),
]
