"""The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by Playwright for Python)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


def test_relations_chart_and_event_filter(browser, server: Server, tmp_path_factory: pytest.TempPathFactory) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    page.set_default_timeout(10_000)
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.goto(f"{server.url}/?a=RUS&b=NATO&by=month")
    bars = page.locator("svg.chart rect.bar")
    assert bars.count() >= 1
    httpx = pytest.importorskip("httpx", reason="the browser test needs httpx")

    expected = httpx.get(f"{server.url}/api/timeline", params={"a": "RUS", "b": "NATO"}).json()["periods"][0]
    assert page.locator("svg.chart rect.bar.conf").first.get_attribute("data-count") == str(expected["conflict"])
    box = page.locator("svg.chart").bounding_box()
    assert box and box["width"] <= 390 and box["height"] > 50  # fits a phone-sized screen
    # pick a pair from the form: the chart and key events change with it
    page.select_option("#pick-a", "CHN")
    page.select_option("#pick-b", "RUS")
    page.click("form.filters button")
    page.wait_for_url("**/?a=CHN&b=RUS*")
    assert page.locator("svg.chart rect.bar.coop").count() >= 1
    shots = Path(os.environ.get("QUANHE_SCREENSHOTS") or tmp_path_factory.mktemp("screens"))
    page.screenshot(path=str(shots / "relations-phone.png"), full_page=True)

    page.goto(f"{server.url}/events")
    total = int(page.locator("#total").inner_text())
    page.fill("input[name=type]", "SANCTION")
    page.click("#event-filters button")
    page.wait_for_url("**/events?*type=SANCTION*")
    filtered = int(page.locator("#total").inner_text())
    assert 0 < filtered < total
    types = page.locator("table.events td:nth-child(2) .type").all_inner_texts()
    assert types and set(types) == {"SANCTION"}

    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{server.url}/documents/vd-002")
    assert page.locator(".evidence .m-trigger").count() >= 1
    assert page.locator(".evidence .m-source").count() >= 1
    page.screenshot(path=str(shots / "document-desktop.png"), full_page=True)
    assert not errors, errors
