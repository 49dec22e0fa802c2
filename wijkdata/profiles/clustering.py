"""Grouping teams into profiles: a scikit-learn Pipeline (median imputation, standard scaling,
k-means with a fixed seed and several starts), the number of profiles chosen by silhouette, and
the profiles numbered in a fixed order (largest first), so the same input always gives the same
profiles in the same order."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.exceptions import ConvergenceWarning
from sklearn.impute import SimpleImputer
from sklearn.metrics import silhouette_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

RANDOM_STATE = 0
N_INIT = 10
MAX_PROFILES = 8


def make_pipeline(k: int, random_state: int = RANDOM_STATE) -> Pipeline:
    return Pipeline([
        ("impute", SimpleImputer(strategy="median")),
        ("scale", StandardScaler()),
        ("kmeans", KMeans(n_clusters=k, n_init=N_INIT, random_state=random_state)),
    ])


def profile_counts(n_teams: int) -> list[int]:
    """The numbers of profiles worth trying: 2 up to min(8, n/3), so a profile has about three
    teams or more on average."""
    return list(range(2, max(2, min(MAX_PROFILES, n_teams // 3)) + 1))


def standardised(values: pd.DataFrame) -> pd.DataFrame:
    """The pipeline's first two steps: missing values filled with the median, then z-scores."""
    prep = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    return pd.DataFrame(prep.fit_transform(values), index=values.index, columns=values.columns)


@dataclass
class Clustering:
    labels: pd.Series  # team -> profile number, 0 = the largest profile
    k: int
    automatic: bool  # chosen by silhouette (True) or by the user
    silhouettes: dict[int, float]  # k -> mean silhouette, for every k tried
    z: pd.DataFrame  # team × variable z-scores (after filling in medians)


def _fit_labels(values: pd.DataFrame, k: int, random_state: int = RANDOM_STATE) -> tuple[Pipeline, np.ndarray]:
    pipe = make_pipeline(k, random_state)
    with warnings.catch_warnings():
        # identical teams can leave fewer distinct points than k; k-means then says so and copes
        warnings.simplefilter("ignore", ConvergenceWarning)
        labels = pipe.fit_predict(values)
    return pipe, labels


def _ordered(labels: np.ndarray) -> np.ndarray:
    """Renumber so profile 0 is the largest; ties go to the profile whose first team (teams are
    sorted by name) comes first. Makes the numbering independent of k-means' internal order."""
    ids = np.unique(labels)
    first = {i: int(np.argmax(labels == i)) for i in ids}
    size = {i: int((labels == i).sum()) for i in ids}
    order = sorted(ids, key=lambda i: (-size[i], first[i]))
    mapping = {old: new for new, old in enumerate(order)}
    return np.array([mapping[x] for x in labels])


def cluster_teams(values: pd.DataFrame, k: int | None = None) -> Clustering:
    """Profiles for the teams in ``values`` (team × variable, NaN allowed). ``k`` None: the number
    of profiles with the highest mean silhouette (ties: the fewest profiles)."""
    values = values.astype(float)
    z = standardised(values)
    silhouettes, fitted = {}, {}
    for candidate in profile_counts(len(values)):
        _, labels = fitted[candidate] = _fit_labels(values, candidate)
        distinct = len(np.unique(labels))
        silhouettes[candidate] = (float(silhouette_score(z, labels)) if 2 <= distinct < len(values) else float("nan"))
    automatic = k is None
    if automatic:
        scored = {c: s for c, s in silhouettes.items() if not np.isnan(s)}
        k = max(scored, key=lambda c: (round(scored[c], 6), -c)) if scored else 2
    _, labels = fitted[k] if k in fitted else _fit_labels(values, k)
    return Clustering(pd.Series(_ordered(labels), index=values.index, name="profiel"), k, automatic, silhouettes, z)
