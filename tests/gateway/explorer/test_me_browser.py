"""The citizen page in a real browser, over the whole sealed system: Debian's Chromium driven by
Playwright signs a citizen in at ``/me`` with their token, sees their name and their consent to
KEMENSOS, revokes it, and the agency's next identical query is refused (CONSENT_REVOKED); no
request leaves the gateway. Skips (with the reason) without /usr/bin/chromium or the playwright
package. With ``SPBE_UPDATE_SCREENSHOT=1`` it replaces docs/me.png."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import ServiceDsn
from tests.gateway.access.registry import add_consent
from tests.integration.system import System, start_system

if TYPE_CHECKING:
    from playwright.async_api import Dialog, Request

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = Path(__file__).resolve().parents[3] / "docs" / "me.png"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
PURPOSE = "BANSOS_ELIGIBILITY"
QUERY = "query Overview($nik: String!) { citizen(nik: $nik) { nik fullName health { bpjs { active } } } }"


def _missing() -> str | None:
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    if importlib.util.find_spec("playwright") is None:
        return "the playwright Python package is missing (pip install -e '.[dev]')"
    return None


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
    async with start_system(module_service_dsn, tmp_path_factory.mktemp("me"), citizens=60) as system:
        adult = await system.db["identity"].fetchrow(
            "select nik, full_name from citizen where birth_date < current_date - interval '20 years'"
            " and deceased_on is null order by nik limit 1"
        )
        assert adult is not None, "the seeded population has no adult"
        await add_consent(
            system.db["consent"], adult["nik"], categories=("identity", "health"), purpose=PURPOSE
        )
        key = await system.key("KEMENSOS", ("identity:read", "health:read"))
        yield World(system, adult["nik"], adult["full_name"], key)


def _health_error(body: dict[str, Any]) -> dict[str, Any]:
    for error in body.get("errors") or []:
        if error.get("path") == ["citizen", "health"]:
            return dict(error["extensions"])
    return {}


async def test_a_citizen_revokes_a_consent_on_their_page_and_the_agency_is_refused(
    world: World, tmp_path: Path
) -> None:
    from playwright.async_api import async_playwright

    system = world.system
    before = await system.ask(QUERY, {"nik": world.nik}, key=world.key, purpose=PURPOSE)
    assert before.status == 200, before.body
    assert before.data["citizen"]["health"] is not None, before.body
    assert before.data["citizen"]["fullName"] == world.name

    screenshot = SCREENSHOT if os.environ.get("SPBE_UPDATE_SCREENSHOT") == "1" else tmp_path / "me.png"
    origin = urlsplit(system.gateway)
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = await browser.new_page(viewport={"width": 420, "height": 900}, locale="id-ID")
            requests: list[Request] = []
            page.on("request", lambda request: requests.append(request))
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            dialogs: list[str] = []

            async def confirm(dialog: Dialog) -> None:
                dialogs.append(dialog.message)
                await dialog.accept()

            page.on("dialog", confirm)
            page.set_default_timeout(10_000)

            await page.goto(f"{origin.scheme}://{origin.netloc}/me")
            await page.get_by_label("Token Anda").fill(system.token(world.nik))
            await page.get_by_role("button", name="Masuk").click()
            records = page.locator("#records-body")
            await records.get_by_text(world.name, exact=True).wait_for()
            shown = await records.inner_text()
            # every service's part of their own records, none withheld from the citizen themself
            for label in ("Driving licences", "Social assistance", "Civil service", "State payments"):
                assert label in shown, label
            assert "not available" not in shown, shown
            consent = page.locator("article.consent", has_text="KEMENSOS")
            await consent.locator('[data-status="ACTIVE"]').wait_for()
            agency = (await consent.locator("h3").inner_text()).removesuffix(" (KEMENSOS)")
            trail = page.locator("#trail-body tbody tr", has_text=agency)  # the agency's read above
            await trail.filter(has_text="diizinkan / allowed").first.wait_for()
            await consent.get_by_role("button", name="Cabut / Revoke").click()
            await consent.locator('[data-status="REVOKED"]').wait_for()
            assert await consent.get_by_role("button", name="Cabut / Revoke").count() == 0
            await page.get_by_text("Persetujuan dicabut").wait_for()
            await page.screenshot(path=str(screenshot), full_page=True)
            assert await page.evaluate("Object.keys(localStorage).length") == 0
            await page.get_by_role("button", name="Keluar").click()
            assert await page.evaluate("sessionStorage.length") == 0
            await page.get_by_label("Token Anda").wait_for()
        finally:
            await browser.close()

    assert problems == []
    assert len(dialogs) == 1 and dialogs[0].startswith("Cabut persetujuan untuk") and "Revoke" in dialogs[0]
    assert requests, "the page made no requests"
    for request in requests:
        parts = urlsplit(request.url)
        assert parts.scheme == "data" or parts.netloc == origin.netloc, f"{request.url} leaves the gateway"
    posts = [r for r in requests if urlsplit(r.url).path == "/graphql"]
    assert posts
    assert all(p.method == "POST" and p.headers["authorization"].startswith("Bearer ") for p in posts)

    after = await system.ask(QUERY, {"nik": world.nik}, key=world.key, purpose=PURPOSE)
    assert after.status == 200, after.body
    assert after.data["citizen"]["health"] is None, after.body
    refused = _health_error(after.body)
    assert refused.get("code") == "CONSENT_REQUIRED", after.body
    assert refused.get("reason") == "CONSENT_REVOKED", after.body
    assert os.path.getsize(screenshot) > 10_000
