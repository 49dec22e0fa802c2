"""The app as `streamlit run` serves it, on a free port of this machine against its own database:
for the benches that measure what people wait for, and for the browser tests."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # where app.py lives


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class AppServer:
    """`streamlit run` of ``script`` (default: the app) on a free port; can be killed and restarted."""

    def __init__(self, db_url: str, log_path: Path, *, script: Path | None = None, env: dict | None = None):
        self.db_url = db_url
        self.log_path = Path(log_path)
        self.script = script or ROOT / "app.py"
        self.extra_env = env or {}
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 90) -> AppServer:
        env = {**os.environ, "WIJKDATA_DB_URL": self.db_url, "PYTHONPATH": str(ROOT), **self.extra_env}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(self.script), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=ROOT, env=env, stdout=self.log_path.open("ab"), stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        return self
            except OSError:
                time.sleep(0.3)
        self.proc.kill()
        raise RuntimeError(f"streamlit startte niet; zie {self.log_path}")

    def stop(self, kill: bool = False) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill() if kill else self.proc.terminate()
            self.proc.wait(timeout=30)

    def restart(self, kill: bool = True) -> None:
        """As a crash or a reboot: the process goes, the database stays."""
        self.stop(kill=kill)
        self.start()
