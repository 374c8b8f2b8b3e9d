"""The explorer served by the gateway in process (gateway/explorer): the page and its CSP,
content negotiation on /graphql, the assets' allow-list and caching, and the page without the
npm assets."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from gateway.explorer import ASSETS, Explorer, prefers_html
from gateway.settings import Settings
from tests.gateway.asgi import client

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
NPM_ASSETS = [name for name, (source, _) in ASSETS.items() if source is not None]


def fake_assets(root: Path) -> Path:
    """A node_modules holding every allowed file (tiny stand-ins) and one that is not allowed."""
    for name, (source, _) in ASSETS.items():
        if source is not None:
            (root / source).parent.mkdir(parents=True, exist_ok=True)
            (root / source).write_text(f"/* {name} */\n")
    (root / "graphiql" / "package.json").write_text('{"secret": true}')
    return root


@pytest.fixture
async def http(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[httpx.AsyncClient]:
    monkeypatch.setattr("gateway.explorer.DEFAULT_ASSETS_DIR", fake_assets(tmp_path))
    async with client(Settings()) as running:
        yield running


async def test_the_page_loads_its_assets_from_the_gateway_under_a_strict_csp(http: httpx.AsyncClient) -> None:
    page = await http.get("http://gateway.test/explorer", headers={"accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert page.headers["content-security-policy"] == (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        "connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'"
    )
    assert page.headers["x-content-type-options"] == "nosniff"
    sources = re.findall(r'<script src="([^"]+)"', page.text)
    assert [s.split("?")[0].rsplit("/", 1)[1] for s in sources] == [
        "react.production.min.js", "react-dom.production.min.js", "graphiql.min.js", "explorer.js"
    ]
    assert all(s.startswith("/explorer/assets/") and "?v=" in s for s in sources)
    assert re.search(r'<link rel="stylesheet" href="/explorer/assets/graphiql\.min\.css\?v=\w+">', page.text)
    assert "<script>" not in page.text and "http" not in page.text.replace("<!doctype html>", "")
    own = await http.get("http://gateway.test" + sources[-1])
    assert own.status_code == 200
    assert own.headers["content-type"] == "text/javascript; charset=utf-8"
    for wanted in ('fetch("/graphql"', '"X-API-Key": "<your key>"', '"X-Purpose": "BANSOS_ELIGIBILITY"',
                   "query Overview($nik: String!)", "regions", "myConsents", "myAccessLog"):
        assert wanted in own.text


@pytest.mark.parametrize("path", ["/graphql", "/graphql/", "/"])
async def test_browsers_get_the_page_at_the_graphql_endpoint(http: httpx.AsyncClient, path: str) -> None:
    page = await http.get("http://gateway.test" + path, headers={"accept": BROWSER})
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert page.headers["vary"] == "Accept"
    assert "content-security-policy" in page.headers


@pytest.mark.parametrize("accept", ["application/json", "application/graphql-response+json", "*/*",
                                    "application/json, text/html;q=0.5"])
async def test_graphql_clients_still_get_graphql(http: httpx.AsyncClient, accept: str) -> None:
    answer = await http.get("http://gateway.test/graphql", headers={"accept": accept},
                            params={"query": "{ __typename }"})
    assert answer.status_code == 200
    assert answer.json() == {"data": {"__typename": "Query"}}
    bare = await http.get("http://gateway.test/graphql", headers={"accept": accept})
    assert bare.status_code == 400  # no query: a GraphQL request error, as before
    posted = await http.post("http://gateway.test/graphql", json={"query": "{ __typename }"},
                             headers={"accept": BROWSER})
    assert posted.json() == {"data": {"__typename": "Query"}}


async def test_a_browser_get_with_a_query_runs_it(http: httpx.AsyncClient) -> None:
    answer = await http.get("http://gateway.test/graphql", headers={"accept": BROWSER},
                            params={"query": "{ __typename }"})
    assert answer.json() == {"data": {"__typename": "Query"}}


def test_prefers_html() -> None:
    assert prefers_html(BROWSER.encode())
    assert prefers_html(b"text/html")
    assert not prefers_html(None)
    assert not prefers_html(b"*/*")
    assert not prefers_html(b"text/html;q=0.5, application/json")
    assert not prefers_html(b"text/html;q=0")


@pytest.mark.parametrize("name", [*NPM_ASSETS, "explorer.js"])
async def test_assets_are_cached_for_a_year_and_revalidated_by_etag(
    http: httpx.AsyncClient, name: str
) -> None:
    url = f"http://gateway.test/explorer/assets/{name}"
    asset = await http.get(url)
    assert asset.status_code == 200
    assert asset.headers["cache-control"] == "public, max-age=31536000, immutable"
    media = "text/css" if name.endswith(".css") else "text/javascript"
    assert asset.headers["content-type"].startswith(media)
    etag = asset.headers["etag"]
    page = await http.get("http://gateway.test/explorer")
    assert f"/explorer/assets/{name}?v={etag.strip(chr(34))}" in page.text  # the version in the URL
    again = await http.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""


@pytest.mark.parametrize(
    "path",
    [
        "/explorer/assets/",
        "/explorer/assets/package.json",
        "/explorer/assets/graphiql/package.json",
        "/explorer/assets/../graphiql/package.json",
        "/explorer/assets/..%2Fgraphiql%2Fpackage.json",
        "/explorer/assets/graphiql.min.js.map",
        "/explorer/assets/react/umd/react.production.min.js",
        "/explorer/assets//etc/passwd",
        "/explorer/assets/%2e%2e/%2e%2e/gateway/settings.py",
    ],
)
async def test_only_allowed_names_are_served(http: httpx.AsyncClient, path: str) -> None:
    # sent as is: httpx would otherwise resolve the dots before the gateway sees them
    request = http.build_request("GET", "http://gateway.test/")
    request.url = request.url.copy_with(raw_path=path.encode())
    answer = await http.send(request)
    assert answer.status_code == 404
    assert "secret" not in answer.text and "cache-control" not in answer.headers


async def test_without_the_npm_assets_the_page_says_how_to_install_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("gateway.explorer.DEFAULT_ASSETS_DIR", tmp_path / "node_modules")
    async with client(Settings()) as http:
        page = await http.get("http://gateway.test/explorer")
        assert page.status_code == 200
        assert "npm ci --prefix tools/explorer" in page.text
        assert "<script" not in page.text
        assert "content-security-policy" in page.headers
        assert (await http.get("http://gateway.test/explorer/assets/graphiql.min.js")).status_code == 404
        answer = await http.post("http://gateway.test/graphql", json={"query": "{ __typename }"})
        assert answer.json() == {"data": {"__typename": "Query"}}


async def test_switched_off_it_is_not_served() -> None:
    async with client(Settings(explorer=False)) as http:
        assert (await http.get("http://gateway.test/explorer")).status_code == 404
        assert (await http.get("http://gateway.test/explorer/assets/explorer.js")).status_code == 404
        refused = await http.get("http://gateway.test/graphql", headers={"accept": BROWSER})
        assert refused.status_code == 400  # a GraphQL request without a query, as before
        assert refused.headers["content-type"].startswith("application/json")


def test_the_setting_and_the_flag() -> None:
    from gateway.__main__ import parse_args

    assert Settings().explorer is True
    assert Settings.from_env({"SPBE_GATEWAY_EXPLORER": "0"}).explorer is False
    assert parse_args(["--supergraph", "x.graphql", "--no-explorer"]).explorer is False
    assert parse_args(["--supergraph", "x.graphql"]).explorer is True


async def test_other_methods_are_refused(http: httpx.AsyncClient) -> None:
    answer = await http.post("http://gateway.test/explorer", content=b"x")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET"


def test_the_default_assets_dir_is_tools_explorer() -> None:
    assert Explorer().assets_dir.parts[-3:] == ("tools", "explorer", "node_modules")


def test_dev_up_installs_the_assets_once_when_npm_is_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import dev

    tool = tmp_path / "tools" / "explorer"
    tool.mkdir(parents=True)
    (tool / "package-lock.json").write_text("{}")
    ran: list[list[str]] = []

    def run(command: list[str], **_: object) -> _Done:
        ran.append(command)
        return _Done()

    monkeypatch.setattr(dev.subprocess, "run", run)
    monkeypatch.setattr(dev.shutil, "which", lambda _: None)
    dev.ensure_explorer_assets(tmp_path)
    assert ran == []  # no npm: the page says how to install them
    monkeypatch.setattr(dev.shutil, "which", lambda _: "/usr/bin/npm")
    dev.ensure_explorer_assets(tmp_path)
    assert ran == [
        ["/usr/bin/npm", "ci", "--prefix", str(tool), "--no-audit", "--no-fund", "--loglevel=error"]
    ]
    (tool / "node_modules").mkdir()
    dev.ensure_explorer_assets(tmp_path)
    assert len(ran) == 1


class _Done:
    returncode = 0
