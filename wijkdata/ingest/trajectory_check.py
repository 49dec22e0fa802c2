"""Check a list of trajecten row by row and compute its figures per team and period.

Every row that cannot be used is reported by row number and reason, never with its values (a row
is about a person): no team, no or an unreadable date, a start in the future, an end before the
start, a traject listed twice. Every code without a meaning is listed with how many trajecten
carry it, and those trajecten count neither way for the figure it feeds. The result has the shape
of a figures file's (``ValidationResult``): the pages, the store and the report need nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.formatting import format_int
from wijkdata.ingest import numbers as num
from wijkdata.ingest.errors import IngestError
from wijkdata.ingest.personal import refuse_personal_data
from wijkdata.ingest.plan import ImportOptions, filled_mask
from wijkdata.ingest.trajectory_fields import CODED, FIELDS, MAX_CODES, UNKNOWN
from wijkdata.ingest.issues import ERROR, ISSUE_COLUMNS, WARNING, issue_frame
from wijkdata.ingest.row_checks import check_team_names
from wijkdata.ingest.validate import ValidationResult
from wijkdata.periods import parse_period, period_label
from wijkdata.trajectories import figures_per_period
from wijkdata.trajectory_rules import number_column, rule_problems, text_column

# the flag each coded target sets; the reason for ending sets two
FLAG_OF = {"tr:doelen": "doelen_bereikt", "tr:uitvoering": "eigen_uitvoering", "tr:verwezen": "verwezen",
           "tr:crisis": "crisis", "tr:migratie": "migratie", "tr:lage_ses": "lage_ses"}
FEEDS = {"tr:reden": "uitval en verwijzingen", "tr:doelen": "doelen bereikt", "tr:uitvoering": "eigen uitvoering",
         "tr:verwezen": "verwijzingen naar specialistische hulp", "tr:crisis": "crisistrajecten",
         "tr:migratie": "bereik migratieachtergrond", "tr:lage_ses": "bereik lage SES"}
DATE_HELP = "Schrijf de datum als 31-12-2025 of 2025-12-31, of laat de cel in Excel een datum zijn."


@dataclass
class TrajectoryResult(ValidationResult):
    n_trajecten: int = 0  # rows counted in the figures
    periods: list[str] = field(default_factory=list)
    incomplete: str | None = None  # the newest period, left out: the export ends inside it
    unmapped: dict[str, dict[str, int]] = field(default_factory=dict)  # column -> code -> trajecten


def _dates(series: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Dates as Timestamps (NaT where empty or unreadable) and the mask of filled cells that are no date."""
    series = series.astype(object)  # the reader keeps a column of few distinct values as a category
    filled = filled_mask(series)
    parsed = {}
    for value in pd.unique(series[filled]):
        p = parse_period(value)
        parsed[value] = pd.Timestamp(p.start) if p is not None and p.granularity == "dag" else pd.NaT
    out = pd.Series(pd.NaT, index=series.index, dtype="datetime64[ns]")
    if filled.any():
        out[filled] = pd.to_datetime(series[filled].map(parsed))
    return out, filled & out.isna().to_numpy()


def _decode(series: pd.Series, codes: dict[str, str], column: str) -> tuple[pd.Series, dict[str, int], pd.Series]:
    """The meaning per row (None where empty, 'onbekend' or without a meaning), the codes without one
    and how many rows have each, and the cells as text."""
    # object first: the reader keeps a column of few distinct values as a category, whose mapped
    # values would stay a category (and count every category, also those of no row)
    text = series.astype(object).map(lambda v: str(v).strip() if v is not None and not (isinstance(v, float) and v != v)
                                      else "").astype(object)
    distinct = pd.unique(text[text != ""])
    if len(distinct) > MAX_CODES:
        raise IngestError(f"De kolom ‘{column}’ heeft meer dan {MAX_CODES} verschillende waarden; dat is geen lijst van "
                          "codes (misschien een vrije tekst of een datum).",
                          "Kies in de koppelstap een andere kolom voor dit veld, of ‘niet gebruiken’.")
    meaning = text.map(lambda v: codes.get(v))
    counts = text[(text != "") & meaning.isna()].value_counts()
    meaning = meaning.where(meaning != UNKNOWN)
    return meaning, {str(k): int(v) for k, v in counts.items()}, text


