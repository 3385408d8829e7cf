"""End to end: `rasid ingest` the seed, `rasid serve`, and drive the page in Debian's Chromium.

The screenshot is kept in ``artifacts/`` for CI. Without Chromium (``make test`` installs it
from Debian's packages) the test is reported as skipped.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.request import urlopen

import pytest
from tests.web.conftest import ROOT, SEED_PATH

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
RASID = [sys.executable, "-m", "rasid"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (make test installs it)")
    database = tmp_path_factory.mktemp("e2e") / "rasid.db"
    environment = {**os.environ, "RASID_DATABASE_URL": f"sqlite:///{database}"}
    ingest = subprocess.run([*RASID, "ingest", str(SEED_PATH)], env=environment, capture_output=True, text=True)
    assert ingest.returncode == 0, ingest.stderr
    port = free_port()
    log = database.with_name("serve.log")
    with log.open("wb") as output:
        process = subprocess.Popen(
            [*RASID, "serve", "--port", str(port)], env=environment, stdout=output, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"rasid serve did not start: {log.read_text()}") from None
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


def test_search_open_and_inspect_the_seed(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ar")
        outside: list[str] = []
        page.on("request", lambda request: None if request.url.startswith(server) else outside.append(request.url))
        failed: list[str] = []
        page.on("requestfailed", lambda request: failed.append(request.url))
        page.goto(server)
        expect(page.locator("html")).to_have_attribute("dir", "rtl")

        page.fill("#query", "الكهوف")
        page.click("#search-form button")
        result = page.locator("#results li").first
        expect(result.locator("mark")).to_contain_text("الكهوف")
        expect(page.locator("#results li")).to_have_count(1)
        stored = json.loads(urlopen(f"{server}api/documents/{result.get_attribute('data-id')}").read())
        result.click()

        edits = page.locator("#doc-text .edit")
        expect(edits.first).to_be_visible()
        assert edits.count() > 50
        edits.nth(3).hover()
        tooltip = page.locator("#tooltip")
        expect(tooltip).to_be_visible()
        expect(tooltip).to_contain_text("قبل")
        expect(tooltip).to_contain_text("الثقة")

        # restorations and reorderings less sure than 0.9 are marked for checking, and counted in the header
        unsure = [
            edit
            for edit in stored["edits"]
            if {"restore_glyphs", "reorder_runs"} & set(edit["reason"].split("+")) and edit["confidence"] < 0.9
        ]
        assert unsure  # the seed has a few
        expect(page.locator("#doc-text .edit.unsure")).to_have_count(len(unsure))
        expect(page.locator("#doc-edits")).to_contain_text(f"{len(unsure)} غير مؤكد")
        page.locator("#doc-text .edit.unsure").first.hover()
        expect(tooltip).to_contain_text("غير مؤكد")
        page.screenshot(path=str(ARTIFACTS / "e2e-document.png"), full_page=False)

        # the places the seed names: listed, underlined in the text, and on the map
        expect(page.locator("#doc-places")).to_be_visible()
        expect(page.locator("#doc-places-list li").first).to_be_visible()
        assert page.locator("#doc-places-list li").count() >= 15
        assert page.locator("#doc-text .place").count() >= 10
        expect(page.locator("#doc-map .place-dot, #doc-map .marker-cluster").first).to_be_visible()
        expect(page.locator("#doc-map path.place-area").first).to_be_attached()  # a desert or a range, drawn as an area
        page.locator("#doc-places").screenshot(path=str(ARTIFACTS / "e2e-document-map.png"))

        repaired = page.locator("#doc-text").inner_text()
        page.click("#toggle")
        expect(page.locator("#doc-text")).to_have_class("text original")
        assert page.locator("#doc-text").inner_text() != repaired

        page.click("#show-map")
        expect(page.locator("#collection")).to_be_visible()
        expect(page.locator("#collection-count")).to_contain_text("مكان")
        expect(page.locator("#collection-map .place-dot, #collection-map .marker-cluster").first).to_be_visible()
        page.screenshot(path=str(ARTIFACTS / "e2e-collection-map.png"))

        font_loaded = page.evaluate("document.fonts.check('16px \"Noto Naskh Arabic\"', 'ع')")
        browser.close()
    assert outside == [], f"the page fetched from outside the app: {outside}"
    assert failed == []
    assert font_loaded
