"""The checks of a mapped table of figures, one function per rule. Each check reads the table,
normalises the columns it owns in place (team names, periods, indicator codes, numbers) and adds
its report lines and refused rows to the Findings. wijkdata.ingest.validate runs them in order.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pandera.pandas as pa
from rapidfuzz import fuzz, process

from wijkdata.catalog import Catalog
from wijkdata.ingest import numbers as num
from wijkdata.ingest.issues import ERROR, WARNING, Findings, capped, issue_frame, per_value, text_values
from wijkdata.ingest.limits import too_many_teams
from wijkdata.ingest.mapping import VALUE_PARTS
from wijkdata.ingest.plan import missing_decimal_sign
from wijkdata.ingest.teams import lookalikes, normalise_name, variants_in_file
from wijkdata.periods import PERIOD_HELP, at_frequency, parse_period, period_label
from wijkdata.text import normalise_label

JUMP_FACTOR = 3.0
JUMP_MIN_COUNT = 10  # small counts jump by chance (2 -> 7): a count, or the teller of a
# proportion, must reach 10 in one of the two periods before a jump is flagged


def check_periods(found: Findings, today: dt.date, frequency: str | None) -> pd.Series:
    """Periods read (each distinct value once) into ``periode`` and ``periode_start``: missing,
    unreadable, coarser than the chosen frequency, or more than a year ahead (a typo, 2042 for
    2024). Returns the periods as written, for the messages of later checks."""
    df = found.df
    raw_period = text_values(df["periode"])
    parsed = {v: at_frequency(parse_period(v), frequency) for v in pd.unique(raw_period.dropna())}
    df["periode"] = per_value(raw_period, lambda v: parsed[v].code if v is not None and parsed.get(v) else None)
    df["periode_start"] = per_value(raw_period, lambda v: parsed[v].start if v is not None and parsed.get(v) else None)
    missing = raw_period.isna().to_numpy()
    bad = df["periode"].isna().to_numpy() & ~missing
    found.add(missing, "periode", "", ERROR, "De periode ontbreekt.", PERIOD_HELP)
    found.add(bad, "periode", raw_period, ERROR, "Deze periode is niet te lezen." + (
        f" Bij de gekozen frequentie ({frequency}) moet hij een {frequency} of een datum zijn." if frequency else ""),
        PERIOD_HELP)
    if frequency and any(p is not None and p.granularity != frequency for p in parsed.values()):
        wrong = per_value(raw_period, lambda v: v is not None and parsed.get(v) is not None
                          and parsed[v].granularity != frequency).to_numpy(bool)
        found.add(wrong, "periode", raw_period, ERROR, f"Deze periode is grover dan de gekozen frequentie ({frequency}).",
                  "Kies in de koppelstap de frequentie die bij het bestand past.")
    horizon = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) \
        else today.replace(year=today.year + 1, day=28)
    far = per_value(df["periode_start"], lambda d: d is not None and d > horizon).to_numpy(bool)
    found.add(far, "periode", raw_period, ERROR, "Deze periode ligt meer dan een jaar in de toekomst.",
              "Controleer het jaartal; cijfers kunnen pas worden geteld als de periode voorbij is.")
    return raw_period


def check_indicators(found: Findings, catalog: Catalog) -> None:
    """Indicator codes, names or synonyms (long layout) to codes; a missing or unknown one refuses
    the row, with the nearest code from the catalogue as a suggestion."""
    df = found.df
    raw_ind = text_values(df["indicator"])
    known = {v: catalog.lookup(v) for v in pd.unique(raw_ind.dropna())}
    df["indicator"] = per_value(raw_ind, lambda v: known.get(v) if v is not None else None)
    missing = raw_ind.isna().to_numpy()
    bad = df["indicator"].isna().to_numpy() & ~missing
    found.add(missing, "indicator", "", ERROR, "De indicator ontbreekt.",
              "Vul de code of naam van de indicator in, zoals in de catalogus op de pagina Gegevens.")
    suggestions = {v: _suggest(v, catalog) for v, code in known.items() if code is None}
    found.add(bad, "indicator", raw_ind, ERROR, "Deze indicator staat niet in de catalogus.",
              per_value(raw_ind, lambda v: suggestions.get(v, "")))


def check_combined_columns(found: Findings) -> None:
    """Combined columns (CBS Naam_88, Naam_97) must give one value per row."""
    df = found.df
    if "_dubbel" in df and df["_dubbel"].notna().any():
        found.add(df["_dubbel"].notna().to_numpy(), df["_kolom"], df["_dubbel"], ERROR,
                  "Deze rij heeft een waarde in meer dan één van de samengevoegde kolommen (hier en in de kolom die "
                  "bij ‘waarde’ staat).",
                  "Laat per rij één van deze kolommen gevuld, of koppel de kolommen aan verschillende indicatoren.")


def read_values(found: Findings, default_decimal: str, scales: dict[str, float] | None
                ) -> tuple[num.DecimalConvention, dict[str, np.ndarray]]:
    """waarde, teller, noemer, n and sd read as numbers in the file's decimal convention, scaled
    per source column; what cannot be read is reported. Returns the convention and, per part,
    which rows gave a number."""
    df = found.df
    present = [p for p in VALUE_PARTS if df[p].notna().any()]
    convention = num.detect_convention([df[p] for p in present], default_decimal)
    given = {}
    for part in VALUE_PARTS:
        raw = df[part]
        values, problems = num.parse_numbers(raw, convention)
        if scales and f"_kolom_{part}" in df:
            values = values * df[f"_kolom_{part}"].map(scales).fillna(1.0).astype(float).to_numpy()
        df[part] = values
        given[part] = values.notna().to_numpy()
        col_name = df["_kolom"] if part == "waarde" else part
        for code in (num.NOT_A_NUMBER, num.NOT_FINITE, num.TOO_LARGE, num.OTHER_CONVENTION, num.AMBIGUOUS):
            mask = (problems == code).to_numpy()
            if not mask.any():
                continue
            shown, total = capped(mask)
            texts = [num.describe_problem(code, r, v, convention) for r, v in zip(raw[shown], values[shown])]
            what = pd.Series([t[0] for t in texts], index=df.index[shown]).reindex(df.index)
            how = pd.Series([t[1] for t in texts], index=df.index[shown]).reindex(df.index)
            severity = WARNING if code in (num.OTHER_CONVENTION, num.AMBIGUOUS) else ERROR
            found.add(shown, col_name, raw, severity, what, how, total=total)
            if severity == ERROR:
                found.error |= mask  # the rows past the cap are refused too
    return convention, given


def derive_values(df: pd.DataFrame, catalog: Catalog, given: dict[str, np.ndarray]) -> tuple[pd.Series, pd.Series]:
    """A proportion or rate given only as teller and noemer gets its waarde computed. Returns the
    unit and kind of each row's indicator."""
    units = per_value(df["indicator"], lambda c: catalog[c].eenheid if c in catalog else None)
    kinds = per_value(df["indicator"], lambda c: catalog[c].kind if c in catalog else None)
    df["waarde_gegeven"] = given["waarde"]
    can_derive = (~given["waarde"] & given["teller"] & given["noemer"] & (df["noemer"] > 0).to_numpy()
                  & kinds.isin(["proportion", "rate"]).to_numpy())
    factor = per_value(df["indicator"], lambda c: catalog[c].scale if c in catalog else 1.0).astype(float).to_numpy()
    df.loc[can_derive, "waarde"] = (df["teller"] / df["noemer"] * factor)[can_derive]
    return units, kinds


