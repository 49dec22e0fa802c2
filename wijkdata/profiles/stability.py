"""How firm is a grouping? Refit it on bootstrap samples of the teams and see whether the teams
land in the same groups again: the mean adjusted Rand index (ARI) between the full grouping and
each refit, said in words.

The words follow the usual reading of resampling stability (Hennig's clusterboot): from 0,8 a
grouping is stevig, from 0,6 matig, below that wankel."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import adjusted_rand_score

from wijkdata.formatting import format_number
from wijkdata.profiles.clustering import make_pipeline

BOOTSTRAPS = 40
SEED = 0
FIRM = 0.8
MODERATE = 0.6

WORDS = {
    "stevig": ("De indeling is stevig", "met een andere greep uit de teams komen vrijwel dezelfde groepen terug."),
    "matig": ("De indeling is matig stevig", "de kern van de groepen komt terug, teams op de rand wisselen soms."),
    "wankel": ("De indeling is wankel", "met een andere greep uit de teams vallen de groepen anders uit. Lees de "
                                        "profielen als een ruwe schets."),
}


@dataclass(frozen=True)
class Stability:
    ari: float  # mean adjusted Rand index over the bootstraps
    low: float  # 10th percentile: how bad an unlucky sample gets
    word: str  # stevig | matig | wankel
    bootstraps: int

    @property
    def sentence(self) -> str:
        head, tail = WORDS[self.word]
        if self.bootstraps == 0:
            return f"{head}: de stevigheid kon niet worden gemeten."
        return f"{head} (stabiliteit {format_number(self.ari, 2)} op een schaal van 0 tot 1): {tail}"


def word_for(ari: float) -> str:
    return "stevig" if ari >= FIRM else "matig" if ari >= MODERATE else "wankel"


def stability(values: pd.DataFrame, labels: pd.Series, k: int, bootstraps: int = BOOTSTRAPS,
              seed: int = SEED) -> Stability:
    """Mean ARI between ``labels`` and the groupings fitted on ``bootstraps`` resamples (with
    replacement) of the teams; each refit places all teams, so the two labelings are compared on
    the same teams. Same input and seed, same number."""
    rng = np.random.default_rng(seed)
    values = values.astype(float)
    n = len(values)
    scores = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for _ in range(bootstraps):
            sample = values.iloc[rng.integers(0, n, n)]
            if sample.drop_duplicates().shape[0] < k:
                continue  # too few distinct teams drawn to form k groups
            refit = make_pipeline(k).fit(sample).predict(values)
            scores.append(adjusted_rand_score(labels.to_numpy(), refit))
    if not scores:
        return Stability(float("nan"), float("nan"), "wankel", 0)
    ari = float(np.mean(scores))
    return Stability(ari, float(np.percentile(scores, 10)), word_for(ari), len(scores))
