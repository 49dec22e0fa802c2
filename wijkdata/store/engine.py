"""Engine creation: SQLite file in WAL mode by default, anything SQLAlchemy speaks by URL."""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url

from wijkdata.store.errors import translate_driver_error


def make_engine(url: str) -> Engine:
    engine = _create(url)

    @event.listens_for(engine, "handle_error")
    def _in_dutch(context):
        # Raising here replaces SQLAlchemy's exception; the open transaction is rolled back first.
        translated = translate_driver_error(context.original_exception)
        if translated is not None:
            raise translated from context.original_exception

    return engine


def _create(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            uri = parsed.query.get("uri") == "true"  # sqlite:///file:/path?mode=ro&uri=true
            path = Path(parsed.database.removeprefix("file:") if uri else parsed.database)
            if not uri:
                path.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and path.stat().st_size == 0:  # e.g. `touch`ed, or left by a failed copy
                logging.getLogger("wijkdata").warning(
                    "Het databasebestand %s is leeg (0 bytes); de app richt het in als een nieuwe database "
                    "(met de voorbeelddata). Was dit een kopie van een echte database, zet dan de reservekopie terug.",
                    path)
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")  # readers never block the writer
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA synchronous=NORMAL")  # safe with WAL; a crash loses no committed import
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)
