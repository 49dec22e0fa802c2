"""Team profiles: which teams look alike, what sets a profile apart, and which teams are the
fairest ones to compare with ("teams zoals jullie"). Plain Python and scikit-learn.

The steps:
1. ``build_profile_input``: one value per team × variable over the last periods, with Dutch
   notices about what was left out (features);
2. ``make_profiles``: k-means profiles chosen by silhouette (clustering), how firm they are
   (stability), a 2-D map (projection) and words for every profile (describe);
3. ``nearest_teams``: the most similar teams on chosen variables (neighbours).
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkdata.profiles.clustering import Clustering, cluster_teams, profile_counts
from wijkdata.profiles.describe import ProfileDescription, Starter, describe_profiles
from wijkdata.profiles.features import (DEFAULT_INDICATORS, DEFAULT_PERIODS, ERROR, INFO, MIN_TEAMS, WARNING, Notice,
                                        ProfileInput, build_profile_input, measurable_kenmerken)
from wijkdata.profiles.neighbours import COUNT_RANGE, DEFAULT_COUNT, nearest_teams
from wijkdata.profiles.projection import ProfileMap, profile_map
from wijkdata.profiles.stability import BOOTSTRAPS, Stability, stability


@dataclass
class Profiles:
    input: ProfileInput
    clustering: Clustering
    stability: Stability
    map: ProfileMap
    descriptions: list[ProfileDescription]

    def profile_of(self, team: str) -> ProfileDescription | None:
        if team not in self.clustering.labels.index:
            return None
        return self.descriptions[int(self.clustering.labels[team])]


def make_profiles(data: ProfileInput, k: int | None = None, bootstraps: int = BOOTSTRAPS) -> Profiles | None:
    """Profiles for a usable input (None otherwise: its notices say why). ``k`` None lets the
    silhouette choose; a ``k`` outside the sensible range is brought back into it."""
    if not data.usable:
        return None
    if k is not None:
        options = profile_counts(len(data.values))
        k = min(max(k, options[0]), options[-1])
    clustering = cluster_teams(data.values, k)
    firmness = stability(data.values, clustering.labels, clustering.k, bootstraps)
    picture = profile_map(clustering.z, data.variables)
    words = describe_profiles(data.values, clustering.z, clustering.labels, data.variables)
    return Profiles(data, clustering, firmness, picture, words)


__all__ = [
    "BOOTSTRAPS", "COUNT_RANGE", "DEFAULT_COUNT", "DEFAULT_INDICATORS", "DEFAULT_PERIODS", "ERROR", "INFO", "MIN_TEAMS",
    "WARNING", "Notice", "ProfileDescription", "ProfileInput", "ProfileMap", "Profiles", "Stability", "Starter",
    "build_profile_input", "make_profiles", "measurable_kenmerken", "nearest_teams", "profile_counts",
]