def _row_problems(df: pd.DataFrame, mask, column: str, problem: str, hint: str) -> pd.DataFrame:
    return issue_frame(df, mask, column, "", ERROR, problem, hint)


def check_trajectories(frame: pd.DataFrame, row_numbers, mapping: dict[str, str], options: ImportOptions,
                       catalog: Catalog, *, today: dt.date | None = None, own_team: str | None = None,
                       known_teams=(), max_teams: int | None = None) -> TrajectoryResult:
    """Check mapped trajectory rows and compute their figures per team and period (kwartaal unless
    ``options.frequency`` says maand or jaar), with the own figures of ``options.rules``."""
    refuse_personal_data(frame, trajectory_list=True)
    if problems := [p for rule in options.rules for p in rule_problems(rule, catalog, frame.columns)]:
        raise IngestError(" ".join(problems), "Pas de eigen cijfers aan in de koppelstap, of haal de regel weg.")
    today = today or dt.date.today()
    frame = frame.reset_index(drop=True)
    col = {t: c for c, t in mapping.items() if t}
    df = pd.DataFrame({"_rij": list(row_numbers), "team": frame[col["team"]]})
    frames, error, n_foreign = check_team_names(df, own_team, known_teams, max_teams)
    start, bad_start = _dates(frame[col["tr:start"]])
    end, bad_end = _dates(frame[col["tr:eind"]]) if "tr:eind" in col else (pd.Series(pd.NaT, index=frame.index), None)
    future = pd.Timestamp(today)
    checks = [
        (start.isna().to_numpy() & ~bad_start, "tr:start", "De startdatum ontbreekt.", "Vul de startdatum van het traject in."),
        (bad_start, "tr:start", "De startdatum is niet te lezen als datum.", DATE_HELP),
        ((start > future).to_numpy(), "tr:start", "De startdatum ligt in de toekomst.",
         "Controleer de datum; een traject dat nog moet beginnen hoort niet in de export."),
    ]
    if bad_end is not None:
        checks += [
            (bad_end, "tr:eind", "De einddatum is niet te lezen als datum.", DATE_HELP + " Laat de cel leeg zolang het "
             "traject loopt."),
            ((end > future).to_numpy(), "tr:eind", "De einddatum ligt in de toekomst.",
             "Laat de einddatum leeg zolang het traject loopt."),
            ((end < start).to_numpy(), "tr:eind", "De einddatum ligt vóór de startdatum.",
             "Controleer beide datums in het registratiesysteem."),
        ]
    if "tr:id" in col:
        ids = frame[col["tr:id"]].astype(str).str.strip().where(filled_mask(frame[col["tr:id"]]))
        checks.append(((ids.notna() & ids.duplicated()).to_numpy(), "tr:id", "Dit traject staat al eerder in het "
                       "bestand (zelfde nummer); de eerste rij telt.", "Haal de dubbele rij uit de export."))
    for mask, target, problem, hint in checks:
        mask = np.asarray(mask, dtype=bool) & ~error
        frames.append(_row_problems(df, mask, col[target], problem, hint))
        error |= mask

    rows = pd.DataFrame({"team": df["team"], "start": start})
    if "tr:eind" in col:
        rows["eind"] = end
    unmapped: dict[str, dict[str, int]] = {}
    for target in CODED:
        if target not in col:
            continue
        meaning, missing, text = _decode(frame[col[target]], options.codes.get(col[target], {}), col[target])
        if missing:
            unmapped[col[target]] = missing
            first_row = {code: df["_rij"][text == code].iloc[0] for code in missing}
            frames.append(pd.DataFrame([{
                "rij": first_row[code], "kolom": col[target], "waarde": code, "ernst": WARNING,
                "probleem": f"De code ‘{code}’ heeft nog geen betekenis ({format_int(n)} "
                            f"{'traject' if n == 1 else 'trajecten'}); die tellen niet mee voor {FEEDS[target]}.",
                "oplossing": "Kies in de koppelstap bij ‘Wat betekenen de codes?’ wat deze code betekent (of "
                             "‘onbekend’).", "_idx": 0, "_meer": 0} for code, n in missing.items()]))
        if target == "tr:reden":
            rows["uitval"] = (meaning == "uitval").astype("boolean").where(meaning.notna())
            if "tr:verwezen" not in col:
                rows["verwezen"] = (meaning == "verwezen").astype("boolean").where(meaning.notna())
        else:
            rows[FLAG_OF[target]] = (meaning == "ja").astype("boolean").where(meaning.notna())
    if "tr:tevredenheid" in col:
        source = frame[col["tr:tevredenheid"]]
        scores, _ = num.parse_numbers(source, num.detect_convention([source], ","))
        outside = (scores < 1) | (scores > 10)
        frames.append(issue_frame(df, outside.to_numpy() & ~error, col["tr:tevredenheid"], "", WARNING,
                                   "De tevredenheid ligt niet tussen 1 en 10; die telt niet mee.",
                                   "Controleer de schaal: een rapportcijfer loopt van 1 tot 10."))
        rows["tevredenheid"] = scores.where(~outside)

    for column in {c for rule in options.rules for c in rule.columns}:
        rows[text_column(column)] = frame[column].astype("string").str.strip().astype(object)
        rows[number_column(column)] = num.parse_numbers(frame[column], num.detect_convention([frame[column]], ","))[0]
    used = rows[~error].reset_index(drop=True)
    rules = tuple((r, catalog[r.indicator].kind, catalog[r.indicator].eenheid) for r in options.rules)
    figures = figures_per_period(used, options.frequency or "kwartaal", rules)
    if figures.incomplete:
        frames.append(pd.DataFrame([{
            "rij": 1, "kolom": col.get("tr:eind", col["tr:start"]), "waarde": figures.incomplete, "ernst": WARNING,
            "probleem": f"De export eindigt midden in {period_label(figures.incomplete)}; die periode is nog niet compleet "
                        "en telt niet mee.", "oplossing": "Niets te doen; een latere export met de hele periode vult hem aan.",
            "_idx": 0, "_meer": 0}]))
    if figures.partial_before:
        frames.append(pd.DataFrame([{
            "rij": 1, "kolom": col["tr:start"], "waarde": figures.partial_before, "ernst": WARNING,
            "probleem": f"Vóór {period_label(figures.partial_before)} staan in de export alleen trajecten die daarna nog "
                        "liepen; de periodes daarvoor zijn niet compleet en tellen niet mee.",
            "oplossing": "Niets te doen; wilt u eerdere periodes, exporteer dan ook de trajecten die eerder eindigden.",
            "_idx": 0, "_meer": 0}]))
    frames = [f for f in frames if len(f)]
    issues = (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=ISSUE_COLUMNS))
    issues = issues.sort_values("rij", kind="stable").reset_index(drop=True)[ISSUE_COLUMNS]
    obs = figures.observations.assign(gemeente=None, wijk=None)
    rejected = sorted(int(r) for r in df["_rij"][error])
    return TrajectoryResult(obs, issues, rejected, len(frame), len(obs), 0, 0, num.DecimalConvention(",", False),
                            n_foreign, n_trajecten=len(used), periods=figures.periods, incomplete=figures.incomplete,
                            unmapped=unmapped)


