"""Teams zoals jullie: the teams nearest to the own team in standardised Euclidean distance on
chosen variables, each with the variables on which it is most alike."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.neighbors import NearestNeighbors

from wijkdata.profiles.clustering import standardised
from wijkdata.profiles.vocabulary import Variable
from wijkdata.text import lower_first

DEFAULT_COUNT = 8
COUNT_RANGE = (5, 10)
ALIKE_Z = 0.5  # within half a standard deviation counts as alike
SHOWN_ALIKE = 3


def nearest_teams(values: pd.DataFrame, variables: list[Variable], own_team: str,
                  count: int = DEFAULT_COUNT) -> pd.DataFrame:
    """The ``count`` teams nearest to ``own_team`` (nearest first; ties by name).

    Columns: team, afstand (root mean square of the z-score differences, so it reads the same
    whatever the number of variables: 0 is identical, 1 is one standard deviation apart on
    average), lijkt_op (up to three variables within half a standard deviation, closest first),
    verschilt_in (the variable furthest apart, when that is more than one standard deviation)."""
    columns = ["team", "afstand", "lijkt_op", "verschilt_in"]
    if own_team not in values.index or len(values) < 2:
        return pd.DataFrame(columns=columns)
    z = standardised(values.astype(float))
    model = NearestNeighbors(n_neighbors=len(z)).fit(z.to_numpy())
    dist, idx = model.kneighbors(z.loc[[own_team]].to_numpy())
    found = pd.DataFrame({"team": z.index[idx[0]], "afstand": dist[0] / np.sqrt(z.shape[1])})
    found = found[found["team"] != own_team]
    found = (found.assign(_key=found["afstand"].round(9), _name=found["team"].str.lower())
             .sort_values(["_key", "_name"]).head(count))
    names = {v.code: v.naam for v in variables}
    own = z.loc[own_team]
    alike, apart = [], []
    for team in found["team"]:
        gap = (z.loc[team] - own).abs()
        close = gap[gap <= ALIKE_Z].sort_values(kind="stable").head(SHOWN_ALIKE)
        alike.append(", ".join(lower_first(names.get(c, c)) for c in close.index) or "–")
        far = gap.idxmax()
        apart.append(lower_first(names.get(far, far)) if gap[far] > 1 else "–")
    found = found.drop(columns=["_key", "_name"]).assign(lijkt_op=alike, verschilt_in=apart)
    return found[columns].reset_index(drop=True)
