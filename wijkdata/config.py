"""Settings read the same way by the app and the ``wijkdata`` command.

Each setting comes from, in order: an environment variable, ``.streamlit/secrets.toml`` (key of
the same name, top level or under ``[wijkdata]``), or the default.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB_URL = "sqlite:///data/wijkdata.sqlite"


def _secrets() -> dict:
    path = Path(os.environ.get("WIJKDATA_SECRETS", ".streamlit/secrets.toml"))
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError):
        return {}
    merged = {k: v for k, v in data.items() if not isinstance(v, dict)}
    merged.update(data.get("wijkdata", {}))
    return merged


def _setting(name: str, default: str, secrets: dict) -> str:
    if name in os.environ and os.environ[name].strip():
        return os.environ[name].strip()
    for key in (name, name.lower(), name.removeprefix("WIJKDATA_").lower()):
        if key in secrets:
            return str(secrets[key])
    return default


@dataclass(frozen=True)
class Settings:
    db_url: str
    max_upload_mb: int  # files above this get a Dutch message instead of being read
    small_count_threshold: int  # counts 1..threshold are never shown exactly
    max_teams: int  # more different teams in one upload get a Dutch message instead of an import
    max_rows: int  # more data rows in a CSV get a Dutch message before the file is parsed


def load_settings() -> Settings:
    secrets = _secrets()  # read once per call (pages call this several times per rerun)
    return Settings(
        db_url=_setting("WIJKDATA_DB_URL", DEFAULT_DB_URL, secrets),
        max_upload_mb=int(_setting("WIJKDATA_MAX_UPLOAD_MB", "200", secrets)),
        small_count_threshold=int(_setting("WIJKDATA_SMALL_COUNT", "5", secrets)),
        max_teams=int(_setting("WIJKDATA_MAX_TEAMS", "5000", secrets)),
        max_rows=int(_setting("WIJKDATA_MAX_ROWS", "2000000", secrets)),
    )
