"""The explorer over SPBE's own graph, in a real browser: Debian's Chromium driven by Playwright
opens GraphiQL on the whole sealed system, puts an agency key and a purpose in the headers
editor, runs the citizen overview across the identity, health, education and police services,
re-fetches the schema (introspection shows each caller what it may query) and opens the
documentation of ``Citizen``, and never talks to another host. Skips (with the reason)
without /usr/bin/chromium, the playwright package or the explorer's npm assets."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest

from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent
from tests.gateway.explorer.test_browser import ARGS, CHROMIUM, _missing
from tests.integration.system import System, start_system

if TYPE_CHECKING:
    from playwright.async_api import Page, Request

PURPOSE = "BANSOS_ELIGIBILITY"
CATEGORIES = ("identity", "health", "education", "police")

pytestmark = [pytest.mark.slow, pytest.mark.skipif(_missing() is not None, reason=_missing() or "")]


@dataclass
class World:
    system: System
    nik: str
    name: str
    key: str


@pytest.fixture(scope="module")
async def world(
    module_service_dsn: ServiceDsn, tmp_path_factory: pytest.TempPathFactory
) -> AsyncIterator[World]:
    async with start_system(module_service_dsn, tmp_path_factory.mktemp("explorer"), citizens=60) as system:
        adult = await system.db["identity"].fetchrow(
            "select nik, full_name from citizen where birth_date < current_date - interval '20 years'"
            " and deceased_on is null order by nik limit 1"
        )
        assert adult is not None, "the seeded population has no adult"
        await add_consent(system.db["consent"], adult["nik"], categories=CATEGORIES, purpose=PURPOSE)
        key = await system.key("KEMENSOS", [f"{c}:read" for c in CATEGORIES])
        yield World(system, adult["nik"], adult["full_name"], key)


async def _replace(page: Page, tool: str, text: str) -> None:
    """Put ``text`` in the Variables or Headers editor (inserted as is: no auto-closed brackets)."""
    await page.get_by_role("button", name=tool, exact=True).click()
    editor = page.locator(".graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror").first
    await editor.click()
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    await page.keyboard.insert_text(text)


async def test_an_analyst_runs_the_overview_across_services_and_reads_citizen_docs(world: World) -> None:
    from playwright.async_api import async_playwright

    origin = urlsplit(world.system.gateway)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1400, "height": 900})
            requests: list[Request] = []
            page.on("request", lambda request: requests.append(request))
            page.set_default_timeout(15_000)
            await page.goto(f"{origin.scheme}://{origin.netloc}/explorer")
            await page.locator(".graphiql-tab").first.click()  # the citizen overview example
            await _replace(page, "Variables", json.dumps({"nik": world.nik}))
            await _replace(page, "Headers", json.dumps({"X-API-Key": world.key, "X-Purpose": PURPOSE}))
            await page.locator(".graphiql-execute-button").click()
            response = page.locator(".graphiql-response .CodeMirror")
            await response.filter(has_text=world.name).wait_for()
            answer = await response.inner_text()
            for key in ('"bpjs"', '"enrollments"', '"drivingLicences"'):  # health, education, police
                assert key in answer
            assert "CONSENT_REQUIRED" not in answer

            # the schema shown so far is an anonymous caller's: with the key it shows more
            await page.get_by_label("Re-fetch GraphQL schema").click()
            await page.get_by_label("Show Documentation Explorer").click()
            docs = page.locator(".graphiql-doc-explorer")
            await docs.locator("a.graphiql-doc-explorer-type-name", has_text="Query").first.click()
            await docs.locator("a.graphiql-doc-explorer-field-name", has_text="citizen").first.click()
            await docs.locator("a.graphiql-doc-explorer-type-name", has_text="Citizen").first.click()
            await docs.locator(".graphiql-doc-explorer-title", has_text="Citizen").wait_for()
            await docs.locator("a.graphiql-doc-explorer-field-name", has_text="health").first.wait_for()
        finally:
            await browser.close()

    for request in requests:
        parts = urlsplit(request.url)
        assert parts.scheme == "data" or parts.netloc == origin.netloc, f"{request.url} leaves the gateway"
    posts = [r for r in requests if urlsplit(r.url).path == "/graphql" and r.method == "POST"]
    assert any(p.headers.get("x-api-key") == world.key for p in posts), "the key never reached the gateway"
