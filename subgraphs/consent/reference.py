"""Demo reference data of the consent registry: the purposes a citizen can consent to, and the
agencies that ask.

Implements docs/consent.md, "Purposes and agencies": UU 27/2022 Pasal 22 ayat 4 asks that a
request for consent state its purpose in clear, plain language, so every purpose carries the text
a citizen is shown, in Indonesian (``text_id``) and English (``text_en``). Consents copy these
texts when given, so rewording a purpose later never changes what a citizen agreed to.
:func:`load_reference` adds the rows idempotently (existing rows are left as they are).
"""

from __future__ import annotations

from typing import NamedTuple

import asyncpg

__all__ = ["AGENCIES", "PURPOSES", "Agency", "Purpose", "load_reference"]


class Purpose(NamedTuple):
    """A purpose code with its plain-language texts."""

    code: str
    text_id: str
    text_en: str


class Agency(NamedTuple):
    """An agency code and its official name."""

    code: str
    name: str


PURPOSES: tuple[Purpose, ...] = (
    Purpose(
        "HEALTH_SERVICE",
        "Memberikan pelayanan kesehatan kepada Anda, misalnya saat Anda berobat ke puskesmas atau "
        "rumah sakit.",
        "To give you health care, for example when you visit a community health centre or hospital.",
    ),
    Purpose(
        "PUBLIC_HEALTH_SURVEILLANCE",
        "Memantau dan mencegah penyebaran penyakit di masyarakat, misalnya saat wabah.",
        "To watch for and prevent the spread of disease in the community, for example during an outbreak.",
    ),
    Purpose(
        "SCHOOL_ENROLLMENT",
        "Mendaftarkan Anda atau anak Anda ke sekolah.",
        "To enrol you or your child in a school.",
    ),
    Purpose(
        "SCHOLARSHIP_PIP",
        "Memeriksa apakah Anda atau anak Anda berhak menerima bantuan Program Indonesia Pintar (PIP).",
        "To check whether you or your child can receive the Indonesia Pintar (PIP) education grant.",
    ),
    Purpose(
        "BANSOS_ELIGIBILITY",
        "Memeriksa apakah keluarga Anda berhak menerima bantuan sosial (bansos).",
        "To check whether your family can receive social assistance (bansos).",
    ),
    Purpose(
        "SOCIAL_OUTREACH",
        "Menjemput bola: menemukan keluarga miskin di wilayah Anda yang berhak atas layanan (sekolah, "
        "imunisasi, BPJS, PIP) tetapi belum menerimanya, agar petugas datang membantu.",
        "To find poor families in your area who are entitled to a service (school, immunization, "
        "health insurance, PIP) but do not receive it yet, so that an officer can come and help.",
    ),
    Purpose(
        "EMPLOYMENT_SCREENING",
        "Memeriksa data Anda saat Anda melamar pekerjaan yang memerlukan pemeriksaan latar belakang.",
        "To check your records when you apply for a job that needs a background check.",
    ),
    Purpose(
        "LAW_ENFORCEMENT",
        "Penyelidikan atau penyidikan tindak pidana oleh aparat penegak hukum.",
        "To investigate a crime, by the police or another law-enforcement body.",
    ),
    Purpose(
        "TRAFFIC_ENFORCEMENT",
        "Menegakkan aturan lalu lintas, misalnya tilang elektronik (ETLE).",
        "To enforce traffic rules, for example electronic traffic tickets (ETLE).",
    ),
    Purpose(
        "STATISTICS",
        "Menyusun statistik resmi; data Anda tidak ditampilkan secara perorangan.",
        "To produce official statistics; your data is never shown on its own.",
    ),
)

AGENCIES: tuple[Agency, ...] = (
    Agency("KEMENKES", "Kementerian Kesehatan"),
    Agency("BPJS_KESEHATAN", "Badan Penyelenggara Jaminan Sosial Kesehatan"),
    Agency("KEMENDIKBUD", "Kementerian Pendidikan, Kebudayaan, Riset, dan Teknologi"),
    Agency("POLRI", "Kepolisian Negara Republik Indonesia"),
    Agency("KEMENSOS", "Kementerian Sosial"),
    Agency("DUKCAPIL", "Direktorat Jenderal Kependudukan dan Pencatatan Sipil"),
    Agency("BPS", "Badan Pusat Statistik"),
)


async def load_reference(conn: asyncpg.Connection) -> None:
    """Insert :data:`AGENCIES` and :data:`PURPOSES`; rows that already exist are kept unchanged."""
    async with conn.transaction():
        await conn.executemany(
            "insert into agency (code, name) values ($1, $2) on conflict (code) do nothing", AGENCIES
        )
        await conn.executemany(
            "insert into purpose (code, text_id, text_en) values ($1, $2, $3) on conflict (code) do nothing",
            PURPOSES,
        )
