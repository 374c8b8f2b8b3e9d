"""Facilities and schools placed in every region (spbe.seed.reference)."""

from __future__ import annotations

import collections

from spbe.seed.reference import build_reference
from spbe.seed.regions import load_atlas


def test_every_district_has_a_puskesmas_and_every_school_level() -> None:
    atlas = load_atlas()
    ref = build_reference(atlas, seed=1)
    for d in atlas.districts:
        assert ref.puskesmas[d.code]
        for level in ("SD", "SMP", "SMA", "SMK"):
            assert ref.schools_by_district[(d.code, level)]
    for rcode in {d.regency_code for d in atlas.districts}:
        assert ref.clinics[rcode] and ref.hospitals[rcode]
    assert {p for p, _ in atlas.provinces} <= set(ref.universities)


def test_codes_are_unique_and_well_formed() -> None:
    ref = build_reference(load_atlas(), seed=1)
    npsns = [s[0] for s in ref.schools]
    assert len(npsns) == len(set(npsns))
    assert all(len(n) == 8 and n.isdigit() for n in npsns)
    codes = [f[0] for f in ref.facilities]
    assert len(codes) == len(set(codes))
    kinds = collections.Counter(f[2] for f in ref.facilities)
    assert kinds["PUSKESMAS"] > kinds["CLINIC"] > kinds["HOSPITAL"] > 500
    for code, _, kind, region in ref.facilities:
        assert len(region) == (6 if kind == "PUSKESMAS" else 4) and code[1:].startswith(region)


def test_reference_depends_on_the_seed_only() -> None:
    atlas = load_atlas()
    assert build_reference(atlas, 2).schools == build_reference(atlas, 2).schools
    assert build_reference(atlas, 2).schools != build_reference(atlas, 3).schools
