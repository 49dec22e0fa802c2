"""Use cases shared by the app and the command line: check a file, import it, load the sample.

Pages and the CLI call these; they hold no Streamlit and no printing.
"""

from __future__ import annotations

import datetime as dt

from wijkdata.access import OPEN_ACCESS, Access, AccessDenied
from wijkdata.catalog import Catalog, Indicator, load_catalog
from wijkdata.config import load_settings
from wijkdata.ingest import CheckedUpload, check_upload, read_table
from wijkdata.ingest.mapping import MappingProposal
from wijkdata.ingest.plan import NO_OPTIONS, ImportOptions
from wijkdata.ingest.proposal import propose_plan
from wijkdata.ingest.reader import RawTable
from wijkdata.ingest.teams import normalise_name
from wijkdata.privacy import suppress_small_counts
from wijkdata.sample import generate, long_csv, teams_csv
from wijkdata.store import Store

SAMPLE_TEAMS_NAME = "voorbeeld_teams.csv"
SAMPLE_DATA_NAME = "voorbeeld_cijfers.csv"


def proposal_for(raw: RawTable, store: Store | None, catalog: Catalog,
                 access: Access = OPEN_ACCESS) -> tuple[MappingProposal, str | None]:
    """The mapping to start from: a saved one for these exact headers (a team member's own team's,
    or one saved by a manager), else a fresh proposal. Returns (proposal, name of the saved mapping or None)."""
    columns = list(raw.frame.columns)
    saved = store.find_mapping(columns, team=access.restricted_team) if store is not None else None
    if saved:
        options = ImportOptions.from_json(saved["options"]).restricted_to(columns)
        return MappingProposal(saved["mapping"], {c: 100 for c in columns}, options), saved["name"]
    return propose_plan(raw, catalog), None


def catalog_of(store: Store | None) -> Catalog:
    """The catalogue of this installation: built-in plus own indicators (built-in only without a store)."""
    return store.catalog() if store is not None else load_catalog()


def check_file(data: bytes, filename: str, store: Store | None = None, *, access: Access = OPEN_ACCESS,
               raw: RawTable | None = None, sheet: str | None = None, mapping: dict[str, str] | None = None,
               options: ImportOptions | None = None, max_bytes: int | None = None,
               today: dt.date | None = None) -> CheckedUpload:
    """Read (unless ``raw`` is the table already read), map (given or proposed) and check a file.
    Raises IngestError with a Dutch message."""
    if raw is None:
        raw = read_table(data, filename, sheet=sheet, max_bytes=max_bytes, max_rows=load_settings().max_rows)
    return check_table(raw, store, access=access, mapping=mapping, options=options, today=today)


def check_table(raw: RawTable, store: Store | None = None, *, access: Access = OPEN_ACCESS,
                mapping: dict[str, str] | None = None, options: ImportOptions | None = None,
                new_indicators=(), today: dt.date | None = None) -> CheckedUpload:
    """Map (given or proposed) and check a table already read. Raises IngestError in Dutch.
    ``options`` (row filter, scales, frequency) default to the proposal's when no mapping is given.

    For a team member every row of another team is refused, and the checks compare only with the
    own team's stored values, so a report never shows or confirms another team's figures."""
    catalog = catalog_of(store)
    settings = load_settings()
    if mapping is None:
        proposal = proposal_for(raw, store, catalog, access)[0]
        mapping = proposal.mapping
        options = proposal.options if options is None else options
        new_indicators = new_indicators or proposal.new_indicators
    own = access.restricted_team
    previous, known = None, [own] if own else []
    if store is not None and own:
        previous = store.previous_values([own])
    elif store is not None and "team" in mapping.values():
        known = store.team_names()
        team_col = next(c for c, t in mapping.items() if t == "team")
        distinct = raw.frame[team_col].dropna().unique()
        if len(distinct) > settings.max_teams:  # told by the check below, before a million names are looked up
            distinct = distinct[:0]
        teams = {normalise_name(t) for t in distinct} - {None}
        previous = store.previous_values(sorted(teams & set(known)))
    if previous is not None:  # a stored value the pages hide is not repeated in a message either
        hidden = suppress_small_counts(previous, catalog, settings.small_count_threshold)["onderdrukt"] != ""
        previous = previous.assign(verborgen=hidden.to_numpy())
    return check_upload(raw, mapping, catalog, previous=previous, today=today, own_team=own, known_teams=known,
                        max_teams=settings.max_teams, small_count=settings.small_count_threshold,
                        options=options or NO_OPTIONS, new_indicators=new_indicators)


def import_checked(store: Store, checked: CheckedUpload, filename: str, data: bytes, access: Access = OPEN_ACCESS,
                   **options) -> int:
    """Store a checked upload (all of it or nothing); returns the upload's number. A team member's
    upload holds only the own team: anything else is refused before a byte is written."""
    own = access.restricted_team
    if own is not None:
        result = checked.result
        teams = set(result.teams["team"] if checked.layout == "teamkenmerken" else result.observations["team"])
        if checked.attributes is not None:
            teams |= set(checked.attributes.teams["team"])
        if checked.series_breaks is not None:
            teams |= set(checked.series_breaks["team"])
        if teams - {own}:
            raise AccessDenied(f"Deze upload bevat cijfers van andere teams dan {own}. U mag alleen cijfers van uw "
                               "eigen team importeren; controleer het bestand opnieuw.")
    if checked.new_indicators:
        access.require_indicator_management()
    return store.import_upload(checked, filename, data, **options)


def set_upload_deleted(store: Store, access: Access, ds_id: int, deleted: bool) -> None:
    access.require_upload_management()
    store.set_deleted(ds_id, deleted)


def set_upload_names_visible(store: Store, access: Access, ds_id: int, visible: bool) -> None:
    access.require_upload_management()
    store.set_names_visible(ds_id, visible)


def save_mapping(store: Store, access: Access, name: str, columns: list[str], mapping: dict[str, str],
                 options: ImportOptions = NO_OPTIONS) -> int:
    """A team member's saved mapping is offered to the own team only; a manager's to everyone."""
    return store.save_mapping(name, columns, mapping, team=access.restricted_team, options=options.to_json())


def save_indicator(store: Store, access: Access, indicator: Indicator, *, editing: bool = False) -> None:
    """Add or change an own indicator: a manager's task when login is on (it changes every page)."""
    access.require_indicator_management()
    store.indicators.save(indicator, editing=editing)


def remove_indicator(store: Store, access: Access, code: str) -> None:
    access.require_indicator_management()
    store.indicators.remove(code)


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
