"""The installation's own state: the change counter every cache is keyed by, the secret salt,
and bringing a database made by an earlier version up to date."""

from __future__ import annotations

import secrets

from sqlalchemy import Engine, insert, inspect, select, text, update

from wijkdata.store.models import app_state, observations


def bump_version(conn) -> None:
    """Every change of what the pages show goes through here, in its own transaction."""
    conn.execute(update(app_state).where(app_state.c.key == "versie").values(number=app_state.c.number + 1))


def init_state(engine: Engine) -> None:
    """The version counter and the secret, made once per installation."""
    with engine.begin() as conn:
        present = set(conn.execute(select(app_state.c.key)).scalars())
        if "versie" not in present:
            conn.execute(insert(app_state).values(key="versie", number=1))
        if "geheim" not in present:
            conn.execute(insert(app_state).values(key="geheim", text=secrets.token_hex(32)))


def data_version(store) -> str:
    """A cache key for derived data: the installation's change counter, read from the database, so
    every app process sees every import, delete, restore or change of visible names at once."""
    with store.engine.connect() as conn:
        number = conn.execute(select(app_state.c.number).where(app_state.c.key == "versie")).scalar_one()
    return f"{store.engine.url.render_as_string(hide_password=True)}|{number}"


def add_missing_columns(engine: Engine) -> None:
    """Bring a database made by an earlier version up to date (columns added since then)."""
    added = {("datasets", "names_visible"): "BOOLEAN NOT NULL DEFAULT FALSE", ("saved_mappings", "team"): "VARCHAR(255)",
             ("datasets", "options"): "JSON", ("saved_mappings", "options"): "JSON",
             ("team_attributes", "periode"): "VARCHAR(10)",
             # the room: position, live counter, title, length and big screen of a session
             ("gesprekken", "onderdeel"): "INTEGER NOT NULL DEFAULT 0",
             ("gesprekken", "wijziging"): "INTEGER NOT NULL DEFAULT 0",
             ("gesprekken", "titel"): "VARCHAR(120) NOT NULL DEFAULT ''",
             ("gesprekken", "duur"): "INTEGER NOT NULL DEFAULT 60",
             ("gesprekken", "scherm_gezien"): "TIMESTAMP WITH TIME ZONE",
             ("afspraken", "voortgezet_in"): "INTEGER",
             ("gesprek_notities", "naam"): "VARCHAR(80) NOT NULL DEFAULT ''",
             # a count adds up over periods as a flow or a stock
             ("eigen_indicatoren", "telling"): "VARCHAR(10) NOT NULL DEFAULT 'stroom'"}
    inspector = inspect(engine)
    for (table, column), sql_type in added.items():
        if column not in {c["name"] for c in inspector.get_columns(table)}:
            with engine.begin() as conn:
                conn.execute(text(f"ALTER TABLE {table} ADD COLUMN {column} {sql_type}"))


def upgrade_observations(engine: Engine) -> None:
    """A database from before the key-ordered observations (a row id, three secondary indexes and an
    is_current flag per row) gets the new table, in one transaction: the rows are copied in key
    order, the flag is left behind (which value counts is derived now), the old table dropped."""
    if "is_current" not in {c["name"] for c in inspect(engine).get_columns("observations")}:
        return
    names = ", ".join(c.name for c in observations.columns)
    key = "team, indicator, periode_start, periode, dataset_id"
    with engine.begin() as conn:
        for index in ("ix_obs_key", "ix_obs_dataset", "ix_obs_current"):
            conn.execute(text(f"DROP INDEX IF EXISTS {index}"))
        conn.execute(text("ALTER TABLE observations RENAME TO observations_old"))
        if conn.dialect.name == "postgresql":  # constraint names are the schema's, not the table's
            conn.execute(text("ALTER TABLE observations_old DROP CONSTRAINT IF EXISTS observations_pkey"))
        observations.create(conn)
        # an old upload could hold a key twice; the row written last counted, and still does
        conn.execute(text(f"INSERT INTO observations ({names}) SELECT {names} FROM observations_old "
                          f"WHERE true ORDER BY {key}, id DESC ON CONFLICT DO NOTHING"))
        conn.execute(text("DROP TABLE observations_old"))
