"""The fees a citizen pays, in rupiah: public reference data shared by the subgraph and the seed.

Implements docs/payments.md, "Fees". SIM fees are PP 76/2020 (PNBP of Polri), Lampiran: a new SIM
A, A Umum, B I, B I Umum, B II, B II Umum Rp120,000, C, C I, C II Rp100,000, D and D I Rp50,000;
renewals Rp80,000, Rp75,000 and Rp30,000; an SKCK Rp30,000. The passport fee (PP 28/2019,
ordinary 48-page passport Rp350,000) and the classes other than A and C are this project's reading
of those regulations, not checked against an official copy here. BPJS Kesehatan premiums of
self-paying (PBPU) members are Perpres 64/2020 Pasal 34 as amended: class 1 Rp150,000, class 2
Rp100,000 a month, class 3 Rp42,000 of which the member pays Rp35,000 (the state the rest).
"""

from __future__ import annotations

from typing import Final

__all__ = ["BPJS_PREMIUMS", "PASSPORT_FEE", "SIM_FEES", "SKCK_FEE", "sim_fee"]

#: New and renewal fees of each SIM class (PP 76/2020).
SIM_FEES: Final[dict[str, tuple[int, int]]] = {
    "A": (120_000, 80_000),
    "A_UMUM": (120_000, 80_000),
    "BI": (120_000, 80_000),
    "BI_UMUM": (120_000, 80_000),
    "BII": (120_000, 80_000),
    "BII_UMUM": (120_000, 80_000),
    "C": (100_000, 75_000),
    "CI": (100_000, 75_000),
    "CII": (100_000, 75_000),
    "D": (50_000, 30_000),
    "DI": (50_000, 30_000),
}
#: A police clearance certificate (SKCK), PP 76/2020.
SKCK_FEE: Final = 30_000
#: An ordinary passport (48 pages), PP 28/2019.
PASSPORT_FEE: Final = 350_000
#: What a self-paying (PBPU) member pays a month, by care class (Perpres 64/2020 Pasal 34).
BPJS_PREMIUMS: Final[dict[int, int]] = {1: 150_000, 2: 100_000, 3: 35_000}


def sim_fee(licence_class: str, renewal: bool) -> int:
    """The fee of a new (or renewed) SIM of ``licence_class``."""
    new, renewed = SIM_FEES[licence_class]
    return renewed if renewal else new
