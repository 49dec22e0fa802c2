"""AppTest for this app, run the way the real server runs it.

AppTest builds a fresh PagesManager for every run, and an app with a ``pages/`` folder then
counts as a legacy multipage app: a rerun executes only the page file, never app.py. The real
server leaves that mode for good once app.py has called st.navigation. Here the legacy mode is
switched off for every run, so app.py (with the sidebar) runs each time, as in the browser.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest, app_test


class _NavigationPagesManager(pages_manager.PagesManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pages_manager.PagesManager.uses_pages_directory = False


def open_app(path: str | Path, *, timeout: float = 120, query_params: dict | None = None) -> AppTest:
    app_test.PagesManager = _NavigationPagesManager  # AppTest looks the class up in its own module
    at = AppTest.from_file(str(path), default_timeout=timeout)
    for key, value in (query_params or {}).items():
        at.query_params[key] = value
    return at
