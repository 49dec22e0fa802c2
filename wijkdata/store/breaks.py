"""Series breaks: from a period on, a team's figures form a new series (see models.series_breaks)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, delete, insert, or_, select

from wijkdata.store.errors import StoreError
from wijkdata.store.state import bump_version
from wijkdata.store.models import datasets, series_breaks

COLUMNS = ["id", "team", "periode", "reden", "dataset_id"]


class BreakStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def all(self, team: str | None = None) -> pd.DataFrame:
        """The breaks that count: set by hand, or from an upload that is not deleted. Oldest period first."""
        q = (select(series_breaks.c.id, series_breaks.c.team, series_breaks.c.periode, series_breaks.c.reden,
                    series_breaks.c.dataset_id)
             .select_from(series_breaks.outerjoin(datasets, datasets.c.id == series_breaks.c.dataset_id))
             .where(or_(series_breaks.c.dataset_id.is_(None), datasets.c.deleted.is_(False))))
        if team is not None:
            q = q.where(series_breaks.c.team == team)
        with self.engine.connect() as conn:
            frame = pd.read_sql(q.order_by(series_breaks.c.team, series_breaks.c.periode), conn)
        return frame.drop_duplicates(["team", "periode"]).reset_index(drop=True) if len(frame) else \
            pd.DataFrame(columns=COLUMNS)

    def insert_from_upload(self, conn, ds_id: int, breaks: pd.DataFrame) -> None:
        now = dt.datetime.now(dt.UTC)
        records = [{"dataset_id": ds_id, "team": r.team, "periode": r.periode, "reden": r.reden[:2000], "created_at": now}
                   for r in breaks.itertuples(index=False)]
        if records:
            conn.execute(insert(series_breaks), records)

    def add(self, team: str, periode: str, reden: str) -> None:
        reden = reden.strip()
        if not reden:
            raise StoreError("Schrijf op waarom de cijfers vanaf deze periode een nieuwe reeks zijn, bijvoorbeeld "
                             "‘wijkgrens verlegd’ of ‘nieuw registratiesysteem’.")
        with self.engine.begin() as conn:
            bump_version(conn)
            conn.execute(insert(series_breaks).values(team=team, periode=periode, reden=reden[:2000],
                                                      created_at=dt.datetime.now(dt.UTC)))

    def remove(self, break_id: int) -> None:
        with self.engine.begin() as conn:
            bump_version(conn)
            conn.execute(delete(series_breaks).where(series_breaks.c.id == break_id))
