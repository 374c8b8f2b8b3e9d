"""Automatic persisted queries (Apollo's protocol) and trusted documents per client application."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from gateway.__main__ import parse_args
from gateway.persisted import PersistedQueries, load_manifests
from gateway.settings import Settings
from tests.gateway.asgi import URL, KeyAuthenticator, client

QUERY = "{ __typename }"
OTHER = "query Other { __typename }"
GRAPHQL_RESPONSE = "application/graphql-response+json"
APQ = Settings(apq=True)


def sha(query: str) -> str:
    return hashlib.sha256(query.encode()).hexdigest()


def apq(digest: str) -> dict[str, Any]:
    return {"persistedQuery": {"version": 1, "sha256Hash": digest}}


async def test_unknown_hash_then_register_then_hash_only() -> None:
    async with client(APQ) as http:
        for accept in ("application/json", GRAPHQL_RESPONSE):
            unknown = await http.post(URL, json={"extensions": apq(sha(QUERY))}, headers={"accept": accept})
            assert unknown.status_code == 200
            assert unknown.json() == {
                "errors": [
                    {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
                ]
            }
        registered = await http.post(URL, json={"query": QUERY, "extensions": apq(sha(QUERY))})
        assert registered.json() == {"data": {"__typename": "Query"}}
        by_hash = await http.post(URL, json={"extensions": apq(sha(QUERY))})
        assert by_hash.json() == {"data": {"__typename": "Query"}}
        by_get = await http.get(URL, params={"extensions": json.dumps(apq(sha(QUERY)))})
        assert by_get.json() == {"data": {"__typename": "Query"}}


async def test_register_over_get_and_invalid_documents_are_not_registered() -> None:
    broken = "{ nope }"
    async with client(APQ) as http:
        get = await http.get(URL, params={"query": OTHER, "extensions": json.dumps(apq(sha(OTHER)))})
        assert get.json() == {"data": {"__typename": "Query"}}
        assert (await http.get(URL, params={"extensions": json.dumps(apq(sha(OTHER)))})).status_code == 200
        invalid = await http.post(URL, json={"query": broken, "extensions": apq(sha(broken))})
        assert invalid.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        again = await http.post(URL, json={"extensions": apq(sha(broken))})
        assert again.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"


@pytest.mark.parametrize("accept", ["application/json", GRAPHQL_RESPONSE])
async def test_hash_mismatch_is_400(accept: str) -> None:
    async with client(APQ) as http:
        response = await http.post(
            URL, json={"query": QUERY, "extensions": apq(sha(OTHER))}, headers={"accept": accept}
        )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "message": "provided sha does not match query",
                "extensions": {"code": "PERSISTED_QUERY_HASH_MISMATCH"},
            }
        ]
    }


@pytest.mark.parametrize(
    ("extensions", "message"),
    [
        ({"persistedQuery": {"version": 2, "sha256Hash": "0" * 64}}, "Unsupported persisted query version"),
        ({"persistedQuery": {"version": 1, "sha256Hash": "xyz"}}, "sha256Hash must be 64 hex digits"),
        ({"persistedQuery": "abc"}, "must be an object"),
    ],
)
async def test_malformed_persisted_queries_are_400_bad_request(
    extensions: dict[str, Any], message: str
) -> None:
    async with client(APQ) as http:
        response = await http.post(URL, json={"extensions": extensions})
    assert response.status_code == 400
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "BAD_REQUEST"
    assert message in error["message"]


async def test_without_apq_hashes_are_not_supported_but_trusted_documents_are(manifests: Path) -> None:
    async with client(Settings(trusted_documents_dir=str(manifests))) as http:
        for accept in ("application/json", GRAPHQL_RESPONSE):
            unknown = await http.post(URL, json={"extensions": apq("0" * 64)}, headers={"accept": accept})
            assert unknown.status_code == 400
            assert unknown.json() == {
                "errors": [
                    {
                        "message": "PersistedQueryNotSupported",
                        "extensions": {"code": "PERSISTED_QUERY_NOT_SUPPORTED"},
                    }
                ]
            }
        new = "query New { __typename }"
        sent = await http.post(URL, json={"query": new, "extensions": apq(sha(new))})
        assert sent.json() == {"data": {"__typename": "Query"}}
        not_registered = await http.post(URL, json={"extensions": apq(sha(new))})
        assert not_registered.json()["errors"][0]["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
        trusted = await http.post(URL, json={"extensions": apq(sha(OTHER))})
        assert trusted.json() == {"data": {"__typename": "Query"}}


def test_the_cache_is_bounded() -> None:
    persisted = PersistedQueries(cache_size=2)
    for text in ("{ a }", "{ b }", "{ c }"):
        persisted.remember(sha(text), text)
    assert persisted._apq.get(sha("{ a }")) is None
    assert persisted._apq.get(sha("{ c }")) == "{ c }"


@pytest.fixture
def manifests(tmp_path: Path) -> Path:
    (tmp_path / "mobile.json").write_text(json.dumps({sha(QUERY): QUERY}))
    (tmp_path / "portal.json").write_text(json.dumps({sha(OTHER): OTHER}))
    (tmp_path / "README.txt").write_text("not a manifest")
    return tmp_path


async def test_restricted_keys_run_only_their_apps_documents(manifests: Path) -> None:
    settings = Settings(
        apq=True, trusted_documents_dir=str(manifests), trusted_document_keys=(("spbe_mob", "mobile"),)
    )
    authenticator = KeyAuthenticator({"spbe_scoped": frozenset({"app:portal"})})
    async with client(settings, authenticator=authenticator) as http:
        mobile = {"x-api-key": "spbe_mob"}
        by_hash = await http.post(URL, json={"extensions": apq(sha(QUERY))}, headers=mobile)
        by_text = await http.post(URL, json={"query": QUERY}, headers=mobile)
        assert by_hash.json() == by_text.json() == {"data": {"__typename": "Query"}}
        for body in ({"query": OTHER}, {"extensions": apq(sha(OTHER))}, {"query": "{ me { name } }"}):
            refused = await http.post(URL, json=body, headers={"accept": GRAPHQL_RESPONSE, **mobile})
            assert refused.status_code == 403
            assert refused.headers["content-type"].startswith(GRAPHQL_RESPONSE)
            assert refused.json() == {
                "errors": [
                    {
                        "message": "This API key may run only the trusted documents of application 'mobile'.",
                        "extensions": {"code": "PERSISTED_QUERY_NOT_ALLOWED"},
                    }
                ]
            }
        scoped = {"x-api-key": "spbe_scoped"}
        assert (await http.post(URL, json={"query": OTHER}, headers=scoped)).status_code == 200
        assert (await http.post(URL, json={"query": QUERY}, headers=scoped)).json()["errors"][0][
            "extensions"
        ]["code"] == "PERSISTED_QUERY_NOT_ALLOWED"
        # other callers run anything, and may name any manifest's documents by hash
        free = await http.post(
            URL, json={"query": "query Free { __typename }"}, headers={"x-api-key": "spbe_free"}
        )
        assert free.json() == {"data": {"__typename": "Query"}}
        anonymous = await http.post(URL, json={"extensions": apq(sha(OTHER))})
        assert anonymous.json() == {"data": {"__typename": "Query"}}


def test_manifests_are_checked_at_start(tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text(json.dumps({sha(QUERY): OTHER}))
    with pytest.raises(ValueError, match=r"bad\.json"):
        load_manifests(str(tmp_path))
    with pytest.raises(ValueError, match="no manifest for application"):
        PersistedQueries(key_apps={"spbe_x": "nowhere"})


def test_settings_from_the_command_line_and_the_environment(
    monkeypatch: pytest.MonkeyPatch, manifests: Path
) -> None:
    monkeypatch.setenv("SPBE_GATEWAY_TRUSTED_DOCUMENT_KEYS", "spbe_a=mobile, spbe_b=portal")
    settings = parse_args(["--supergraph", "x", "--trusted-documents-dir", str(manifests)])
    assert settings.trusted_document_keys == (("spbe_a", "mobile"), ("spbe_b", "portal"))
    assert settings.trusted_documents_dir == str(manifests)
    assert not settings.apq
    chosen = parse_args(
        ["--supergraph", "x", "--trusted-document-key", "spbe_c=mobile", "--apq", "--apq-cache-size", "9"]
    )
    assert chosen.trusted_document_keys == (("spbe_c", "mobile"),)
    assert (chosen.apq, chosen.apq_cache_size) == (True, 9)
    monkeypatch.setenv("SPBE_GATEWAY_APQ", "1")
    assert parse_args(["--supergraph", "x"]).apq
