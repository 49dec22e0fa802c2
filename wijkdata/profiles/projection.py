"""A map of the teams in two dimensions (principal components of the z-scores), with axis titles
that say in words what left/right and down/up mean."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.decomposition import PCA

from wijkdata.formatting import format_number
from wijkdata.profiles.vocabulary import Variable


@dataclass
class ProfileMap:
    points: pd.DataFrame  # team, x, y
    explained: tuple[float, float]  # share of the differences each axis shows (0..1)
    x_title: str
    y_title: str


def _axis_title(number: int, loadings: np.ndarray, variables: list[Variable], share: float) -> str:
    order = np.argsort(-np.abs(loadings), kind="stable")[:2]
    toward = ", ".join(variables[i].phrase(loadings[i] > 0) for i in order if abs(loadings[i]) > 1e-9)
    direction = "naar rechts" if number == 1 else "naar boven"
    pct = format_number(100 * share, 0)
    return f"As {number} ({pct}% van de verschillen): {direction} {toward}" if toward else f"As {number}"


def profile_map(z: pd.DataFrame, variables: list[Variable]) -> ProfileMap:
    """Principal components of the z-scores. Signs are fixed so that the variable with the largest
    loading on an axis points right (or up): the same data always gives the same picture."""
    components = min(2, z.shape[1], len(z))
    pca = PCA(n_components=components, random_state=0)
    coords = pca.fit_transform(z.to_numpy())
    loadings = pca.components_.copy()
    for i in range(components):
        top = int(np.argmax(np.abs(loadings[i])))
        if loadings[i, top] < 0:
            loadings[i] *= -1
            coords[:, i] *= -1
    if components < 2:
        coords = np.column_stack([coords, np.zeros(len(z))])
    ratios = list(pca.explained_variance_ratio_) + [0.0] * (2 - components)
    points = pd.DataFrame({"team": z.index, "x": coords[:, 0], "y": coords[:, 1]})
    x_title = _axis_title(1, loadings[0], variables, ratios[0])
    y_title = _axis_title(2, loadings[1], variables, ratios[1]) if components == 2 else ""
    return ProfileMap(points, (float(ratios[0]), float(ratios[1])), x_title, y_title)
