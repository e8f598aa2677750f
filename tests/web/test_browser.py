"""End to end in headless Chromium (Debian's chromium, driven by Playwright): load the
home page, filter to an event and see its evidence highlighted, open a dyad timeline,
code pasted text, and find that markup in stories runs nothing.

The server runs in this process (uvicorn in a thread, on a free loopback port) over a
database ingested from stories written for these tests. Screenshots go to
tests/artifacts/. Without Chromium or Playwright the tests skip with the reason;
with BROWSER_TESTS=required (as .ci/run sets) they fail instead. (Not EVENTWIRE_*: those
names are settings, and an unknown one is refused.)
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from eventwire.batch import ingest
from eventwire.config import Settings
from eventwire.pipeline import Engine
from eventwire.store import Store
from eventwire.web.app import create_app
from eventwire.web.coding import TextCoder

pytestmark = [pytest.mark.browser, pytest.mark.model]

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
REQUIRED = os.environ.get("BROWSER_TESTS", "").lower() == "required"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000
STORIES = [
    {
        "id": "talks",
        "date": "2025-03-05",
        "source": "wire-a",
        "title": "Lavrov and Rubio meet in Riyadh",
        "text": "Russian Foreign Minister Sergei Lavrov met U.S. Secretary of State Marco Rubio "
        "in Riyadh on Tuesday to discuss the war in Ukraine.\n\n"
        '"We agreed to keep talking," Lavrov told reporters after the meeting.',
    },
    {
        "id": "strike",
        "date": "2025-03-06",
        "source": "wire-b",
        "title": "Russian shelling kills three in Kharkiv",
        "text": "Russian forces shelled the Ukrainian city of Kharkiv on Wednesday, killing "
        "three civilians, Ukrainian officials said.\n\n"
        "Rescue workers searched the rubble through the night.",
    },
    {
        "id": "sanctions",
        "date": "2025-04-12",
        "source": "wire-a",
        "title": "New US sanctions on Russian banks",
        "text": "The United States imposed new sanctions on Russian banks on Friday, the "
        "Treasury Department said.\n\nRussia condemned the decision.",
    },
    {
        "id": "accusation",
        "date": "2025-05-20",
        "source": "wire-b",
        "title": "Moscow accuses Washington",
        "text": "Russia accused the United States of interfering in its elections on Monday.",
    },
    {
        "id": "hostile",
        "date": "2025-06-01",
        "source": "wire-b",
        "title": "<script>alert('title')</script> Paris protest",
        "text": "Police in Paris arrested <b>dozens</b> of protesters on Saturday. "
        "<script>alert('xss')</script> <img src=x onerror=alert('img')>",
    },
]
PASTED = (
    "Chinese President Xi Jinping met French President Emmanuel Macron in Beijing on "
    "Thursday.\n\nIsraeli warplanes struck targets in southern Lebanon on Friday, the army said."
)


def need_browser() -> Any:
    """Playwright's sync API with Chromium found, or a skip (a failure when required)."""
    reason = None
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing (apt-get install chromium)"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        reason = reason or "the playwright package is not installed (pip install -e '.[dev]')"
    if reason:
        if REQUIRED:
            pytest.fail(f"browser tests are required: {reason}")
        pytest.skip(reason)
    return sync_playwright


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def base_url(tmp_path_factory: pytest.TempPathFactory, engine: Engine) -> Iterator[str]:
    """The app over a freshly ingested database, served on loopback in a thread."""
    need_browser()
    folder = tmp_path_factory.mktemp("browser")
    stories = folder / "stories.jsonl"
    stories.write_text("\n".join(json.dumps(story) for story in STORIES) + "\n")
    settings = Settings.load()
    database = folder / "events.duckdb"
    ingest([str(stories)], store=Store(database), settings=settings, engine=engine)
    app = create_app(database, settings=settings, coder=TextCoder(settings, load=lambda _: engine))
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", access_log=False)
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(base_url: str) -> Iterator[Any]:
    sync_playwright = need_browser()
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, timeout=TIMEOUT_MS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page that records every dialog (an alert would mean injected script ran)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT_MS)
    opened.dialogs = []
    opened.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))
    yield opened
    context.close()


def shoot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_browser_filter_to_an_event_and_see_its_evidence(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert "events from" in page.inner_text("p.lead")
    page.select_option("select[name=type]", "ASSAULT")
    page.fill("input[name=actor]", "RUS")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/?type=ASSAULT*")
    rows = page.locator("table.events tbody tr")
    assert rows.count() == 1
    shoot(page, "home-filtered")
    rows.first.locator("a.type").click()
    page.wait_for_url("**/events/*")
    story = page.locator("#story")
    assert story.locator(".hl-trigger").first.inner_text() == "shelled"
    assert story.locator(".hl-actor").first.inner_text() == "Russian forces"
    assert "Wednesday" in story.locator(".hl-date").first.inner_text()
    assert story.locator(".hl-place").first.inner_text() == "Kharkiv"
    assert story.locator(".hl-trigger").first.is_visible()
    shoot(page, "event")
    page.click("button[data-toggle-kind=actor]")
    assert "off-actor" in (story.get_attribute("class") or "")


def test_browser_dyad_timeline(page: Any, base_url: str) -> None:
    page.goto(base_url + "/dyads")
    page.click("a[href='/dyads/RUS/USA']")
    page.wait_for_url("**/dyads/RUS/USA")
    chart = page.locator("figure.chart svg")
    assert chart.is_visible()
    assert page.locator("figure.chart rect.bar").count() >= 3
    assert page.locator("figure.chart .score-dot").count() >= 3
    # the three acts between them, and Russia's reply to the sanctions (coded from context)
    assert int(page.inner_text("p.lead").split()[0]) >= 3
    shoot(page, "dyad")
    page.locator("figure.chart a").first.click()
    page.wait_for_url("**/?*dyad=RUS*")
    assert page.locator("table.events tbody tr").count() >= 1


def test_browser_code_pasted_text(page: Any, base_url: str) -> None:
    page.goto(base_url + "/code")
    page.fill("textarea[name=text]", PASTED)
    page.fill("input[name=published]", "2025-03-07")
    assert "of 100,000 bytes" in page.inner_text(".code-form .size")
    page.click(".code-form button[type=submit]")
    page.wait_for_selector("#results")
    assert "event" in page.inner_text("#results")
    triggers = page.locator("#story .hl-trigger").all_inner_texts()
    assert "met" in triggers
    assert "struck" in triggers
    assert page.locator("#story .hl-place").count() >= 1
    shoot(page, "code")


def test_browser_markup_in_stories_runs_no_script(page: Any, base_url: str) -> None:
    page.goto(base_url + "/documents")
    page.click("text=Paris protest")
    page.wait_for_url("**/documents/*")
    assert "<script>alert('xss')</script>" in page.inner_text("#story")
    assert "<b>dozens</b>" in page.inner_text("#story")
    assert "<script>alert('title')</script>" in page.inner_text("h1")
    page.goto(base_url + "/code")
    page.fill("textarea[name=text]", STORIES[-1]["text"])
    page.click(".code-form button[type=submit]")
    page.wait_for_selector("#results")
    assert "<img src=x onerror=alert('img')>" in page.inner_text("#story")
    shoot(page, "hostile")
    assert page.dialogs == []
