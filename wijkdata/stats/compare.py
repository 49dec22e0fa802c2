"""Better / similar / worse against a benchmark, the way Fingertips judges it.

*Vergelijkbaar* when the benchmark lies inside the team's confidence interval; otherwise
*beter* or *slechter* by the indicator's polarity, or *hoger* / *lager* for an indicator that
carries no judgement. Without an interval (or without a benchmark) the answer is *niet te
beoordelen*: a point value alone cannot tell a signal from noise.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

BETER = "beter"
VERGELIJKBAAR = "vergelijkbaar"
SLECHTER = "slechter"
HOGER = "hoger"
LAGER = "lager"
ONBEKEND = "niet te beoordelen"
TE_WEINIG = "te weinig teams"  # fewer peers than a verdict needs (comparison.MIN_PEERS_FOR_VERDICT)
GEKOZEN = "gekozen op dit cijfer"  # 'teams zoals jullie' were picked on this indicator: no verdict on it
GEEN_INWONERTAL = "aantal jeugdigen onbekend"  # a count of a team whose number of jeugdigen is unknown (population.py)

# fixed order for legends, tables and sorting: judgements first, then neutral directions
COMPARISON_ORDER = [SLECHTER, VERGELIJKBAAR, BETER, LAGER, HOGER, ONBEKEND, TE_WEINIG, GEEN_INWONERTAL, GEKOZEN]

COMPARISON_TEXT = {
    BETER: "duidelijk beter",
    SLECHTER: "duidelijk slechter",
    VERGELIJKBAAR: "vergelijkbaar",
    HOGER: "duidelijk hoger",
    LAGER: "duidelijk lager",
    ONBEKEND: "niet te beoordelen",
    TE_WEINIG: "niet te vergelijken (te weinig teams)",
    GEEN_INWONERTAL: "niet te vergelijken (een aantal zonder aantal jeugdigen)",
    GEKOZEN: "niet beoordeeld (de vergelijkbare teams zijn op dit cijfer gekozen)",
}


def compare_to_benchmark(lower, upper, benchmark, polarity) -> pd.Series:
    """One label per row. ``polarity`` is one value or one per row:
    hoger_is_beter | lager_is_beter | geen_oordeel."""
    lo = np.asarray(pd.to_numeric(pd.Series(lower), errors="coerce"), dtype=float)
    hi = np.asarray(pd.to_numeric(pd.Series(upper), errors="coerce"), dtype=float)
    bm = np.broadcast_to(np.asarray(pd.to_numeric(pd.Series(benchmark), errors="coerce"), dtype=float), lo.shape)
    pol = np.broadcast_to(np.asarray(polarity, dtype=object), lo.shape)
    known = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(bm)
    above = known & (lo > bm)
    below = known & (hi < bm)
    out = np.full(lo.shape, ONBEKEND, dtype=object)
    out[known] = VERGELIJKBAAR
    higher_better = pol == "hoger_is_beter"
    lower_better = pol == "lager_is_beter"
    neutral = ~(higher_better | lower_better)
    out[above & higher_better] = BETER
    out[below & higher_better] = SLECHTER
    out[above & lower_better] = SLECHTER
    out[below & lower_better] = BETER
    out[above & neutral] = HOGER
    out[below & neutral] = LAGER
    return pd.Series(out, name="vergelijking")
