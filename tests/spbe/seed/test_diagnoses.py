"""The ICD-10 subset (spbe.seed.diagnoses)."""

from __future__ import annotations

import re

from spbe.seed.diagnoses import DIAGNOSES, ENCOUNTER_WEIGHTS


def test_a_few_hundred_unique_well_formed_codes_with_weights() -> None:
    codes = [code for code, _ in DIAGNOSES]
    assert 250 <= len(codes) == len(set(codes)) == len(ENCOUNTER_WEIGHTS)
    assert all(re.fullmatch(r"[A-Z][0-9]{2}(\.[0-9])?", code) for code in codes)
    assert all(name and weight > 0 for (_, name), weight in zip(DIAGNOSES, ENCOUNTER_WEIGHTS, strict=True))


def test_the_common_codes_are_there_and_most_frequent() -> None:
    table = dict(DIAGNOSES)
    assert table["J06.9"] == "Acute upper respiratory infection, unspecified"
    assert table["I10"] == "Essential (primary) hypertension"
    assert table["E11.9"] == "Type 2 diabetes mellitus without complications"
    assert "A09" in table and "A91" in table
    weights = dict(zip((c for c, _ in DIAGNOSES), ENCOUNTER_WEIGHTS, strict=True))
    assert max(weights, key=weights.__getitem__) == "J06.9"
