"""Citizens' domiciles from the identity subgraph's answer."""

from __future__ import annotations

from gateway.access.domicile import domiciles_from

A, B, C = "3171010101800001", "3171010101150002", "3171010101000003"


def test_the_village_of_each_citizen_identity_knows() -> None:
    answer = {
        "citizens": [
            {"nik": A, "village": {"code": "3171011001"}},
            None,  # unknown to identity
            {"nik": B, "village": None},
            {"nik": C, "village": {"code": 3171011001}},  # not a code
        ]
    }
    assert domiciles_from(answer) == {A: "3171011001"}


def test_a_malformed_answer_knows_nobody() -> None:
    for data in (None, {}, {"citizens": None}, {"citizens": "x"}, [1]):
        assert domiciles_from(data) == {}
