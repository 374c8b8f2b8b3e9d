"""A citizen's wards: minors listed as children on the family card of a head or spouse."""

from __future__ import annotations

from typing import Any

from gateway.access.wards import wards_from

PARENT, CHILD, ADULT_CHILD, OTHER = (
    "3171010101800001",
    "3171010101150002",
    "3171010101000003",
    "3171010101700004",
)


def _answer(relation: str) -> dict[str, Any]:
    members = [
        {"relation": relation, "citizen": {"nik": PARENT, "isMinor": False}},
        {"relation": "CHILD", "citizen": {"nik": CHILD, "isMinor": True}},
        {"relation": "CHILD", "citizen": {"nik": ADULT_CHILD, "isMinor": False}},
        {"relation": "OTHER", "citizen": {"nik": OTHER, "isMinor": True}},
    ]
    return {"citizen": {"familyRelation": relation, "family": {"members": members}}}


def test_a_parent_is_guardian_of_minor_children_only() -> None:
    assert wards_from(PARENT, _answer("HEAD")) == (CHILD,)
    assert wards_from(PARENT, _answer("SPOUSE")) == (CHILD,)


def test_a_child_or_other_member_is_nobody_s_guardian() -> None:
    assert wards_from(PARENT, _answer("CHILD")) == ()
    assert wards_from(PARENT, _answer("OTHER")) == ()
    assert wards_from(PARENT, {"citizen": None}) == ()
    assert wards_from(PARENT, None) == ()
