"""The explorer in a real browser: Debian's Chromium driven by Playwright opens GraphiQL on a
gateway served over the shop fixture subgraphs, runs a query, reads the documentation, and
never talks to another host. Skips (with the reason) without /usr/bin/chromium, the playwright
package or the npm assets (``npm ci --prefix tools/explorer``). Takes a screenshot; with
``SPBE_UPDATE_SCREENSHOT=1`` it replaces docs/explorer.png."""

from __future__ import annotations

import importlib.util
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from gateway.explorer import Explorer
from tests.gateway.test_http import gateway

if TYPE_CHECKING:
    from playwright.async_api import Request

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "explorer.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is missing (pip install -e '.[dev]')"
    if not Explorer().installed():
        return "the explorer's npm assets are missing (npm ci --prefix tools/explorer)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


async def test_graphiql_runs_a_query_and_shows_the_docs_offline(tmp_path: Path) -> None:
    from playwright.async_api import async_playwright

    screenshot = SCREENSHOT if os.environ.get("SPBE_UPDATE_SCREENSHOT") == "1" else tmp_path / "explorer.png"
    async with gateway() as served, async_playwright() as playwright:
        origin = urlsplit(served.url)
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 800})
            requests: list[Request] = []
            page.on("request", lambda request: requests.append(request))
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.set_default_timeout(10_000)

            await page.goto(f"{origin.scheme}://{origin.netloc}/explorer")
            await page.locator(".graphiql-tab").nth(2).wait_for()  # the example operations
            await page.get_by_label("Add tab").click()
            editor = page.locator(".graphiql-query-editor .CodeMirror").first
            await editor.click()
            await page.keyboard.press("Control+A")
            await page.keyboard.press("Delete")
            await page.keyboard.type('{ product(upc: "p1") { name reviews { body } } }')
            await page.locator(".graphiql-execute-button").click()
            response = page.locator(".graphiql-response .CodeMirror")
            await response.filter(has_text="Batik").wait_for()
            assert "Mantap" in await response.inner_text()

            await page.get_by_label("Show Documentation Explorer").click()
            docs = page.locator(".graphiql-doc-explorer")
            await docs.locator("a.graphiql-doc-explorer-type-name", has_text="Query").first.click()
            exactly = re.compile(r"^product$")
            await docs.locator("a.graphiql-doc-explorer-field-name", has_text=exactly).first.click()
            title = docs.locator(".graphiql-doc-explorer-title")
            await title.filter(has_text=exactly).wait_for()  # the field's own page: its type
            await docs.locator("a.graphiql-doc-explorer-type-name", has_text="Product").first.wait_for()
            await page.screenshot(path=str(screenshot))
        finally:
            await browser.close()

    assert problems == []
    assert requests, "the page made no requests"
    for request in requests:
        parts = urlsplit(request.url)
        assert parts.scheme == "data" or parts.netloc == origin.netloc, f"{request.url} leaves the gateway"
    posts = [r for r in requests if urlsplit(r.url).path == "/graphql"]
    assert posts, "GraphiQL sent nothing to the gateway's /graphql"
    for post in posts:  # the headers' placeholders ("<your key>") are not sent
        assert post.method == "POST"
        assert "x-api-key" not in post.headers
        assert post.headers["x-purpose"] == "BANSOS_ELIGIBILITY"
    assert os.path.getsize(screenshot) > 10_000
