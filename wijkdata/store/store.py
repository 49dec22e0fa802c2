"""The store: upload history with original bytes, observations (the newest live upload of a key counts), team
attributes and saved mappings. Every import is one transaction: all of it or nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from contextlib import contextmanager

import pandas as pd
from sqlalchemy import Engine, func, insert, select, text, union, update

from wijkdata.population import populations_by_period
from wijkdata.formatting import format_timestamp
from wijkdata.ingest import CheckedUpload, sha256
from wijkdata.ingest.mapping import header_signature
from wijkdata.store.engine import make_engine
from wijkdata.store.errors import StoreError
from wijkdata.store.observations import OBS_VALUE_COLUMNS, bulk_insert, live_datasets, read_observations
from wijkdata.store.state import add_missing_columns, bump_version, init_state, upgrade_observations
from wijkdata.store.models import (app_state, datasets, metadata, observations, saved_mappings, spc_baselines,
                                   team_attributes)

_LOCAL_LOCKS: dict[str, threading.Lock] = {}


class Store:
    def __init__(self, url: str | None = None, engine: Engine | None = None):
        if engine is None:
            from wijkdata.config import load_settings
            engine = make_engine(url or load_settings().db_url)
        self.engine = engine
        with self.exclusive("schema"):  # two processes starting together create it once
            metadata.create_all(engine)  # schema creation on first start; a no-op afterwards
            add_missing_columns(engine)
            upgrade_observations(engine)
            init_state(engine)

    @property
    def indicators(self):
        """Own indicators next to the built-in catalogue (see store/indicators.py)."""
        from wijkdata.store.indicators import IndicatorStore

        return IndicatorStore(self.engine)

    @property
    def breaks(self):
        """Series breaks per team (see store/breaks.py)."""
        from wijkdata.store.breaks import BreakStore

        return BreakStore(self.engine)

    def catalog(self):
        """The catalogue as it stands in this installation: built-in plus own indicators."""
        return self.indicators.catalog()

    @property
    def conversations(self):
        """Team conversations, notes and agreements (see store/conversations.py)."""
        from wijkdata.store.conversations import ConversationStore

        return ConversationStore(self.engine)

    # ------------------------------------------------------------------ datasets
    def find_by_hash(self, digest: str) -> dict | None:
        with self.engine.connect() as conn:
            return _find_by_hash(conn, digest)

    def import_upload(self, checked: CheckedUpload, filename: str, data: bytes, *, is_sample: bool = False,
                      names_visible: bool = False) -> int:
        """Store the original file and its usable rows in one transaction; returns the dataset id.
        The same bytes are stored once, also when two app processes import them at the same moment.
        A list of trajecten is about people: of it only the figures, the plan and the sha256 are kept."""
        digest = sha256(data)
        result = checked.result
        if result.n_usable == 0:
            raise StoreError("Er is geen enkele bruikbare rij om te importeren; los eerst de fouten in het rapport op.")
        with self.engine.begin() as conn:
            bump_version(conn)  # first: the write lock that makes a second import of these bytes wait for this one
            if earlier := _find_by_hash(conn, digest):
                # number and time, not the file name: the earlier upload may be someone else's, and a
                # file name can name another team (a team member's sidebar shows uploads the same way)
                which = f"upload {earlier['id']} van {format_timestamp(earlier['uploaded_at'])}"
                if earlier["deleted"]:
                    raise StoreError(f"Dit bestand is al eerder geïmporteerd ({which}) en daarna verwijderd. Zet het "
                                     "terug via de uploadgeschiedenis in plaats van het opnieuw te importeren.")
                raise StoreError(f"Dit bestand is al geïmporteerd ({which}); er is niets veranderd.")
            ds_id = conn.execute(insert(datasets).values(
                filename=filename[:255] or "upload", sha256=digest, uploaded_at=dt.datetime.now(dt.UTC),
                content=b"" if checked.layout == "trajecten" else data, file_type=checked.raw.file_type,
                sheet=checked.raw.sheet, kind=checked.layout, mapping=checked.mapping, options=checked.options.to_json(),
                rows_read=result.n_source_rows, rows_imported=result.n_usable,
                rows_rejected=len(result.rejected_rows), warnings=result.n_warnings,
                report=result.issues.astype(str).to_dict("records")[:5000], deleted=False, is_sample=is_sample,
                names_visible=names_visible,
            )).inserted_primary_key[0]
            if checked.new_indicators:  # in this transaction: the figures never lack their definition
                self.indicators.insert_missing(conn, checked.new_indicators)
            if checked.layout == "teamkenmerken":
                self._insert_attributes(conn, ds_id, result.teams)
            else:
                self._insert_observations(conn, ds_id, result.observations)
                if checked.attributes is not None:
                    self._insert_attributes(conn, ds_id, checked.attributes.teams)
            if checked.series_breaks is not None and len(checked.series_breaks):
                self.breaks.insert_from_upload(conn, ds_id, checked.series_breaks)
        return int(ds_id)

    def _insert_observations(self, conn, ds_id: int, obs: pd.DataFrame) -> None:
        bulk_insert(conn, ds_id, obs)
        if conn.dialect.name == "postgresql" and len(obs) >= 10_000:
            conn.execute(text("ANALYZE observations"))
        attrs = obs.dropna(subset=["gemeente"]) if "gemeente" in obs else obs.iloc[0:0]
        if len(attrs) or ("wijk" in obs and obs["wijk"].notna().any()):
            per_team = obs.drop_duplicates("team", keep="last")
            per_team = per_team[per_team["gemeente"].notna() | per_team["wijk"].notna()]
            self._insert_attributes(conn, ds_id, per_team.assign(kenmerken=None)[["team", "gemeente", "wijk", "kenmerken"]])

    def _insert_attributes(self, conn, ds_id: int, teams: pd.DataFrame) -> None:
        records = [{"dataset_id": ds_id, "team": r.team,
                    "periode": r.periode if isinstance(getattr(r, "periode", None), str) else None,
                    "gemeente": None if pd.isna(r.gemeente) else str(r.gemeente),
                    "wijk": None if pd.isna(r.wijk) else str(r.wijk),
                    "kenmerken": r.kenmerken or None} for r in teams.itertuples(index=False)]
        if records:
            conn.execute(insert(team_attributes), records)

    def set_deleted(self, ds_id: int, deleted: bool) -> None:
        """Delete (reversibly) or restore a dataset; the values it superseded count again, or not.
        Nothing else changes: which value counts is derived from the live uploads when reading."""
        with self.engine.begin() as conn:
            self._update_dataset(conn, ds_id, deleted=deleted)

    def set_names_visible(self, ds_id: int, visible: bool) -> None:
        """The data owner allows (or withdraws) showing this upload's team names to other teams."""
        with self.engine.begin() as conn:
            self._update_dataset(conn, ds_id, names_visible=visible)

    @staticmethod
    def _update_dataset(conn, ds_id: int, **values) -> None:
        """Change an upload's record; every change bumps the data version (what pages show changes)."""
        bump_version(conn)
        if not conn.execute(update(datasets).where(datasets.c.id == ds_id).values(**values)).rowcount:
            raise StoreError(f"Upload {ds_id} bestaat niet.")

    def datasets(self) -> pd.DataFrame:
        cols = [datasets.c[c] for c in ("id", "filename", "sha256", "uploaded_at", "file_type", "sheet", "kind", "rows_read",
                                         "rows_imported", "rows_rejected", "warnings", "deleted", "is_sample",
                                         "names_visible")]
        with self.engine.connect() as conn:
            return pd.read_sql(select(*cols).order_by(datasets.c.id.desc()), conn)

    def dataset_file(self, ds_id: int) -> tuple[str, bytes]:
        with self.engine.connect() as conn:
            row = conn.execute(select(datasets.c.filename, datasets.c.content).where(datasets.c.id == ds_id)).first()
        if row is None:
            raise StoreError(f"Upload {ds_id} bestaat niet.")
        return row.filename, bytes(row.content)

    def dataset_mapping(self, ds_id: int) -> dict:
        with self.engine.connect() as conn:
            return conn.execute(select(datasets.c.mapping).where(datasets.c.id == ds_id)).scalar_one()

    @contextmanager
    def exclusive(self, name: str):
        """One process at a time for ``name`` (e.g. loading the sample on a first start), also when
        several app processes share one PostgreSQL database: there it is an advisory lock, held by
        a connection of its own until the block ends. SQLite is one process: a thread lock."""
        if self.engine.dialect.name != "postgresql":
            with _LOCAL_LOCKS.setdefault(name, threading.Lock()):
                yield
            return
        with self.engine.connect() as conn:
            key = int.from_bytes(hashlib.sha256(f"wijkdata:{name}".encode()).digest()[:8], "big", signed=True)
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": key})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                conn.commit()

    def has_datasets(self) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(datasets)).scalar_one() > 0

    # ------------------------------------------------------------------ observations
    def observations(self, *, dataset_id: int | None = None, teams: list[str] | None = None,
                     indicators: list[str] | None = None, current_only: bool = True) -> pd.DataFrame:
        """Observations as a tidy frame, ordered by team, indicator and period; by default only the
        values that count now: of each team x periode x indicator the one from the newest live upload."""
        with self.engine.connect() as conn:
            frame = read_observations(conn, dataset_id=dataset_id, teams=teams, indicators=indicators,
                                      current_only=current_only)
        # Python strings for the key, not pandas 3's Arrow strings: the pages filter, group and take these
        # small frames thousands of times per rerun, and Arrow's per-call overhead made that 1,5-2x slower
        frame["periode_start"] = pd.to_datetime(frame["periode_start"]).dt.date
        frame[OBS_VALUE_COLUMNS] = frame[OBS_VALUE_COLUMNS].astype(float)
        frame["dataset_id"] = frame["dataset_id"].astype("int64")
        return frame

    def previous_values(self, teams: list[str]) -> pd.DataFrame:
        """Current values of these teams, for the jump check of a new upload; none for no teams (a file
        of only new teams read every stored value: 4,9 of the 8,2 s of checking a CBS export nationally)."""
        return self.observations(teams=teams)[["team", "indicator", "periode_start", "waarde", "teller", "noemer", "n"]]

    # ------------------------------------------------------------------ teams
    def team_names(self) -> list[str]:
        """Every team the pages know: with current figures, or with attributes in a live upload."""
        live_attrs = (select(team_attributes.c.team).join(datasets, datasets.c.id == team_attributes.c.dataset_id)
                      .where(datasets.c.deleted.is_(False)))
        current = select(observations.c.team).where(observations.c.dataset_id.in_(live_datasets()))
        with self.engine.connect() as conn:
            return sorted(conn.execute(union(current, live_attrs)).scalars())

    def teams(self) -> pd.DataFrame:
        """One row per team: gemeente, wijk and context variables from the newest live upload
        that gives them, plus every team that only appears in observations. Within an upload
        with periods, each variable takes the value of the newest period that has one;
        ``kenmerken_periode`` says which period that is (variable -> period code)."""
        with self.engine.connect() as conn:
            attrs = pd.read_sql(select(team_attributes.c.team, team_attributes.c.periode, team_attributes.c.gemeente,
                                       team_attributes.c.wijk, team_attributes.c.kenmerken, team_attributes.c.dataset_id)
                                .join(datasets, datasets.c.id == team_attributes.c.dataset_id)
                                .where(datasets.c.deleted.is_(False)), conn)
            names = pd.read_sql(select(observations.c.team).where(observations.c.dataset_id.in_(live_datasets()))
                                .distinct(), conn)
            visible = set(pd.read_sql(
                select(observations.c.team).where(observations.c.dataset_id.in_(
                    live_datasets().where(datasets.c.names_visible.is_(True)))).distinct(), conn)["team"])
            visible |= set(attrs.loc[attrs["dataset_id"].isin(self._visible_dataset_ids(conn)), "team"])
        rows = {}
        # oldest upload first, and within one upload oldest period first: what comes later wins
        attrs = attrs.assign(_p=attrs["periode"].fillna("")).sort_values(["dataset_id", "_p"], kind="stable")
        latest_upload: dict[str, int] = {}
        for r in attrs.itertuples(index=False):
            entry = rows.setdefault(r.team, {"team": r.team, "gemeente": None, "wijk": None, "kenmerken": {},
                                             "kenmerken_periode": {}})
            if r.gemeente:
                entry["gemeente"] = r.gemeente
            if r.wijk:
                entry["wijk"] = r.wijk
            if isinstance(r.kenmerken, dict) and r.kenmerken:
                if latest_upload.get(r.team) != r.dataset_id:  # a newer upload replaces the set as a whole
                    entry["kenmerken"], entry["kenmerken_periode"] = {}, {}
                    latest_upload[r.team] = r.dataset_id
                entry["kenmerken"] = {**entry["kenmerken"], **r.kenmerken}
                if r.periode:
                    entry["kenmerken_periode"] = {**entry["kenmerken_periode"], **{k: r.periode for k in r.kenmerken}}
        for name in names["team"]:
            rows.setdefault(name, {"team": name, "gemeente": None, "wijk": None, "kenmerken": {}, "kenmerken_periode": {}})
        frame = pd.DataFrame(list(rows.values()), columns=["team", "gemeente", "wijk", "kenmerken", "kenmerken_periode"])
        frame["naam_zichtbaar"] = frame["team"].isin(visible)
        return frame.sort_values("team", key=lambda s: s.str.lower()).reset_index(drop=True)

    def populations_by_period(self) -> dict[str, dict[str, float]]:
        """Team -> {periode: jeugdigen} from the live attribute uploads that give them per period."""
        with self.engine.connect() as conn:
            rows = pd.read_sql(select(team_attributes.c.team, team_attributes.c.periode, team_attributes.c.kenmerken)
                               .join(datasets, datasets.c.id == team_attributes.c.dataset_id)
                               .where(datasets.c.deleted.is_(False), team_attributes.c.periode.is_not(None))
                               .order_by(team_attributes.c.dataset_id), conn)
        return populations_by_period(rows)

    @staticmethod
    def _visible_dataset_ids(conn) -> set[int]:
        return set(conn.execute(select(datasets.c.id).where(datasets.c.deleted.is_(False),
                                                            datasets.c.names_visible.is_(True))).scalars())

    # ------------------------------------------------------------------ SPC re-baselines
    def baselines(self, team: str, indicator: str) -> pd.DataFrame:
        """Manual re-baselines of this team's chart for this indicator, oldest period first."""
        with self.engine.connect() as conn:
            return pd.read_sql(select(spc_baselines.c.id, spc_baselines.c.periode, spc_baselines.c.reden)
                               .where(spc_baselines.c.team == team, spc_baselines.c.indicator == indicator)
                               .order_by(spc_baselines.c.periode), conn)

    def add_baseline(self, team: str, indicator: str, periode: str, reden: str) -> int:
        reden = reden.strip()
        if not reden:
            raise StoreError("Schrijf op waarom er vanaf deze periode een nieuwe basislijn is, "
                             "bijvoorbeeld ‘nieuwe werkwijze bij aanmelding’.")
        with self.engine.begin() as conn:
            conn.execute(spc_baselines.delete().where(spc_baselines.c.team == team, spc_baselines.c.indicator == indicator,
                                                      spc_baselines.c.periode == periode))
            new_id = int(conn.execute(insert(spc_baselines).values(
                team=team, indicator=indicator, periode=periode, reden=reden[:2000],
                created_at=dt.datetime.now(dt.UTC))).inserted_primary_key[0])
            bump_version(conn)  # the SPC summaries and prompts are cached per data version
            return new_id

    def remove_baseline(self, baseline_id: int) -> None:
        with self.engine.begin() as conn:
            conn.execute(spc_baselines.delete().where(spc_baselines.c.id == baseline_id))
            bump_version(conn)

    def team_baselines(self, team: str) -> dict[str, list[tuple[str, str]]]:
        """Every re-baseline of a team: indicator -> [(periode, reden)], oldest first."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(spc_baselines.c.indicator, spc_baselines.c.periode, spc_baselines.c.reden)
                                .where(spc_baselines.c.team == team).order_by(spc_baselines.c.periode)).all()
        out: dict[str, list[tuple[str, str]]] = {}
        for indicator, periode, reden in rows:
            out.setdefault(indicator, []).append((periode, reden))
        return out

    # ------------------------------------------------------------------ saved mappings
    def save_mapping(self, name: str, columns: list[str], mapping: dict[str, str], team: str | None = None,
                     options: dict | None = None) -> int:
        """Keep a mapping (and the plan's options, as JSON) for the next file with these headers;
        with ``team`` only that team gets it."""
        name = name.strip()
        if not name:
            raise StoreError("Geef de koppeling een naam, bijvoorbeeld de naam van het registratiesysteem.")
        with self.engine.begin() as conn:
            return int(conn.execute(insert(saved_mappings).values(
                name=name[:255], team=team, signature=header_signature(columns), columns=list(columns),
                mapping=mapping, options=options, created_at=dt.datetime.now(dt.UTC))).inserted_primary_key[0])

    def find_mapping(self, columns: list[str], team: str | None = None) -> dict | None:
        """The newest saved mapping for these exact headers that this team may use (one saved for
        everyone, or by this team), if any."""
        mine = saved_mappings.c.team.is_(None) if team is None else (
            saved_mappings.c.team.is_(None) | (saved_mappings.c.team == team))
        with self.engine.connect() as conn:
            row = conn.execute(select(saved_mappings.c.name, saved_mappings.c.mapping, saved_mappings.c.columns,
                                      saved_mappings.c.options)
                               .where(saved_mappings.c.signature == header_signature(columns), mine)
                               .order_by(saved_mappings.c.id.desc())).first()
        if row is None:
            return None
        by_norm = {c.strip().lower(): t for c, t in zip(row.columns, [row.mapping.get(c, "") for c in row.columns])}
        current = {c.strip().lower(): c for c in columns}

        def rekey(per_column: dict) -> dict:  # the options name columns as the saved file wrote them
            return {current[k.strip().lower()]: v for k, v in (per_column or {}).items() if k.strip().lower() in current}

        options = dict(row.options or {})
        options.update(filter=rekey(options.get("filter")), schaal=rekey(options.get("schaal")),
                       codes=rekey(options.get("codes")))
        return {"name": row.name, "mapping": {c: by_norm.get(c.strip().lower(), "") for c in columns},
                "options": options}

    # ------------------------------------------------------------------ installation state
    def secret(self) -> str:
        """This installation's random salt (pseudonyms, stand-ins for hidden counts)."""
        with self.engine.connect() as conn:
            return conn.execute(select(app_state.c.text).where(app_state.c.key == "geheim")).scalar_one()


def _find_by_hash(conn, digest: str) -> dict | None:
    row = conn.execute(select(datasets.c.id, datasets.c.filename, datasets.c.uploaded_at, datasets.c.deleted)
                       .where(datasets.c.sha256 == digest).order_by(datasets.c.id.desc())).first()
    return dict(row._mapping) if row else None
