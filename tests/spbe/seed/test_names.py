"""Names with a regional flavour (spbe.seed.names)."""

from __future__ import annotations

import random

from spbe.seed.names import CULTURES, culture_for, family_name, full_name


def test_religion_and_province_choose_the_culture() -> None:
    rng = random.Random(1)
    assert culture_for("51", "HINDU", rng).key == "balinese"
    assert culture_for("12", "PROTESTANT", rng).key == "batak"
    assert culture_for("53", "CATHOLIC", rng).key == "eastern"
    assert culture_for("31", "BUDDHIST", rng).key == "chinese"
    assert {culture_for("32", "ISLAM", rng).key for _ in range(200)} >= {"sundanese", "javanese"}
    assert {culture_for("33", "ISLAM", rng).key for _ in range(50)} == {"javanese"}


def test_balinese_names_carry_sex_and_birth_order() -> None:
    rng = random.Random(2)
    bali = CULTURES["balinese"]
    son = full_name(bali, False, 1990, None, rng, birth_order=0).split()
    daughter = full_name(bali, True, 1992, None, rng, birth_order=1).split()
    assert son[0] == "I" and son[1] in ("Wayan", "Putu", "Gede")
    assert daughter[0] == "Ni" and daughter[1] in ("Made", "Kadek")


def test_surnames_end_the_name_only_where_the_culture_has_them() -> None:
    rng = random.Random(3)
    batak = CULTURES["batak"]
    marga = family_name(batak, rng)
    assert marga in batak.surnames
    assert full_name(batak, False, 1980, marga, rng).endswith(" " + marga)
    assert family_name(CULTURES["javanese"], rng) is None
    assert all(full_name(CULTURES["javanese"], True, 1970, None, rng) for _ in range(20))
