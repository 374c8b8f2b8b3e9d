"""Indonesian personal names with a regional flavour.

Implements the "names" part of docs/seeding.md. A household gets a naming *culture* from its
province and religion (Javanese, Sundanese, Malay, Minang, Batak, Bugis, Balinese, eastern
Indonesian, Chinese Indonesian); the culture decides the given-name pools and whether a family
name (marga, fam, she) is passed from father to children. Young people get more of the
modern names common in every region.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

__all__ = ["CULTURES", "Culture", "culture_for", "family_name", "full_name"]


@dataclass(frozen=True, slots=True)
class Culture:
    """Name pools of one naming tradition."""

    key: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...] = ()  # empty: no inherited family name
    words: tuple[int, ...] = (1, 2, 2, 2, 3)  # how many given names, picked uniformly


def _t(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_MODERN_M = _t(
    "Aditya Rizky Fajar Dimas Bagus Reza Arya Raka Galih Yoga Fikri Naufal Rafi Alif Farhan Daffa "
    "Akbar Ilham Kevin Randy Aldi Bayu Dafa Haikal Zidan Satria Rangga Angga Ferdy Ridho Rehan Arkan "
    "Pratama Saputra Ramadhan Putra Maulana Nugraha Kurniawan Permana Firmansyah Hidayat"
)
_MODERN_F = _t(
    "Putri Ayu Nabila Aulia Salsabila Nadia Amelia Anisa Dinda Intan Citra Dewi Fitri Rahma Tiara "
    "Zahra Azzahra Keisha Alya Nayla Syifa Kirana Aisyah Cahya Indah Maharani Safitri Lestari "
    "Wulandari Anggraini Permatasari Rahmawati Kurniasari Oktaviani Febriani Ramadhani Nurhaliza"
)

_JAVANESE = Culture(
    "javanese",
    _t(
        "Budi Slamet Joko Agus Bambang Eko Dwi Tri Wahyu Suparno Sutrisno Sugeng Sukarno Hadi "
        "Santoso Wibowo Purnomo Setiawan Susilo Hartono Widodo Supriyadi Sugiarto Prasetyo "
        "Nugroho Haryanto Suryadi Darmawan Kuncoro Teguh Heru Gatot Priyo Yudi Wawan Rudi Hendro "
        "Anton Yulianto Mulyono Sutarno Waluyo Prabowo Adi Bayu"
    ),
    _t(
        "Sri Siti Tri Dwi Endang Sumarni Suharti Wahyuni Rahayu Lestari Sulastri Suryani Yuliani "
        "Kartini Ningsih Wulan Puji Retno Ratna Setyowati Handayani Purwanti Murni Sunarti Tutik "
        "Widyastuti Astuti Sukarni Winarti Suwarni Ambarwati Kusumawati Pratiwi Dewi Indah Mulyani"
    ),
    words=(1, 1, 2, 2, 2, 3),
)
_SUNDANESE = Culture(
    "sundanese",
    _t(
        "Asep Ujang Dede Cecep Jajang Ade Agus Dadang Ujang Encep Iwan Yayat Ohim Aep Deden Endang "
        "Sopyan Hendra Rahmat Ridwan Dadan Wawan Ikhsan Yusuf Kurnia Supriatna Sudrajat Hermawan "
        "Gunawan Suganda Setiadi Permana Wijaya Saepuloh Mulyana Sutisna Rukmana"
    ),
    _t(
        "Euis Neneng Iis Entin Imas Tati Yati Cucu Enok Nani Ai Lilis Eneng Ela Rina Yanti Dewi "
        "Wida Sari Siti Nurjanah Nurhayati Kurniasih Rosmiati Sumiati Komalasari Herawati Rohaeti "
        "Cicih Nining Ratnasari Mulyati Kartika Sukmawati"
    ),
    words=(1, 2, 2, 2),
)
_MALAY = Culture(
    "malay",
    _t(
        "Muhammad Ahmad Abdul Rahman Rahmat Fauzi Hasan Husin Ismail Ibrahim Yusuf Zainal Arif "
        "Syahrul Syamsul Rusli Hamdan Hendra Iskandar Zulkifli Azhar Faisal Mahmud Nasrul Amri "
        "Saiful Bahri Taufik Hidayat Rizal Firdaus Khairul Anwar Ridwan Nurdin Jamal Salim Hamzah"
    ),
    _t(
        "Siti Nur Nurul Aminah Fatimah Aisyah Zubaidah Rohani Rosmawati Hasnah Maimunah Khadijah "
        "Halimah Nurhayati Salmah Mariam Zainab Rukiah Jamilah Hafsah Rahmawati Syarifah Yusnidar "
        "Fitriani Hidayah Sakinah Husna Asmah Nuraini Juliana Misnawati Ernawati Erlina"
    ),
    words=(1, 2, 2, 2, 3),
)
_MINANG = Culture(
    "minang",
    _t(
        "Rizal Yusrizal Syafrizal Afrizal Zulfikar Irwan Yuliardi Efendi Hendri Asrul Syahrial "
        "Novrizal Zainuddin Harmen Erman Datuak Amirudin Ferdinal Jasman Indra Andri Yulhendri "
        "Hafiz Fadli Yudhi Ilham Buya Mardianto Syamsuar Nasrul Arman"
    ),
    _t(
        "Yusnimar Rosmaini Nurhayati Yenni Elfi Desi Yulia Fitri Rahmi Yusra Erni Nelly Afrida "
        "Rosdiana Zurnita Gusnita Marlina Hasnidar Nofrianti Suryani Wirda Elvi Rita Yanti Dewi"
    ),
    words=(1, 2, 2),
)
_BATAK = Culture(
    "batak",
    _t(
        "Parulian Togar Hotman Binsar Sahat Marulam Tumpal Halomoan Martua Poltak Tigor Bonar "
        "Jonggi Hasiholan Sabar Ronald Edison Robert Anton Darwin Rudolf Fransiskus Roy Hendrik"
    ),
    _t(
        "Tiurma Rosmauli Hotnida Lamria Riris Tiarma Nurmala Sondang Romauli Dameria Rotua Lasma "
        "Ruth Maria Rosalina Friska Lince Marta Yohana Debora Elisabeth"
    ),
    _t(
        "Siregar Nasution Lubis Harahap Simanjuntak Sitompul Hutapea Sinaga Tampubolon Pardede "
        "Simatupang Situmorang Panjaitan Hutagalung Pasaribu Sihombing Manurung Silalahi Damanik "
        "Purba Saragih Ginting Sembiring Tarigan Napitupulu Marpaung Sitorus Hasibuan Pohan"
    ),
    words=(1, 2),
)
_BUGIS = Culture(
    "bugis",
    _t(
        "Andi Muhammad Baso Arfah Syamsuddin Sudirman Mappa Asri Syahrir Ilham Amiruddin Jufri "
        "Mansyur Hasanuddin Muhtar Arham Rusdi Tenri Sultan Aco Ambo Haris Takdir Arman Jumadi"
    ),
    _t(
        "Andi Tenri Besse Hasnah Nurhaeni Hasmawati Mardiana Sitti Fatmawati Jumriani Rahmatia "
        "Nurlela Hasniati Suarni Marwah Kasmawati Irmawati Sumarni Sukmawati Nurjannah Hijrah"
    ),
    words=(1, 2, 2),
)
_BALINESE = Culture(
    "balinese",
    _t(
        "Sudarta Suardana Mahendra Darmawan Artawan Sudiarta Wirawan Adnyana Suparta Budiarta "
        "Swastika Arsana Sutama Widiana Suastika Yasa Antara Parwata Sumerta Wijaya Astawa Merta"
    ),
    _t(
        "Ayu Sri Lestari Sukerti Suarni Wahyuni Ariani Dewi Sriasih Suwitri Sukarmi Puspawati "
        "Widiastuti Rai Yuliantari Suryani Astiti Sumertini Kartini Mirah Pradnyani Utami"
    ),
    words=(1, 2),
)
_EASTERN = Culture(
    "eastern",
    _t(
        "Yohanes Petrus Paulus Markus Yosef Agustinus Fransiskus Stefanus Yakobus Lukas Simon "
        "Matias Benediktus Kornelis Adrianus Hendrikus Yulius Melkianus Frans Daniel Elias Samuel "
        "Yeremias Obed Jefri Ferdinand Nikolaus Arnold Marthen Yunus"
    ),
    _t(
        "Maria Magdalena Yohana Elisabeth Veronika Agustina Margaretha Theresia Kristina Martha "
        "Debora Ester Ruth Yuliana Marselina Fransiska Anastasia Susana Priskila Novita Selfina "
        "Florentina Bernadeta Yosefina Paulina Ribka Mariana"
    ),
    _t(
        "Manafe Lalamentik Rondonuwu Tumbelaka Mandagi Sumampouw Wenda Kogoya Rumbiak Wanggai "
        "Yikwa Tabuni Pattimura Sahertian Latuconsina Leimena Nahumury Tanamal Fanggidae Ndoen "
        "Bessie Lado Seran Tefa Nubatonis Koten Wutun Dethan Mamoto Korwa"
    ),
    words=(1, 2, 2),
)
_CHINESE = Culture(
    "chinese",
    _t(
        "Hendra Budi Kevin Andi William Johan Steven Ricky Hendrik Fendi Rudy Sugianto Tony "
        "Jimmy Felix Wilson Edwin Samuel Daniel Vincent Alvin Jason Gunawan Hartono"
    ),
    _t(
        "Lina Susanti Meiliana Yenny Lilis Fenny Linda Veronica Melinda Stephanie Jessica Cindy "
        "Vivian Grace Angela Natalia Citra Ratna Lianawati Wulandari"
    ),
    _t(
        "Wijaya Gunawan Halim Santoso Salim Kusuma Setiawan Tanoto Tanjaya Lim Tan Liem Hartanto "
        "Sutanto Wibisono Chandra Lukito Kurniawan Tjahjadi Susanto"
    ),
    words=(1, 1, 2),
)

CULTURES: dict[str, Culture] = {
    c.key: c for c in (_JAVANESE, _SUNDANESE, _MALAY, _MINANG, _BATAK, _BUGIS, _BALINESE, _EASTERN, _CHINESE)
}

#: Naming cultures of Muslim households by province code, as (culture, cumulative weight) lists.
_PROVINCE_MIX: dict[str, tuple[tuple[str, float], ...]] = {
    "12": (("batak", 0.5), ("malay", 0.8), ("javanese", 1.0)),
    "13": (("minang", 0.9), ("malay", 1.0)),
    "18": (("javanese", 0.6), ("malay", 1.0)),
    "31": (("javanese", 0.35), ("sundanese", 0.55), ("malay", 0.9), ("minang", 0.95), ("batak", 1.0)),
    "32": (("sundanese", 0.8), ("javanese", 0.92), ("malay", 1.0)),
    "33": (("javanese", 1.0),),
    "34": (("javanese", 1.0),),
    "35": (("javanese", 0.95), ("malay", 1.0)),
    "36": (("sundanese", 0.7), ("javanese", 0.85), ("malay", 1.0)),
    "73": (("bugis", 0.85), ("malay", 1.0)),
    "76": (("bugis", 0.8), ("malay", 1.0)),
}
_DEFAULT_MIX: tuple[tuple[str, float], ...] = (("malay", 0.75), ("javanese", 1.0))
_EASTERN_PROVINCES = ("53", "71", "81", "82", "91", "92", "93", "94", "95", "96")


def culture_for(province_code: str, religion: str, rng: random.Random) -> Culture:
    """The naming culture of a household in ``province_code`` of ``religion``."""
    if religion == "HINDU":
        return _BALINESE
    if religion in ("BUDDHIST", "CONFUCIAN"):
        return _CHINESE
    if religion in ("PROTESTANT", "CATHOLIC"):
        if province_code == "12":
            return _BATAK
        if province_code in _EASTERN_PROVINCES or rng.random() < 0.5:
            return _EASTERN
        return _CHINESE if rng.random() < 0.3 else _BATAK
    x = rng.random()
    for key, cumulative in _PROVINCE_MIX.get(province_code, _DEFAULT_MIX):
        if x < cumulative:
            return CULTURES[key]
    return _JAVANESE


def family_name(culture: Culture, rng: random.Random) -> str | None:
    """A family name to pass to the children, for cultures that have one."""
    return rng.choice(culture.surnames) if culture.surnames else None


_BALI_ORDER_M = (("Wayan", "Putu", "Gede"), ("Made", "Kadek"), ("Nyoman", "Komang"), ("Ketut",))
_BALI_ORDER_F = (("Wayan", "Putu", "Luh"), ("Made", "Kadek"), ("Nyoman", "Komang"), ("Ketut",))


def full_name(
    culture: Culture,
    female: bool,
    birth_year: int,
    surname: str | None,
    rng: random.Random,
    birth_order: int = 0,
) -> str:
    """A full name: given names from the culture (more modern ones for the young) and the surname."""
    pool = culture.female if female else culture.male
    modern = _MODERN_F if female else _MODERN_M
    modern_share = 0.0 if birth_year < 1980 else 0.25 if birth_year < 1995 else 0.55
    words = rng.choice(culture.words)
    given: list[str] = []
    for _ in range(words):
        name = rng.choice(modern if rng.random() < modern_share else pool)
        if name not in given:
            given.append(name)
    if culture.key == "balinese":
        order = (_BALI_ORDER_F if female else _BALI_ORDER_M)[birth_order % 4]
        given = ["Ni" if female else "I", rng.choice(order), *given[:2]]
    if surname:
        given.append(surname)
    return " ".join(given)
