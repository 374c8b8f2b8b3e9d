"""Small fixture rows for the identity database: a few real Jakarta regions, families, citizens."""

from __future__ import annotations

import datetime

import asyncpg

from tests.subgraphs.harness import make_nik

__all__ = ["VILLAGE", "insert_population", "insert_regions"]

VILLAGE = "3171011001"

REGIONS = [
    ("31", 1, "DKI JAKARTA", None, None),
    ("3171", 2, "KOTA ADM. JAKARTA SELATAN", "31", None),
    ("317101", 3, "Jagakarsa", "3171", None),
    ("3171011001", 4, "Tanjung Barat", "317101", "12530"),
    ("3171011002", 4, "Lenteng Agung", "317101", "12610"),
]


async def insert_regions(conn: asyncpg.Connection) -> None:
    await conn.executemany(
        "insert into region (code, level, name, parent_code, postal_code) values ($1, $2, $3, $4, $5)",
        REGIONS,
    )


async def insert_population(conn: asyncpg.Connection, families: int) -> list[str]:
    """``families`` households of four (head, spouse, two children); return every NIK, heads first."""
    family_rows, citizen_rows = [], []
    serial = 0
    for f in range(families):
        kk = f"3171010101{f:06d}"
        village = VILLAGE if f % 2 == 0 else "3171011002"
        family_rows.append((kk, f"Jl. Melati {f}", village))
        members = [
            ("HEAD", datetime.date(1980, 1 + f % 12, 1 + f % 28), False, "MARRIED"),
            ("SPOUSE", datetime.date(1982, 1 + f % 12, 1 + f % 28), True, "MARRIED"),
            ("CHILD", datetime.date(2012, 1 + f % 12, 1 + f % 28), True, "SINGLE"),
            ("CHILD", datetime.date(2005, 1 + f % 12, 1 + f % 28), False, "SINGLE"),
        ]
        for relation, birth, female, marital in members:
            serial += 1
            citizen_rows.append(
                (
                    make_nik(birth, female, serial % 10000 or 1),
                    f"Warga {serial}",
                    "FEMALE" if female else "MALE",
                    "Jakarta",
                    birth,
                    "ISLAM",
                    marital,
                    "O" if serial % 3 else None,
                    f"Jl. Melati {f}",
                    village,
                    kk,
                    relation,
                    None,
                )
            )
    await conn.copy_records_to_table("family", records=family_rows, columns=["kk", "address", "village_code"])
    await conn.copy_records_to_table(
        "citizen",
        records=citizen_rows,
        columns=[
            "nik",
            "full_name",
            "sex",
            "birth_place",
            "birth_date",
            "religion",
            "marital_status",
            "blood_type",
            "address",
            "village_code",
            "kk",
            "family_relation",
            "deceased_on",
        ],
    )
    return [row[0] for row in citizen_rows]
