"""The citizen page served by the gateway in process (gateway/explorer/me.py): the page, its CSP
and accessibility basics, its assets' allow-list and caching, and its script's API use."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from gateway.explorer.me import ME_ASSETS
from gateway.explorer.page import CSP
from gateway.settings import Settings
from tests.gateway.asgi import client

BASE = "http://gateway.test"


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with client(Settings()) as running:
        yield running


async def test_the_page_has_the_explorers_csp_and_loads_only_served_files(http: httpx.AsyncClient) -> None:
    for path in ("/me", "/me/"):
        page = await http.get(BASE + path)
        assert page.status_code == 200
        assert page.headers["content-type"] == "text/html; charset=utf-8"
        assert page.headers["content-security-policy"] == CSP
        assert "default-src 'self'" in CSP and "connect-src 'self'" in CSP and "frame-ancestors 'none'" in CSP
        assert page.headers["x-content-type-options"] == "nosniff"
        assert page.headers["referrer-policy"] == "no-referrer"
        assert page.headers["cache-control"] == "no-cache"
    text = page.text
    assert '<html lang="id">' in text
    assert re.findall(r'<script src="([^"]+)"', text) == [f"/me/assets/me.js?v={_version(text, 'me.js')}"]
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) == [
        f"/me/assets/me.css?v={_version(text, 'me.css')}"
    ]
    assert "<script>" not in text and " style=" not in text and "<style" not in text
    assert "http" not in text.replace("<!doctype html>", "")
    assert 'name="viewport"' in text
    # every form control has a label
    for control in re.findall(r'<(?:input|textarea|select) id="([^"]+)"', text):
        assert f'<label for="{control}">' in text, control
    assert '<h1>' in text and text.count("<h2 ") == 4


def _version(text: str, name: str) -> str:
    found = re.search(rf"/me/assets/{re.escape(name)}\?v=(\w+)", text)
    assert found is not None
    return found.group(1)


async def test_assets_come_from_an_allow_list_with_immutable_caching(http: httpx.AsyncClient) -> None:
    page = (await http.get(BASE + "/me")).text
    for name, media in (("me.js", "text/javascript"), ("me.css", "text/css")):
        url = f"/me/assets/{name}?v={_version(page, name)}"
        asset = await http.get(BASE + url)
        assert asset.status_code == 200
        assert asset.headers["content-type"] == f"{media}; charset=utf-8"
        assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert asset.headers["x-content-type-options"] == "nosniff"
        assert asset.text == ME_ASSETS[name][0]
        etag = asset.headers["etag"]
        again = await http.get(BASE + url, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b""
        head = await http.head(BASE + url)
        assert head.status_code == 200 and head.content == b""
    for name in ("explorer.js", "graphiql.min.js", "me.py", "me_assets.py", "../me.py", "%2e%2e/page.py",
                 "", "me.js/", "ME.JS"):
        missing = await http.get(f"{BASE}/me/assets/{name}")
        assert missing.status_code == 404, name  # the page's 404, or the gateway's for other paths
        assert "use strict" not in missing.text and "import" not in missing.text
    refused = await http.post(BASE + "/me", content=b"{}")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET"


async def test_the_script_uses_the_gateways_own_api_and_keeps_the_token_in_the_session(
    http: httpx.AsyncClient,
) -> None:
    page = (await http.get(BASE + "/me")).text
    script = (await http.get(BASE + f"/me/assets/me.js?v={_version(page, 'me.js')}")).text
    assert 'fetch("/graphql"' in script and script.count("fetch(") == 1
    assert 'credentials: "omit"' in script
    assert "http" not in script.replace('"/graphql"', "")
    assert "sessionStorage" in script and "localStorage" not in script and "document.cookie" not in script
    assert "innerHTML" not in script and "eval(" not in script
    for wanted in ("citizen(nik: $nik)", "fullName birthDate village { name }", "bpjs { active careClass }",
                   "immunizations { vaccine givenOn }", "enrollments { level school { name } status }",
                   "drivingLicences { licenceClass status expiresOn }", "myConsents", "myAccessLog",
                   "pauseConsent(id: $id)", "resumeConsent(id: $id)",
                   "revokeConsent(id: $id, reason: $reason)", "grantConsent(input: $input)",
                   "purposes { code textId textEn }", "window.confirm"):
        assert wanted in script, wanted


async def test_no_page_without_the_explorer() -> None:
    async with client(Settings(explorer=False)) as http:
        assert (await http.get(BASE + "/me")).status_code == 404
        assert (await http.get(BASE + "/me/assets/me.js")).status_code == 404
