"""Where a team stands among its peers: values per team, peer benchmarks, and the judgement.

The steps, in this order, for every page that compares:
1. ``team_values``: one value per team × indicator for the chosen window (the latest period, or
   the last year of periods pooled: teller and noemer summed, means weighted by n);
2. small-number suppression on exactly those values (a pooled year can show what a quarter
   cannot);
3. confidence intervals (``stats.intervals``);
4. ``benchmarks`` over the peers and ``comparison_table`` / ``heatmap_table`` with the
   better / similar / worse judgement (``stats.compare``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.formatting import format_int
from wijkdata.judgement import against, each_against_the_others
from wijkdata.periods import period_range, periods_per_year, year_window_label
from wijkdata.privacy import suppress_small_counts
from wijkdata import population
from wijkdata.stats.compare import (BETER, GEEN_INWONERTAL, GEKOZEN, HOGER, LAGER, ONBEKEND, SLECHTER, TE_WEINIG,
                                    VERGELIJKBAAR, compare_to_benchmark)
from wijkdata.stats.intervals import add_intervals
from wijkdata.stats.pooling import VALUE_COLUMNS, pool

WINDOWS = {"laatste": "Laatste periode", "jaar": "Laatste jaar samen"}  # 'jaar': see window_labels


def window_labels(periods) -> dict[str, str]:
    """WINDOWS as the screen says them for these periods: 'Laatste vier kwartalen samen', …"""
    return {**WINDOWS, "jaar": year_window_label(periods)}
# A benchmark needs at least five teams besides the one judged: with fewer, chance decides the
# verdict (30 of 100 against one peer's 41 of 100 differs with p = 0,10) and the figure comes
# close to naming a team. Below it there is no benchmark, no spread and no verdict.
MIN_PEERS_FOR_VERDICT = 5
RECKON_COLUMNS = [f"reken_{c}" for c in VALUE_COLUMNS]  # see computable()


def window_periods(periods, window: str) -> list[str]:
    ordered = sorted(set(periods))
    return ordered[-1:] if window == "laatste" else ordered[-periods_per_year(ordered):]


def window_label(periods: list[str]) -> str:
    return period_range(periods[0], periods[-1]) if periods else ""


def team_values(obs: pd.DataFrame, catalog: Catalog, window: str, threshold: int,
                group_of: dict[str, str] | None = None, populations: dict[str, float] | None = None) -> pd.DataFrame:
    """One value per team (or per group, e.g. gemeente, via ``group_of``) and indicator for the
    window, suppressed and with confidence intervals. Each indicator uses its own latest periods.
    ``populations`` (team -> jeugdigen, see population.py): a count of a team in it becomes a
    count per 1.000 jeugdigen (column ``per_inwoners``); only those are compared. A group's
    count is per the jeugdigen of the teams that counted, and only when each of them is known."""
    if obs.empty:
        return pd.DataFrame(columns=["team", "indicator", *VALUE_COLUMNS, "ondergrens", "bovengrens",
                                     "onderdrukt", "periode", "per_inwoners"])
    populations = populations or {}
    parts, group_pops = [], {}
    for code, frame in obs.groupby("indicator", sort=False):
        chosen = window_periods(frame["periode"].unique(), window)
        part = frame[frame["periode"].isin(chosen)]
        if len(chosen) == 1:
            part = part[["team", "indicator", *VALUE_COLUMNS]]
        else:
            part = pool(part, catalog, ["team"], periods=len(chosen))
        if group_of is not None:  # then the teams of a group together: their counts add up
            part = part.assign(team=part["team"].map(group_of).astype(object), _member=part["team"])
            part = part.dropna(subset=["team"])
            for group, members in part[part["waarde"].notna()].groupby("team")["_member"]:
                known = [populations.get(m) for m in members]
                if all(p is not None for p in known):
                    group_pops[(group, code)] = float(sum(known))
            part = pool(part.drop(columns="_member"), catalog, ["team"], across_teams=True)
        parts.append(part.assign(periode=window_label(chosen)))
    values = pd.concat(parts, ignore_index=True)
    if group_of is not None:
        row_pops = pd.Series([group_pops.get(k) for k in zip(values["team"], values["indicator"])], index=values.index)
    else:
        row_pops = values["team"].map(populations)
    values = per_population(values, catalog, row_pops)
    # what the benchmarks and the judgement model compute with: hidden small counts as their
    # stand-ins (privacy.protect_cells), not left out; never shown (see ``computable``)
    kept = values[VALUE_COLUMNS].to_numpy(copy=True)
    values = add_intervals(suppress_small_counts(values, catalog, threshold), catalog)
    values[RECKON_COLUMNS] = kept
    return values


def computable(values: pd.DataFrame) -> pd.DataFrame:
    """``values`` with the numbers computations use: a hidden small count as its stand-in. For
    benchmarks and the judgement model only; a page never shows these numbers."""
    if not set(RECKON_COLUMNS) <= set(values.columns):
        return values
    return values.drop(columns=VALUE_COLUMNS).rename(columns=dict(zip(RECKON_COLUMNS, VALUE_COLUMNS)))


def per_population(values: pd.DataFrame, catalog: Catalog, populations: pd.Series) -> pd.DataFrame:
    """Counts with a known population (``populations``: jeugdigen per row) as counts per 1.000
    jeugdigen: teller the count, noemer the jeugdigen in thousands (add_intervals gives them a
    Poisson interval divided by it). Column ``per_inwoners`` says which rows were converted."""
    out = values.copy()
    kinds = out["indicator"].map(lambda c: catalog[c].kind if c in catalog else "")
    pop = pd.to_numeric(populations, errors="coerce")
    convert = (kinds == "count") & out["waarde"].notna() & pop.gt(0)
    out["per_inwoners"] = convert.to_numpy()
    if convert.any():
        count, thousands = out.loc[convert, "waarde"].astype(float), pop[convert] / population.PER
        out.loc[convert, "teller"] = count
        out.loc[convert, "noemer"] = thousands
        out.loc[convert, "waarde"] = count / thousands
    return out


def _comparable(values: pd.DataFrame, catalog: Catalog) -> pd.Series:
    """Rows that may enter a comparison between teams: everything but a count without population."""
    kinds = values["indicator"].map(lambda c: catalog[c].kind if c in catalog else "")
    converted = values["per_inwoners"].fillna(False).astype(bool) if "per_inwoners" in values else False
    return (kinds != "count") | converted


def benchmarks(values: pd.DataFrame, catalog: Catalog, teams) -> pd.DataFrame:
    """Per indicator over the given teams: benchmark (pooled teller/noemer for proportions and
    rates, n-weighted mean for means, median otherwise), spread (min, quartiles, max) and the
    number of teams with a value. With fewer than MIN_PEERS_FOR_VERDICT teams only that number.

    The benchmark counts every team, a hidden small count as its stand-in (leaving them out made
    a benchmark of true 10% come out at 2,4%); the spread is of the values shown, so no single
    team's stand-in is ever shown as a minimum or maximum."""
    cols = ["indicator", "benchmark", "minimum", "q1", "mediaan", "q3", "maximum", "n_teams"]

    def usable(frame: pd.DataFrame) -> pd.DataFrame:
        f = frame[frame["team"].isin(set(teams)) & frame["waarde"].notna()]
        return f[_comparable(f, catalog)]

    calc, shown = usable(computable(values)), usable(values)
    if calc.empty:
        return pd.DataFrame(columns=cols)
    kinds = {i.code: i.kind for i in catalog}
    is_count = calc["indicator"].map(kinds).eq("count")
    pooled = pool(calc[~is_count].assign(_all="alle"), catalog, ["_all"]).set_index("indicator")["waarde"]
    if is_count.any():  # counts per 1.000 jeugdigen: all counts over all jeugdigen of the teams
        sums = calc[is_count].groupby("indicator")[["teller", "noemer"]].sum()
        pooled = pd.concat([pooled, sums["teller"] / sums["noemer"]])
    g = shown.groupby("indicator")["waarde"]
    out = pd.DataFrame({"n_teams": calc.groupby("indicator").size()})
    spread = pd.DataFrame({"minimum": g.min(), "q1": g.quantile(0.25), "mediaan": g.median(), "q3": g.quantile(0.75),
                           "maximum": g.max(), "_shown": g.size()})
    out = out.join(spread, how="left")
    out.loc[~(out["_shown"] >= MIN_PEERS_FOR_VERDICT), ["minimum", "q1", "mediaan", "q3", "maximum"]] = np.nan
    use_median = out.index.map(lambda c: kinds.get(c) == "duration").to_numpy(bool)
    out["benchmark"] = np.where(use_median, out["mediaan"], pooled.reindex(out.index))
    few = out["n_teams"] < MIN_PEERS_FOR_VERDICT
    out.loc[few, ["benchmark", "minimum", "q1", "mediaan", "q3", "maximum"]] = np.nan
    return out.reset_index()[cols]


