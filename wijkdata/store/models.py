"""Tables. SQLite by default, PostgreSQL (or any SQLAlchemy database) by URL."""

from __future__ import annotations

from sqlalchemy import (JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer, LargeBinary,
                        MetaData, String, Table, Text, false)

metadata = MetaData()

datasets = Table(
    "datasets", metadata,
    Column("id", Integer, primary_key=True),
    Column("filename", String(255), nullable=False),
    Column("sha256", String(64), nullable=False, index=True),
    Column("uploaded_at", DateTime(timezone=True), nullable=False),
    Column("content", LargeBinary, nullable=False),  # the original file, byte for byte
    Column("file_type", String(10), nullable=False),
    Column("sheet", String(255)),
    Column("kind", String(20), nullable=False),  # lang | breed | teamkenmerken
    Column("mapping", JSON, nullable=False),
    Column("rows_read", Integer, nullable=False),
    Column("rows_imported", Integer, nullable=False),
    Column("rows_rejected", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("report", JSON),  # the validation issues at import time
    Column("deleted", Boolean, nullable=False, default=False),
    Column("is_sample", Boolean, nullable=False, default=False),
    # the data owner allows other teams to see the real team names of this upload
    Column("names_visible", Boolean, nullable=False, default=False, server_default=false()),
)

observations = Table(
    "observations", metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False),
    Column("team", String(255), nullable=False),
    Column("periode", String(10), nullable=False),
    Column("periode_start", Date, nullable=False),
    Column("indicator", String(64), nullable=False),
    Column("waarde", Float),
    Column("teller", Float),
    Column("noemer", Float),
    Column("n", Float),
    Column("sd", Float),
    # True for the value that counts now: from the newest non-deleted upload of this key
    Column("is_current", Boolean, nullable=False, default=True),
    Index("ix_obs_key", "team", "periode", "indicator"),
    Index("ix_obs_dataset", "dataset_id"),
    Index("ix_obs_current", "is_current", "indicator"),
)

team_attributes = Table(
    "team_attributes", metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False, index=True),
    Column("team", String(255), nullable=False, index=True),
    Column("gemeente", String(255)),
    Column("wijk", String(255)),
    Column("kenmerken", JSON),
)

saved_mappings = Table(
    "saved_mappings", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("signature", String(40), nullable=False, index=True),
    Column("columns", JSON, nullable=False),
    Column("mapping", JSON, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# a manual re-baseline of a team's SPC chart for one indicator: a new phase starts at periode
spc_baselines = Table(
    "spc_baselines", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(255), nullable=False),
    Column("indicator", String(64), nullable=False),
    Column("periode", String(10), nullable=False),
    Column("reden", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("ix_spc_team_indicator", "team", "indicator"),
)