def check_tenfold(found: Findings, given: dict[str, np.ndarray]) -> np.ndarray:
    """A value ten times the rest of its column: a decimal sign lost (119 for 11,9). Returns those rows."""
    df = found.df
    tenfold = np.zeros(len(df), dtype=bool)
    for _, idx in df.loc[~found.error & given["waarde"]].groupby(["_kolom", "indicator"], sort=False).groups.items():
        tenfold[df.index.get_indexer(idx)] = missing_decimal_sign(df.loc[idx, "waarde"])
    # only the flagged values are written out: formatting every value of a national file took 7 s
    found.add(tenfold, df["_kolom"], df.loc[tenfold, "waarde"].map(num.format_plain).reindex(df.index), WARNING,
              "Dit getal is ongeveer tien keer zo groot als de andere waarden in deze kolom; ontbreekt het "
              "decimaalteken (119 voor 11,9)?",
              "Zet het decimaalteken terug in het bestand. Staan alle waarden van de kolom zo, kies dan in de "
              "koppelstap voor deze kolom de schaal ÷ 10.")
    return tenfold


def check_plausibility(found: Findings, units: pd.Series, kinds: pd.Series, tenfold: np.ndarray) -> None:
    """Plausible ranges of the usable rows (a pandera schema, all failures collected)."""
    df = found.df
    usable = ~found.error
    check_df = df.loc[usable, ["waarde", "teller", "noemer", "waarde_gegeven"]]
    if not len(check_df):
        return
    try:
        _content_schema(units[usable], kinds[usable]).validate(check_df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases.dropna(subset=["index"]).drop_duplicates(["check", "index"])
        for check, idx in fc.groupby("check")["index"]:
            column, what, how = WARNING_TEXTS[str(check)]
            mask = df.index.isin(idx.astype(int))
            if check == "pct_boven_100":
                mask &= ~tenfold  # said more precisely: a decimal sign lost
            kolom = df["_kolom"] if column == "waarde" else column
            shown = df[column] if column in df else ""
            shown = shown[mask].map(num.format_plain).reindex(df.index) if isinstance(shown, pd.Series) else shown
            found.add(mask, kolom, shown, WARNING, what, how)


def check_duplicates(found: Findings) -> np.ndarray:
    """Team, periode and indicator twice in the file: the last row counts. Returns the rows it replaces."""
    df = found.df
    usable = ~found.error
    key = ["team", "periode", "indicator"]
    dup = df.duplicated(key, keep="last").to_numpy() & usable
    if dup.any():
        shown, total = capped(dup)
        last_row = df.loc[usable].groupby(key, sort=False, observed=True)["_rij"].transform("last")
        later = last_row.reindex(df.index[shown]).astype("int64").astype(str)
        what = ("Team, periode en indicator staan nog een keer in het bestand; rij " + later + " telt.").reindex(df.index)
        rows = df.loc[shown]
        where = (rows["team"] + " / " + per_value(rows["periode"], lambda p: period_label(p) if p else "") + " / "
                 + rows["indicator"].fillna("")).reindex(df.index)
        found.add(shown, "team", where, WARNING, what, "Haal de dubbele rij weg of corrigeer team, periode of indicator.",
                  total=total)
    return dup


def check_future(found: Findings, raw_period: pd.Series, today: dt.date) -> None:
    """A usable period that has not ended yet (within a year: further ahead is refused already)."""
    df = found.df
    future = ~found.error & per_value(df["periode_start"], lambda d: d is not None and d > today).to_numpy(bool)
    found.add(future, "periode", raw_period, WARNING, "Deze periode ligt in de toekomst.",
              "Controleer het jaartal of kwartaal.")


def check_jumps(found: Findings, keep: np.ndarray, kinds: pd.Series, previous: pd.DataFrame | None,
                small_count: int) -> None:
    """A value more than three times as large or small as the team's own previous period (in the
    file or already stored). A stored value that is hidden is not compared with at all (see _jumps),
    so the message can always name the previous value."""
    df = found.df
    jump = _jumps(df.loc[keep], kinds[keep], previous, small_count)
    if not len(jump):
        return
    mask = df.index.isin(jump.index)
    prev_text = (" (" + jump["vorige"].map(num.format_plain) + ")").reindex(df.index)
    found.add(mask, df["_kolom"], df["waarde"][mask].map(num.format_plain).reindex(df.index), WARNING,
              "De waarde is meer dan 3 keer zo groot of klein als in de vorige periode" + prev_text.fillna("") + ".",
              "Controleer of de waarde klopt; een echte grote verandering is het bespreken waard.")


def check_team_names(df: pd.DataFrame, own_team: str | None, known_teams, max_teams: int | None,
                     column: str = "team") -> tuple[list[pd.DataFrame], np.ndarray, int]:
    """Normalise ``df[column]`` in place and report on it: missing names, invisible characters,
    spellings that only look like a known team, other teams than a team member's own.
    Returns (issue frames, error mask, number of rows of other teams)."""
    raw = df[column]
    if max_teams is not None and raw.nunique() > max_teams:  # count spellings as normalised, stop early
        seen: set[str] = set()
        for value in pd.unique(raw.dropna()):
            if (name := normalise_name(value)) is not None:
                seen.add(name)
                if len(seen) > max_teams:
                    raise too_many_teams(raw.nunique(), max_teams)
    df[column] = per_value(raw, normalise_name)
    frames = []
    missing = df[column].isna().to_numpy()
    frames.append(issue_frame(df, missing, column, "", ERROR, "De teamnaam ontbreekt.",
                               "Vul in deze rij de naam van het team in."))
    error = missing.copy()
    stripped = per_value(raw, lambda v: None if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())
    cleaned = (stripped.notna() & df[column].notna() & (stripped != df[column])).to_numpy()
    frames.append(issue_frame(df, cleaned, column, df[column], WARNING,
                               "In de teamnaam stonden onzichtbare tekens, dubbele of vaste spaties; die zijn weggehaald.",
                               "Niets te doen; de naam is opgeslagen zoals hij hier staat."))
    names = df[column]
    if own_team is not None:
        like_own = lookalikes(names.dropna().unique(), [own_team])
        foreign = (names.notna() & (names != own_team)).to_numpy()
        hint = per_value(names, lambda v: (f"Bedoelt u '{own_team}'? Schrijf de naam van uw team precies zo."
                                            if v in like_own else
                                            f"U mag alleen cijfers van uw eigen team ({own_team}) uploaden. Haal de rijen "
                                            "van andere teams uit het bestand, of vraag een manager om ze te uploaden."))
        frames.append(issue_frame(df, foreign, column, "", ERROR, "Deze rij hoort niet bij uw eigen team.", hint))
        return frames, error | foreign, int(foreign.sum())
    in_file = variants_in_file(names)
    like_known = lookalikes([n for n in names.dropna().unique() if n not in in_file], known_teams)
    suggestion = {**like_known, **in_file}
    odd = names.isin(list(suggestion)).to_numpy()
    frames.append(issue_frame(df, odd, column, names, ERROR,
                               per_value(names, lambda v: "Deze teamnaam lijkt op een bestaand team, maar is anders "
                                          "geschreven (hoofdletters, accenten, spaties of streepjes)." if v in like_known else
                                          "Dit team staat in het bestand ook met een andere schrijfwijze."),
                               per_value(names, lambda v: f"Bedoelt u '{suggestion.get(v, '')}'? Schrijf de naam "
                                          "precies zo; anders wordt dit een nieuw team.")))
    return frames, error | odd, 0


SUGGEST_CUTOFF = 85  # a suggestion only for a near spelling ('uitvall'), never a far-off guess


def _suggest(value: str, catalog: Catalog) -> str:
    labels = catalog.labels()
    hit = process.extractOne(normalise_label(value), list(labels), scorer=fuzz.ratio, score_cutoff=SUGGEST_CUTOFF)
    if hit:
        code = labels[hit[0]]
        return f"Bedoelt u '{code}' ({catalog[code].naam})? Gebruik een code of naam uit de catalogus."
    return ("Gebruik een code of naam uit de indicatorcatalogus, of maak er een eigen indicator van "
            "(Gegevens → Indicatoren, of ‘nieuwe indicator van deze kolom’ in de koppelstap).")


def _jumps(df: pd.DataFrame, kinds: pd.Series, previous: pd.DataFrame | None, threshold: int) -> pd.DataFrame:
    cols = ["team", "indicator", "periode_start", "waarde", "teller"]
    own = df[cols].assign(_own=True, _kind=kinds, verborgen=False)
    parts = [own]
    if previous is not None and len(previous):
        kinds_seen = own[["indicator", "_kind"]].drop_duplicates("indicator")
        prev = previous.reindex(columns=[*cols, "verborgen"]).assign(_own=False)
        prev["_kind"] = prev["indicator"].map(dict(zip(kinds_seen["indicator"], kinds_seen["_kind"])))
        parts.append(prev)
    key = ["team", "indicator", "periode_start"]
    # the file's rows first, so after the (stable) sort a stored value of a key the file gives again
    # directly follows the file's row, and is dropped: the file's value replaces it
    both = pd.concat(parts).sort_values(key, kind="stable")
    if len(parts) > 1:
        same = np.ones(len(both), dtype=bool)
        for col in key:
            values = both[col].to_numpy(dtype=object)
            same[1:] &= values[1:] == values[:-1]
        same[0] = False
        both = both[~(same & ~both["_own"].to_numpy(dtype=bool))]
    both = both.dropna(subset=["waarde"])
    both[["waarde", "teller"]] = both[["waarde", "teller"]].apply(pd.to_numeric, errors="coerce")
    grouped = both.groupby(["team", "indicator"], sort=False)
    both["vorige"] = grouped["waarde"].shift()
    both["vorige_teller"] = grouped["teller"].shift()
    cur, prev = both["waarde"], both["vorige"]
    positive = (cur > 0) & (prev > 0)
    ratio = np.where(positive, np.maximum(cur, prev) / np.minimum(cur, prev).where(positive, 1), 0)
    small_count = both["_kind"].eq("count") & (np.maximum(cur, prev) < JUMP_MIN_COUNT)
    small_teller = np.maximum(both["teller"], both["vorige_teller"]) < JUMP_MIN_COUNT  # NaN compares False
    small = small_count | small_teller
    # a stored value the pages hide (a small count, or a share with a small part) is not repeated here;
    # ``verborgen`` comes with the stored values, and without it a small count or teller counts as hidden
    stored_hidden = both["verborgen"].fillna(False).astype(bool) | ~both["_own"].astype(bool) & (
        (both["_kind"].eq("count") & both["waarde"].between(1, threshold)) | both["teller"].between(1, threshold))
    both["vorige_klein"] = grouped["_own"].shift().eq(False) & stored_hidden.groupby(
        [both["team"], both["indicator"]], sort=False).shift().fillna(False).astype(bool)
    # against a hidden stored value there is no check at all: whether a warning appears would tell
    # the hidden value's size (an upload of 10 warns after 1-3, not after 4 or 5)
    flagged = both[both["_own"].eq(True) & positive & (ratio > JUMP_FACTOR) & ~small & ~both["vorige_klein"]]
    return flagged[["vorige"]]


def _content_schema(units: pd.Series, kinds: pd.Series) -> pa.DataFrameSchema:
    """Warnings on plausible ranges; names are the keys of WARNING_TEXTS."""
    pct = units.eq("%")
    return pa.DataFrameSchema(checks=[
        pa.Check(lambda d: ~(pct & (d["waarde"] > 100)), name="pct_boven_100"),
        pa.Check(lambda d: ~(units.eq("rapportcijfer") & ((d["waarde"] > 10) | (d["waarde"] < 1))), name="cijfer_buiten_1_10"),
        pa.Check(lambda d: ~((d["waarde"] < 0) | (d["teller"] < 0) | (d["noemer"] < 0)), name="negatief"),
        pa.Check(lambda d: ~(kinds.eq("proportion") & (d["teller"] > d["noemer"])), name="teller_groter_dan_noemer"),
        pa.Check(lambda d: ~(kinds.eq("count") & ((d["waarde"] % 1).fillna(0) != 0)), name="geen_heel_aantal"),
        pa.Check(lambda d: ~(pct & d["waarde_gegeven"] & (d["noemer"] > 0)
                             & ((d["waarde"] - 100 * d["teller"] / d["noemer"]).abs() > 1)), name="waarde_past_niet"),
    ])


WARNING_TEXTS = {
    "pct_boven_100": ("waarde", "Een percentage boven 100.", "Controleer de waarde; een percentage ligt tussen 0 en 100."),
    "cijfer_buiten_1_10": ("waarde", "Een rapportcijfer buiten 1 tot en met 10.",
                           "Controleer het cijfer; een rapportcijfer ligt tussen 1 en 10."),
    "negatief": ("waarde", "Een negatief getal.",
                 "Aantallen, percentages en dagen kunnen niet negatief zijn; controleer het minteken."),
    "teller_groter_dan_noemer": ("teller", "De teller is groter dan de noemer.",
                                 "Controleer of teller en noemer niet verwisseld zijn."),
    "geen_heel_aantal": ("waarde", "Een aantal met cijfers achter de komma.",
                         "Een aantal is een heel getal; controleer of dit de goede indicator is."),
    "waarde_past_niet": ("waarde", "De waarde past niet bij teller en noemer.",
                         "Controleer of de waarde het percentage teller / noemer × 100 is."),
}