def summary_lines(checked) -> list[str]:
    """Dutch lines for the report of a checked list of trajecten (a CheckedUpload): what was counted,
    for which periods, what the file lacks, the own figures, and that the file itself is not kept."""
    result, mapping = checked.result, checked.mapping
    lines = [f"{format_int(result.n_trajecten)} van de {format_int(result.n_source_rows)} trajecten tellen mee."]
    if result.periods:
        first, last = period_label(result.periods[0]), period_label(result.periods[-1])
        lines.append(f"Berekend per team voor {format_int(len(result.periods))} periodes, {first} tot en met {last}.")
    have = {t for t in mapping.values() if t}
    missing = [FIELDS[t] for t in ("tr:eind", "tr:reden", "tr:doelen", "tr:tevredenheid") if t not in have]
    if missing:
        lines.append(f"Niet in dit bestand: {'; '.join(missing)}. De cijfers die daarop steunen worden niet berekend.")
    for column, codes in result.unmapped.items():
        n = sum(codes.values())
        lines.append(f"In ‘{column}’ hebben {format_int(len(codes))} codes nog geen betekenis ({format_int(n)} "
                     "trajecten); die tellen nergens mee tot u een betekenis kiest.")
    lines += [f"Eigen cijfer: {rule.describe(checked.catalog)}" for rule in checked.options.rules]
    lines.append("Het bestand zelf wordt niet bewaard: het gaat over personen. Alleen de berekende cijfers, de "
                 "kolomnamen, de koppeling van de codes en een vingerafdruk (sha256) van het bestand worden opgeslagen.")
    return lines
