"""Use cases shared by the app and the command line: check a file, import it, load the sample.

Pages and the CLI call these; they hold no Streamlit and no printing.
"""

from __future__ import annotations

import datetime as dt

from wijkdata.catalog import Catalog, load_catalog
from wijkdata.ingest import CheckedUpload, check_upload, propose_mapping, read_table
from wijkdata.ingest.mapping import MappingProposal
from wijkdata.ingest.reader import RawTable
from wijkdata.sample import generate, long_csv, teams_csv
from wijkdata.store import Store

SAMPLE_TEAMS_NAME = "voorbeeld_teams.csv"
SAMPLE_DATA_NAME = "voorbeeld_cijfers.csv"


def proposal_for(raw: RawTable, store: Store | None, catalog: Catalog) -> tuple[MappingProposal, str | None]:
    """The mapping to start from: a saved one for these exact headers, else a fresh proposal.
    Returns (proposal, name of the saved mapping or None)."""
    columns = list(raw.frame.columns)
    saved = store.find_mapping(columns) if store is not None else None
    if saved:
        return MappingProposal(saved["mapping"], {c: 100 for c in columns}), saved["name"]
    return propose_mapping(columns, catalog), None


def check_file(data: bytes, filename: str, store: Store | None = None, *, sheet: str | None = None,
               mapping: dict[str, str] | None = None, max_bytes: int | None = None,
               today: dt.date | None = None) -> CheckedUpload:
    """Read, map (given or proposed) and check a file. Raises IngestError with a Dutch message."""
    catalog = load_catalog()
    raw = read_table(data, filename, sheet=sheet, max_bytes=max_bytes)
    if mapping is None:
        mapping = proposal_for(raw, store, catalog)[0].mapping
    previous = None
    if store is not None and "team" in mapping.values():
        team_col = next(c for c, t in mapping.items() if t == "team")
        teams = [str(t).strip() for t in raw.frame[team_col].dropna().unique()]
        previous = store.previous_values(teams)
    return check_upload(raw, mapping, catalog, previous=previous, today=today)


def ensure_sample(store: Store) -> bool:
    """On a first start (no upload ever), load the sample teams and figures. True if loaded.
    Two app processes starting together on one database load it once."""
    with store.exclusive("voorbeelddata"):
        if store.has_datasets():
            return False
        data = generate()
        for name, content in ((SAMPLE_TEAMS_NAME, teams_csv(data)), (SAMPLE_DATA_NAME, long_csv(data))):
            checked = check_file(content, name, store)
            store.import_upload(checked, name, content, is_sample=True)
        return True
