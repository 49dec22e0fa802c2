"""From observations to one profile per team: a value per team × variable over the last periods,
checked for what makes a grouping meaningless (too few teams, a variable that is mostly missing or
the same everywhere, a single period)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.stats.pooling import pool
from wijkdata.formatting import format_int, format_number
from wijkdata.periods import YEAR_WINDOW, period_label
from wijkdata.profiles.vocabulary import Variable, indicator_variable, kenmerk_levels, kenmerk_variable

# The indicators that describe how a team works and what it reaches, not how big it is (counts
# grow with the size of the wijk and would make "big" and "small" the only profiles).
DEFAULT_INDICATORS = (
    "eigen_uitvoering", "doorlooptijd", "wachttijd", "verwijzingen_specialistisch", "outreachend",
    "bereik_migratie", "bereik_lage_ses", "tevredenheid", "uitval", "doelen_bereikt", "betrokken_na_verwijzing",
)
DEFAULT_PERIODS = YEAR_WINDOW  # four periods (a year of quarters): one quarter is noisy, four even it out
MIN_TEAMS = 6
MAX_MISSING_SHARE = 0.5  # a variable missing for more than half of the teams is left out

INFO = "info"
WARNING = "waarschuwing"
ERROR = "fout"


@dataclass(frozen=True)
class Notice:
    level: str  # INFO, WARNING or ERROR (no profiles possible)
    text: str


@dataclass
class ProfileInput:
    values: pd.DataFrame  # index: team (sorted), columns: variable codes; NaN where missing
    variables: list[Variable]
    periods: list[str]
    notices: list[Notice] = field(default_factory=list)
    left_out_teams: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return not any(n.level == ERROR for n in self.notices)

    @property
    def imputed(self) -> pd.Series:
        """Per team, how many of its values are missing and will be filled with the median."""
        return self.values.isna().sum(axis=1).rename("aangevuld")

    def variable(self, code: str) -> Variable:
        return next(v for v in self.variables if v.code == code)


def team_indicator_values(obs: pd.DataFrame, catalog: Catalog, indicators, n_periods: int) -> tuple[pd.DataFrame, list[str]]:
    """One value per team × indicator over the last ``n_periods`` periods: proportions and rates from
    summed teller/noemer, means weighted by n (see stats.pooling.pool); counts as the mean per period,
    so a team that missed a quarter is not counted as smaller."""
    obs = obs[obs["indicator"].isin(list(indicators)) & obs["waarde"].notna()]
    periods = sorted(obs["periode"].unique())[-n_periods:] if len(obs) else []
    obs = obs[obs["periode"].isin(periods)]
    if obs.empty:
        return pd.DataFrame(), periods
    pooled = pool(obs, catalog, ["team"])
    counts = [c for c in pooled["indicator"].unique() if catalog[c].is_count]
    if counts:
        per_period = obs[obs["indicator"].isin(counts)].groupby(["team", "indicator"])["waarde"].mean()
        idx = pd.MultiIndex.from_frame(pooled[["team", "indicator"]])
        is_count = pooled["indicator"].isin(counts).to_numpy()
        pooled.loc[is_count, "waarde"] = per_period.reindex(idx[is_count]).to_numpy()
    wide = pooled.pivot(index="team", columns="indicator", values="waarde")
    return wide, periods


def kenmerken_table(teams: pd.DataFrame) -> pd.DataFrame:
    """Context variables per team as numbers. A text kenmerk with a known order (stedelijkheid)
    becomes its rank; other text kenmerken cannot be measured and are left out."""
    if teams is None or teams.empty or "kenmerken" not in teams:
        return pd.DataFrame()
    rows = {t: k for t, k in zip(teams["team"], teams["kenmerken"]) if isinstance(k, dict) and k}
    if not rows:
        return pd.DataFrame()
    raw = pd.DataFrame.from_dict(rows, orient="index")
    out = {}
    for col in raw.columns:
        numeric = pd.to_numeric(raw[col], errors="coerce")
        if numeric.notna().sum() >= max(1, raw[col].notna().sum() // 2):
            out[col] = numeric.astype(float)
            continue
        levels = kenmerk_levels(col)
        if levels:
            rank = {level.lower(): i + 1.0 for i, level in enumerate(levels)}
            out[col] = raw[col].map(lambda v, rank=rank: rank.get(str(v).strip().lower()) if isinstance(v, str) else np.nan)
    return pd.DataFrame(out).rename_axis("team")


def measurable_kenmerken(teams: pd.DataFrame) -> list[str]:
    return list(kenmerken_table(teams).columns)


def build_profile_input(obs: pd.DataFrame, catalog: Catalog, teams: pd.DataFrame | None = None,
                        indicators=None, kenmerken=(), n_periods: int = DEFAULT_PERIODS) -> ProfileInput:
    """The team × variable table for profiles and nearest neighbours, with Dutch notices about
    what was left out and why. ``indicators`` defaults to DEFAULT_INDICATORS that have data."""
    notices: list[Notice] = []
    present = set(obs["indicator"].unique()) if len(obs) else set()
    if indicators is None:
        indicators = [c for c in DEFAULT_INDICATORS if c in present]
    indicators = [c for c in indicators if c in catalog]
    missing_codes = [c for c in indicators if c not in present]
    for code in missing_codes:
        notices.append(Notice(INFO, f"{catalog[code].naam} staat niet in deze gegevens en telt niet mee."))
    wide, periods = team_indicator_values(obs, catalog, [c for c in indicators if c in present], n_periods)
    if len(periods) == 1:
        notices.append(Notice(WARNING, f"Er is maar één periode ({period_label(periods[0])}). Een profiel op één "
                                       "meting kan toevallig zijn; met vier periodes samen is het steviger."))
    variables = [indicator_variable(catalog, c) for c in indicators if c in wide.columns]
    table = wide[[v.code for v in variables]] if variables else pd.DataFrame(index=wide.index)
    if kenmerken:
        context = kenmerken_table(teams)
        chosen = [k for k in kenmerken if k in context.columns]
        for k in kenmerken:
            if k not in context.columns:
                notices.append(Notice(INFO, f"Het teamkenmerk ‘{k}’ is geen getal en telt niet mee."))
        if chosen:
            observed = table.index if len(table.columns) else context.index
            table = table.join(context[chosen], how="outer") if len(table.columns) else context[chosen]
            table = table.loc[table.index.isin(observed)]
            variables += [kenmerk_variable(k) for k in chosen]
    table = table.sort_index(key=lambda s: s.str.lower()) if len(table) else table
    table, variables = _drop_unusable(table, variables, notices)
    table, left_out = _drop_sparse_teams(table, notices)
    if len(variables) < 2:
        notices.append(Notice(ERROR, "Voor profielen zijn minstens twee bruikbare indicatoren of kenmerken nodig. "
                                     "Kies er meer, bij voorkeur die voor de meeste teams zijn aangeleverd."))
    elif len(table) < MIN_TEAMS:
        notices.append(Notice(ERROR, f"Voor profielen zijn minstens {MIN_TEAMS} teams met gegevens nodig; hier zijn "
                                     f"er {format_int(len(table))}. Kies in de zijbalk alle actuele gegevens, of "
                                     "upload de cijfers van meer teams."))
    return ProfileInput(table.astype(float), variables, periods, notices, left_out)


def _drop_unusable(table: pd.DataFrame, variables: list[Variable], notices: list[Notice]):
    n = len(table)
    keep = []
    for var in variables:
        col = table[var.code]
        missing = int(col.isna().sum())
        if n and missing > MAX_MISSING_SHARE * n:
            notices.append(Notice(WARNING, f"{var.naam} ontbreekt bij {format_int(missing)} van de {format_int(n)} teams "
                                           "en telt daarom niet mee. Lever deze cijfers voor meer teams aan, of kies "
                                           "de indicator af."))
        elif col.nunique(dropna=True) <= 1:
            value = col.dropna()
            shown = f" ({format_number(value.iloc[0])})" if len(value) else ""
            notices.append(Notice(WARNING, f"{var.naam} is bij alle teams gelijk{shown} en zegt dus niets over "
                                           "verschillen tussen teams; deze telt niet mee."))
        else:
            keep.append(var)
    return table[[v.code for v in keep]], keep


def _drop_sparse_teams(table: pd.DataFrame, notices: list[Notice]) -> tuple[pd.DataFrame, list[str]]:
    """A team missing more than half of the variables would be placed mostly by filled-in medians."""
    if table.empty or not len(table.columns):
        return table, []
    missing = table.isna().sum(axis=1)
    sparse = missing > MAX_MISSING_SHARE * len(table.columns)
    left_out = table.index[sparse].tolist()
    if left_out:
        notices.append(Notice(WARNING, f"{format_int(len(left_out))} team(s) missen meer dan de helft van de gekozen "
                                       "gegevens en staan daarom niet in de profielen."))
    return table[~sparse], left_out
