"""Real-browser tests: the app as `streamlit run` serves it, driven by Playwright in Debian's Chromium.

Without /usr/bin/chromium (or WIJKDATA_CHROMIUM) the whole folder is skipped, and pytest's summary
says why. `.ci/run` installs Chromium, so CI runs them. Screenshots of each step land in
test-artifacts/<test>/ (git-ignored); a failing step is screenshotted with its name.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from wijkdata.ui.served import AppServer

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("WIJKDATA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() and shutil.which("streamlit", path=str(Path(sys.executable).parent)) is not None:
        return
    reason = (f"no browser at {CHROMIUM}: the browser tests need Debian's chromium "
              "(apt-get install -y chromium; .ci/run does this)")
    for item in items:
        if "tests/browser" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.skip(reason=reason))


class Server(AppServer):
    """The app on a free port against its own database (a SQLite file, or a database URL such as
    PostgreSQL for a shared installation); can be killed and restarted."""

    def __init__(self, db: Path | str, log_path: Path, env: dict | None = None):
        super().__init__(db if isinstance(db, str) and "://" in db else f"sqlite:///{db}", log_path, env=env)


@pytest.fixture
def server(tmp_path):
    srv = Server(tmp_path / "app.sqlite", tmp_path / "streamlit.log").start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Visit:
    """One browser tab with what a tester watches: requests that leave the machine, dialogs that
    scripts open, page errors; and numbered screenshots per step."""

    def __init__(self, page, server: Server, folder: Path):
        self.page, self.server, self.folder = page, server, folder
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        self.page_errors: list[str] = []
        self.shots = 0
        shutil.rmtree(folder, ignore_errors=True)  # only this run's screens
        folder.mkdir(parents=True, exist_ok=True)
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))

    def _request(self, request):
        if not re.match(r"^(https?|wss?)://(127\.0\.0\.1|localhost)(:\d+)?/", request.url) and \
                not request.url.startswith(("data:", "blob:", "about:")):
            self.outside.append(request.url)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def idle(self, timeout: float = 60_000) -> None:
        """Waits until the script run is over (and a fragment or rerun it started)."""
        self.page.wait_for_timeout(300)
        self.page.wait_for_selector(IDLE, timeout=timeout)
        self.page.wait_for_timeout(200)
        self.page.wait_for_selector(IDLE, timeout=timeout)

    def type_note(self, key: str, text: str) -> None:
        """Types a note and submits it as a user does (Ctrl+Enter; a blur does the same), then waits
        for what the user waits for: the box's own "Bewaard om" line."""
        self.by_key(key).locator("textarea").fill(text)
        self.by_key(key).locator("textarea").press("Control+Enter")
        self.by_key(f"{key}_vak").get_by_text("Bewaard om").wait_for(state="visible")
        self.idle()

    def open(self, path: str = "/") -> None:
        self.page.goto(self.server.url + path)
        self.idle()

    def each_tab(self) -> None:
        """Clicks every tab of the page in turn: the app draws only the open tab, so what a tab
        sends reaches the browser only when someone opens it."""
        tabs = self.page.get_by_role("tab")
        for i in range(tabs.count()):
            tabs.nth(i).click()
            self.idle()

    def shot(self, name: str) -> Path:
        self.shots += 1
        path = self.folder / f"{self.shots:02d}_{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path

    @contextmanager
    def step(self, name: str):
        """A named step of a journey: screenshotted after it, and on failure with the step's name."""
        try:
            yield
        except Exception as exc:
            failed = self.shot(f"MISLUKT_{name}")
            raise AssertionError(f"journey step '{name}' failed (screen: {failed}): {exc}") from exc
        self.shot(name)

    def text(self) -> str:
        return self.page.inner_text("[data-testid=stMain]")

    def click_button(self, label: str) -> None:
        self.page.get_by_role("button", name=label, exact=False).first.click()
        self.idle()

    def by_key(self, key: str):
        """A widget by its Streamlit key (Streamlit puts st-key-<key> on its container)."""
        return self.page.locator(f".st-key-{key}")


@pytest.fixture
def visit(browser, server, request):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(60_000)
    v = Visit(page, server, ARTIFACTS / request.node.name)
    yield v
    context.close()
