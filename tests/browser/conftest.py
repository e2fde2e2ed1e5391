"""A live LearnLoop on loopback and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Set to a folder to keep the run's screenshots for review; otherwise they go to a temporary
# folder, so a test run never rewrites files in the repository.
SCREENSHOTS_WANTED = "LEARNLOOP_SCREENSHOTS"
# Chromium's own calls home are refused on this network; these flags stop it trying.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]


def pytest_collection_modifyitems(items):
    if Path(CHROMIUM).exists():
        return
    skip = pytest.mark.skip(
        reason=f"needs Debian's chromium at {CHROMIUM} (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get(SCREENSHOTS_WANTED)
    if not wanted:
        return tmp_path_factory.mktemp("screenshots")
    folder = Path(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def look(screenshots: Path) -> Callable[..., None]:
    """`look(page, name)`: check the page's accessibility and keep a screenshot of it."""
    from tests.browser.journey import check_page

    return partial(check_page, screenshots=screenshots)


@pytest.fixture
def live_server(app):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log: it holds addresses
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    yield context.new_page()
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False,
                                  viewport={"width": 1000, "height": 900})
    yield context.new_page()
    context.close()
