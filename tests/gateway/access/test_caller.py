"""The caller's mandates: what a mandate covers, and the merged form the signed caller carries."""

from __future__ import annotations

from gateway.access.caller import MandateScope


def test_a_regional_mandate_covers_its_regions_and_what_lies_inside_them() -> None:
    regency = MandateScope(categories=frozenset({"social"}), regions=("3273",))
    assert regency.covers("social", "3273") and regency.covers("social", "3273010001")
    assert not regency.covers("social", "32") and not regency.covers("social", "3204")
    assert not regency.covers("health", "3273")
    assert MandateScope(categories=frozenset({"social"})).covers("social", "9471")


def test_many_mandates_merge_to_one_scope_per_category_at_most() -> None:
    def scope(categories: str, *regions: str) -> MandateScope:
        return MandateScope(categories=frozenset(categories.split(",")), regions=regions)

    held = [
        scope("social,identity", "3273"),
        scope("social", "327301", "3204"),  # 327301 lies in 3273
        scope("health", "3204"),
        scope("identity"),  # national
        *(scope("education", f"32{n:02d}") for n in range(1, 80)),
    ]
    merged = MandateScope.merge(held)
    assert set(merged) == {
        scope("identity"),
        scope("health", "3204"),
        scope("social", "3204", "3273"),
        scope("education", *(f"32{n:02d}" for n in range(1, 80))),
    }
    for category in ("identity", "social", "health", "education"):
        for region in ("3273", "32730101", "3204", "3201", "3171"):
            assert any(m.covers(category, region) for m in merged) == any(
                m.covers(category, region) for m in held
            ), (category, region)
    assert MandateScope.merge([]) == ()