def _reference(catalog: Catalog, code: str) -> tuple[float, str]:
    refs = catalog[code].referenties if code in catalog else ()
    return (refs[0].waarde, refs[0].bron) if refs else (np.nan, "")


def comparison_table(values: pd.DataFrame, catalog: Catalog, own_team: str, peers: list[str],
                     matched_on=()) -> pd.DataFrame:
    """One row per indicator for the own team against its peers and against the reference value.
    ``matched_on``: the indicators the peers were picked on ('teams zoals jullie' found on
    outcomes); the peers resemble the team there by construction, so those get no verdict."""
    bench = benchmarks(values, catalog, peers)
    own = values[values["team"] == own_team].drop(columns=["team", *RECKON_COLUMNS], errors="ignore")
    table = own.merge(bench, on="indicator", how="left")
    order = {code: i for i, code in enumerate(catalog.codes)}
    table = table[table["indicator"].isin(order)].copy()
    table["naam"] = table["indicator"].map(lambda c: catalog[c].naam)
    table["eenheid"] = table["indicator"].map(lambda c: catalog[c].eenheid)
    table["polariteit"] = table["indicator"].map(lambda c: catalog[c].polariteit)
    table["vergelijking"] = compare_to_benchmark(table["ondergrens"], table["bovengrens"], table["benchmark"],
                                                 table["polariteit"]).to_numpy()
    # shares, rates, means and counts per 1.000: the app's one judgement model (judgement.py)
    calc = computable(values)
    model = against(values[values["team"] == own_team], calc[calc["team"].isin(set(peers))], catalog)
    table = _apply_model(table, model.drop(columns="team"), ["indicator"])
    too_few = table["waarde"].notna() & ~(table["n_teams"].fillna(0) >= MIN_PEERS_FOR_VERDICT)
    table.loc[too_few, "vergelijking"] = TE_WEINIG
    _mark_counts(table, catalog)
    table.loc[table["indicator"].isin(list(matched_on)) & table["waarde"].notna(), "vergelijking"] = GEKOZEN
    refs = table["indicator"].map(lambda c: _reference(catalog, c))
    table["referentie"] = refs.map(lambda r: r[0]).astype(float)
    table["referentie_bron"] = refs.map(lambda r: r[1])
    # a count shown per 1.000 jeugdigen is no longer in the unit of a reference value for the count
    converted = table["per_inwoners"].fillna(False).astype(bool) if "per_inwoners" in table else False
    table["vergelijking_referentie"] = np.where(
        table["referentie"].notna() & ~converted,
        compare_to_benchmark(table["ondergrens"], table["bovengrens"], table["referentie"], table["polariteit"]),
        "")
    table = table.sort_values("indicator", key=lambda s: s.map(order)).reset_index(drop=True)
    return table


