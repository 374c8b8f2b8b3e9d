"""``spbe mandates``: create, list, revoke once."""

from __future__ import annotations

import datetime as dt

from tests.spbe.conftest import Cli

REFERENCE = "UU 2/2002 tentang Kepolisian, Pasal 14"


async def test_create_list_revoke(cli: Cli) -> None:
    assert (await cli("migrate", "consent")).status == 0
    conn = await cli.connect()
    try:
        await conn.execute("insert into agency (code, name) values ('POLRI', 'Kepolisian Negara')")
        await conn.execute("insert into purpose values ('LAW_ENFORCEMENT', 'Penegakan hukum', 'Enforcement')")
        result = await cli(
            "mandates", "create", "--agency", "POLRI", "--categories", "police,identity",
            "--purpose", "LAW_ENFORCEMENT", "--basis", "LEGAL_OBLIGATION", "--reference", REFERENCE,
            "--from", "2026-01-01", "--until", "2099-12-31",
        )  # fmt: skip
        assert result.status == 0, result.err
        assert result.out.startswith("mandate ")
        assert "POLRI may read police,identity for LAW_ENFORCEMENT" in result.out
        row = await conn.fetchrow("select * from mandate")
        assert str(row["id"]) in result.out
        assert row["categories"] == ["police", "identity"] and row["legal_reference"] == REFERENCE
        assert row["valid_from"] == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        assert row["valid_until"] == dt.datetime(2100, 1, 1, tzinfo=dt.UTC)
        assert row["created_by"].startswith("spbe-cli:")

        listing = (await cli("mandates", "list", "--agency", "POLRI")).out.splitlines()
        assert listing[0].split()[:3] == ["ID", "AGENCY", "CATEGORIES"]
        assert listing[1].startswith(str(row["id"])) and " active " in listing[1] and REFERENCE in listing[1]
        assert (await cli("mandates", "list", "--agency", "KEMENSOS")).out == "no mandates\n"

        revoked = await cli("mandates", "revoke", str(row["id"]), "--reason", "mandate ended")
        assert revoked.status == 0 and revoked.out.startswith(f"revoked mandate {row['id']} (POLRI")
        after = await conn.fetchrow("select revoked_at, revoke_reason, revoked_by from mandate")
        assert after["revoked_at"] is not None and after["revoke_reason"] == "mandate ended"
        again = await cli("mandates", "revoke", str(row["id"]), "--reason", "again")
        assert again.status == 1 and "was revoked already" in again.err
        assert " revoked " in (await cli("mandates", "list")).out
    finally:
        await conn.close()


async def test_refusals_are_one_line(cli: Cli) -> None:
    base = ["mandates", "create", "--agency", "POLRI", "--purpose", "LAW_ENFORCEMENT",
            "--basis", "PUBLIC_TASK", "--reference", "x", "--until", "2099-01-01"]  # fmt: skip
    known = "identity, health, education, police, social, civilservice, payments"
    cases = {
        ("--categories", "police,tax"): f"spbe: error: unknown category 'tax'; known: {known}",
        ("--categories", "police"): "spbe: error: unknown agency 'POLRI'",
    }
    for extra, message in cases.items():
        result = await cli(*base, *extra)
        assert result.status == 1 and result.err.splitlines()[-1] == message
    bad_basis = await cli(*base[:7], "CONSENT", *base[8:], "--categories", "police")
    assert bad_basis.status == 2  # argparse choices
    ends_first = await cli(*base, "--categories", "police", "--from", "2099-06-01")
    assert ends_first.status == 1 and "would end before it starts" in ends_first.err
    assert (await cli("mandates", "revoke", "not-a-uuid", "--reason", "x")).status == 1
    missing = await cli("mandates", "revoke", "00000000-0000-0000-0000-000000000000", "--reason", "x")
    assert missing.status == 1 and "no mandate" in missing.err


async def test_a_regional_mandate(cli: Cli) -> None:
    assert (await cli("migrate", "consent")).status == 0
    conn = await cli.connect()
    try:
        await conn.execute("insert into agency (code, name) values ('KEMENSOS', 'Kementerian Sosial')")
        await conn.execute("insert into purpose values ('SOCIAL_OUTREACH', 'Jemput bola', 'Outreach')")
        base = ["mandates", "create", "--agency", "KEMENSOS", "--categories", "social,identity",
                "--purpose", "SOCIAL_OUTREACH", "--basis", "PUBLIC_TASK", "--reference", "UU 11/2009",
                "--until", "2099-12-31"]  # fmt: skip
        result = await cli(*base, "--region", "31.71.01", "--region", "317102,3172")
        assert result.status == 0, result.err
        assert "for SOCIAL_OUTREACH in regions 317101,317102,3172 " in result.out
        assert await conn.fetchval("select regions from mandate") == ["317101", "317102", "3172"]
        national = await cli(*base)
        assert national.status == 0 and "for SOCIAL_OUTREACH nationally " in national.out
        listing = (await cli("mandates", "list")).out.splitlines()
        assert listing[0].split()[:4] == ["ID", "AGENCY", "CATEGORIES", "REGIONS"]
        assert [line.split()[3] for line in listing[1:]] == ["317101,317102,3172", "national"]
        for bad in ("317", "31.71.0", "3171x", ""):
            refused = await cli(*base, "--region", bad)
            assert refused.status == 1 and refused.err.splitlines()[-1].startswith(
                f"spbe: error: bad region code {bad!r}"
            ), refused.err
        assert await conn.fetchval("select count(*) from mandate") == 2
    finally:
        await conn.close()
