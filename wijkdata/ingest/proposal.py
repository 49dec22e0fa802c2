"""The plan to start from for a file nobody mapped before: a recognised export's plan (CBS
Kerncijfers wijken en buurten, a registration system's list of trajecten), else the mapping guessed from
the headers plus the frequency and scales the values suggest."""

from __future__ import annotations

import pandas as pd

from wijkdata.catalog import Catalog
from wijkdata.ingest import numbers as num
from wijkdata.ingest.cbs import cbs_plan, is_cbs_kwb
from wijkdata.ingest.mapping import MappingProposal, propose_mapping
from wijkdata.ingest.plan import ImportOptions, propose_scale
from wijkdata.ingest.rawtable import RawTable
from wijkdata.ingest.trajectory_plan import is_trajectory_list, propose_trajectory_plan
from wijkdata.periods import parse_period, propose_frequency

SAMPLE_ROWS = 2000  # what a proposal looks at; the check reads every row


def propose_plan(raw: RawTable, catalog: Catalog) -> MappingProposal:
    columns = list(raw.frame.columns)
    if is_cbs_kwb(columns):
        plan = cbs_plan(raw.frame, catalog)
        return MappingProposal(plan.proposal.mapping, plan.proposal.scores, plan.proposal.options, plan.new_indicators)
    if is_trajectory_list(columns):
        return propose_trajectory_plan(raw.frame)
    proposal = propose_mapping(columns, catalog)
    head = raw.frame.head(SAMPLE_ROWS)
    frequency = None
    if period := next((c for c, t in proposal.mapping.items() if t == "periode"), None):
        frequency = propose_frequency([parse_period(v) for v in pd.unique(head[period].dropna())[:200]])
    scales = {}
    convention = num.detect_convention([head[c] for c in columns], "," if raw.delimiter == ";" else ".")
    for col, target in proposal.mapping.items():
        if target.startswith("ind:") and target.count(":") == 1 and target[4:] in catalog:
            values, _ = num.parse_numbers(head[col], convention)
            if (factor := propose_scale(values, catalog[target[4:]].eenheid)) != 1.0:
                scales[col] = factor
    proposal.options = ImportOptions(frequency=frequency, scales=scales)
    return proposal