def _apply_model(frame: pd.DataFrame, model: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Put the judgement model's verdicts (judgement.py) on the rows it applies to: its verdict,
    its range and the benchmark it centres on; 'te weinig teams' when it rests on fewer than
    MIN_PEERS_FOR_VERDICT teams (a team without teller and noemer does not count)."""
    f = frame.merge(model, on=keys, how="left")
    applies = f["k_model"].notna() & f["waarde"].notna()
    few = applies & (f["k_model"] < MIN_PEERS_FOR_VERDICT)
    judged = applies & f["oordeel_model"].notna() & ~few
    f.loc[judged, "vergelijking"] = f.loc[judged, "oordeel_model"]
    f.loc[few, "vergelijking"] = TE_WEINIG
    f.loc[few, ["verwacht_van", "verwacht_tot"]] = np.nan
    centred = judged & f["benchmark_model"].notna()
    f.loc[centred, "benchmark"] = f.loc[centred, "benchmark_model"]
    return f.drop(columns=["oordeel_model", "benchmark_model", "k_model"])


def _mark_counts(table: pd.DataFrame, catalog: Catalog) -> None:
    """A count without population is not judged; a count per 1.000 jeugdigen is shown in that unit."""
    comparable = _comparable(table, catalog).to_numpy()
    table.loc[~comparable & table["waarde"].notna().to_numpy(), "vergelijking"] = GEEN_INWONERTAL
    if "per_inwoners" in table and "eenheid" in table:
        table.loc[table["per_inwoners"].fillna(False).astype(bool), "eenheid"] = population.UNIT


def chance_sentence(n_judged: int, what: str = "indicatoren", share: float = 0.05,
                    finding: tuple[str, str] = ("duidelijke afwijking", "duidelijke afwijkingen")) -> str:
    """How many 'duidelijk' verdicts chance alone gives: with 95% limits one judgement in twenty
    differs while nothing differs (``share`` 0,025 for one direction). ``finding``: singular, plural."""
    expected = n_judged * share
    if expected < 0.75:
        amount, noun = "minder dan één", finding[0]
    else:
        count = max(1, int(expected + 0.5))
        amount, noun = f"ongeveer {format_int(count)}", finding[0] if count == 1 else finding[1]
    return (f"Ook als er niets aan de hand is, verwacht je bij {format_int(n_judged)} {what} door toeval "
            f"{amount} {noun}.")


def summary_sentence(table: pd.DataFrame, group_description: str) -> str:
    """'Op 3 van de 12 indicatoren wijken jullie duidelijk af van …: …', with how many of those
    chance alone would give."""
    judged = table[~table["vergelijking"].isin([ONBEKEND, TE_WEINIG, GEEN_INWONERTAL, GEKOZEN])]
    if judged.empty:
        if table["vergelijking"].isin([GEKOZEN, GEEN_INWONERTAL]).any() and not (table["vergelijking"] == TE_WEINIG).any():
            return ("Geen oordeel: de cijfers met een waarde zijn aantallen zonder aantal jeugdigen, of de cijfers "
                    "waarop de vergelijkbare teams gekozen zijn.")
        if (table["vergelijking"] == TE_WEINIG).any():
            return (f"Geen oordeel: in {group_description} hebben minder dan {MIN_PEERS_FOR_VERDICT} teams een cijfer. "
                    "Kies een grotere vergelijkingsgroep.")
        return ("Voor geen enkele indicator is een oordeel mogelijk: er zijn te weinig gegevens met teller en noemer "
                "(of aantal en spreiding) om onzekerheid te berekenen.")
    differ = judged[judged["vergelijking"] != VERGELIJKBAAR]
    if differ.empty:
        return (f"Op alle {len(judged)} indicatoren die te beoordelen zijn, liggen jullie cijfers binnen wat je bij "
                f"{group_description} mag verwachten.")
    words = {BETER: "beter", SLECHTER: "slechter", HOGER: "hoger", LAGER: "lager"}
    items = "; ".join(f"{r.naam[0].lower()}{r.naam[1:]} ({words[r.vergelijking]})" for r in differ.itertuples())
    return (f"Op {len(differ)} van de {len(judged)} indicatoren wijken jullie duidelijk af van {group_description}: "
            f"{items}. {chance_sentence(len(judged))}")


def heatmap_table(values: pd.DataFrame, catalog: Catalog, teams) -> pd.DataFrame:
    """Every team (or group) × indicator judged against the benchmark of all the others: a row is
    never part of the benchmark it is judged against. ``n_teams`` is the number of others."""
    f = values[values["team"].isin(set(teams)) & values["indicator"].isin(catalog.codes)].copy()
    f = f.merge(_leave_one_out(computable(f), catalog), on=["team", "indicator"], how="left")
    f["naam"] = f["indicator"].map({i.code: i.naam for i in catalog})
    f["polariteit"] = f["indicator"].map({i.code: i.polariteit for i in catalog})
    f["vergelijking"] = compare_to_benchmark(f["ondergrens"], f["bovengrens"], f["benchmark"],
                                             f["polariteit"]).to_numpy()
    f = _apply_model(f, each_against_the_others(computable(f), catalog), ["team", "indicator"])
    f.loc[f["waarde"].notna() & ~(f["n_teams"].fillna(0) >= MIN_PEERS_FOR_VERDICT), "vergelijking"] = TE_WEINIG
    f["eenheid"] = f["indicator"].map({i.code: i.eenheid for i in catalog})
    _mark_counts(f, catalog)
    f.loc[f["waarde"].isna(), "vergelijking"] = ONBEKEND
    return f.drop(columns=RECKON_COLUMNS, errors="ignore").reset_index(drop=True)


def _leave_one_out(values: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    """Per team and indicator: the benchmark of all other teams (as ``benchmarks`` computes it)
    and how many other teams have a value. Sums minus the own part, so a thousand rows stay fast."""
    kinds = {i.code: i for i in catalog}
    parts = []
    usable = values[values["waarde"].notna()]
    for code, g in usable[_comparable(usable, catalog)].groupby("indicator", sort=False):
        ind = kinds[code]
        y = g["waarde"].to_numpy(float)
        k = len(y)
        with np.errstate(divide="ignore", invalid="ignore"):
            if ind.kind == "count":  # per 1.000 jeugdigen: the counts of the others over their jeugdigen
                t, d = g["teller"].to_numpy(float), g["noemer"].to_numpy(float)
                bench = (t.sum() - t) / (d.sum() - d)
            elif ind.kind == "duration":  # the median of the others
                bench = np.array([np.median(np.delete(y, i)) if k > 1 else np.nan for i in range(k)])
            elif ind.kind in ("proportion", "rate") and g["teller"].notna().all() and g["noemer"].notna().all():
                t, d = g["teller"].to_numpy(float), g["noemer"].to_numpy(float)
                bench = ind.scale * (t.sum() - t) / (d.sum() - d)
            elif ind.kind == "mean" and g["n"].notna().all() and g["sd"].notna().all():
                n = g["n"].to_numpy(float)
                bench = ((n * y).sum() - n * y) / (n.sum() - n)
            else:
                bench = (y.sum() - y) / (k - 1)
        parts.append(pd.DataFrame({"team": g["team"].to_numpy(), "indicator": code,
                                   "benchmark": np.where(k - 1 >= MIN_PEERS_FOR_VERDICT, bench, np.nan),
                                   "n_teams": k - 1}))
    if not parts:
        return pd.DataFrame(columns=["team", "indicator", "benchmark", "n_teams"])
    return pd.concat(parts, ignore_index=True)


def group_verdicts(rows: pd.DataFrame, peers, catalog: Catalog, benchmark: float, polarity: str,
                   matched_on=()) -> pd.Series:
    """A verdict per row of one indicator (the Rangorde bars), each team against the peers as the
    funnel draws them: the own team gets the verdict of its profile. Where the model does not
    apply, the team's interval against ``benchmark``; 'te weinig teams' and 'gekozen op dit
    cijfer' as in comparison_table."""
    out = rows.assign(vergelijking=compare_to_benchmark(rows["ondergrens"], rows["bovengrens"], benchmark,
                                                        polarity).to_numpy())
    calc = computable(rows)
    out = _apply_model(out, against(rows, calc[calc["team"].isin(set(peers))], catalog), ["team", "indicator"])
    n_peers = int(rows.loc[rows["team"].isin(set(peers)), "waarde"].notna().sum())
    if n_peers < MIN_PEERS_FOR_VERDICT:
        out.loc[out["waarde"].notna(), "vergelijking"] = TE_WEINIG
    out.loc[out["indicator"].isin(list(matched_on)) & out["waarde"].notna(), "vergelijking"] = GEKOZEN
    return pd.Series(out["vergelijking"].to_numpy(), index=rows.index, name="vergelijking")


def worse_count(heatmap: pd.DataFrame) -> pd.Series:
    """Per team: how many indicators are clearly worse (for sorting a manager's overview)."""
    return heatmap.assign(_w=heatmap["vergelijking"] == SLECHTER).groupby("team")["_w"].sum()
