"""Keyed pseudonyms (subgraphs/common/linkage.py; docs/statistics.md, "Linkage across services")."""

from __future__ import annotations

import base64
import hashlib
import hmac
from types import SimpleNamespace
from typing import Any, cast

import pytest
from graphql import GraphQLError

from subgraphs.common.linkage import Linkage, linkage_of

NIK = "3273015007150001"


def test_a_pseudonym_is_the_truncated_hmac_sha256_of_the_nik() -> None:
    secret = bytes(range(32))
    expected = base64.urlsafe_b64encode(hmac.new(secret, NIK.encode(), hashlib.sha256).digest()[:16])
    assert Linkage(secret=secret).pseudonym(NIK) == expected.rstrip(b"=").decode()
    assert len(Linkage(secret=secret).pseudonym(NIK)) == 22


def test_the_same_citizen_links_under_one_secret_and_not_across_secrets() -> None:
    one, same, other = Linkage(secret=b"a" * 32), Linkage(secret=b"a" * 32), Linkage(secret=b"b" * 32)
    assert one.pseudonym(NIK) == same.pseudonym(NIK) != other.pseudonym(NIK)
    niks = [f"32730150071500{n:02d}" for n in range(50)]
    assert one.pseudonyms(niks) == {one.pseudonym(nik) for nik in niks}
    assert len(one.pseudonyms(niks)) == 50


def test_a_short_or_malformed_secret_is_refused_and_never_printed() -> None:
    with pytest.raises(ValueError, match="at least 32 bytes"):
        Linkage(secret=b"short")
    with pytest.raises(ValueError, match="hex"):
        Linkage.from_hex("not hex at all")
    assert "ab" not in repr(Linkage.from_hex("ab" * 32)).lower().replace("linkage", "")
    assert Linkage.from_env({}) is None
    assert Linkage.from_env({"SPBE_LINKAGE_SECRET": "cd" * 32}) == Linkage(secret=bytes.fromhex("cd" * 32))


def test_without_a_linkage_the_statistics_answer_linkage_unavailable() -> None:
    info = cast(Any, SimpleNamespace(context=SimpleNamespace(linkage=None)))
    with pytest.raises(GraphQLError) as raised:
        linkage_of(info)
    assert raised.value.extensions == {"code": "LINKAGE_UNAVAILABLE"}
    linkage = Linkage(secret=b"c" * 32)
    assert linkage_of(cast(Any, SimpleNamespace(context=SimpleNamespace(linkage=linkage)))) is linkage
