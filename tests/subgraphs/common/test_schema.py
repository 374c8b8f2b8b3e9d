"""The shared federation schema: document caches that never keep inline identifiers."""

from __future__ import annotations

import random
import string
from typing import Any

from subgraphs.common.schema import FEDERATION_VERSION, DocumentParserCache, DocumentValidationCache
from subgraphs.police.schema import schema


def _cached_documents() -> tuple[int, int]:
    parse: Any = DocumentParserCache(maxsize=512).cached_parse_document
    validate: Any = DocumentValidationCache(maxsize=512).cached_validate_document
    return parse.cache_info().currsize, validate.cache_info().currsize


async def test_documents_are_cached_unless_they_spell_out_an_identifier() -> None:
    alias = "".join(random.choice(string.ascii_lowercase) for _ in range(12))  # a document new to the cache
    plain = f"{{ {alias}: drivingLicenceClasses {{ licenceClass }} }}"
    personal = f'{{ {alias}: drivingLicenceClasses {{ description }} }} # "3171011708450001"'
    before = _cached_documents()
    for _ in range(2):
        assert (await schema.execute(plain)).errors is None
    after_plain = _cached_documents()
    for _ in range(2):
        assert (await schema.execute(personal)).errors is None
    after_personal = _cached_documents()
    assert after_plain == (before[0] + 1, before[1] + 1)
    assert after_personal == after_plain


def test_schemas_link_federation_2_7() -> None:
    assert FEDERATION_VERSION == "2.7"
    assert 'url: "https://specs.apollo.dev/federation/v2.7"' in schema.as_str()
