"""Tables. SQLite by default, PostgreSQL (or any SQLAlchemy database) by URL."""

from __future__ import annotations

from sqlalchemy import (JSON, BigInteger, Boolean, Column, Date, DateTime, Float, ForeignKey, Index, Integer,
                        LargeBinary, MetaData, PrimaryKeyConstraint, String, Table, Text, false)

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
    Column("options", JSON),  # row filter, scales, frequency the upload was read with
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

# One row per value an upload gave: team x indicator x period, per upload. The key leads, so SQLite
# keeps the rows in key order (WITHOUT ROWID: the table is its primary key's B-tree) and a sorted
# bulk load only appends; there is no other index to keep up. Which value counts now is derived when
# reading, not flagged: the newest live upload of each key (see Store.observations), so a corrected
# upload, a delete or a restore never rewrites stored rows.
observations = Table(
    "observations", metadata,
    Column("team", String(255), nullable=False),
    Column("indicator", String(64), nullable=False),
    Column("periode_start", Date, nullable=False),
    Column("periode", String(10), nullable=False),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False),
    Column("waarde", Float),
    Column("teller", Float),
    Column("noemer", Float),
    Column("n", Float),
    Column("sd", Float),
    PrimaryKeyConstraint("team", "indicator", "periode_start", "periode", "dataset_id", name="pk_observations"),
    sqlite_with_rowid=False,
)

team_attributes = Table(
    "team_attributes", metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", Integer, ForeignKey("datasets.id"), nullable=False, index=True),
    Column("team", String(255), nullable=False, index=True),
    Column("periode", String(10)),  # the period the values describe; None: no period given
    Column("gemeente", String(255)),
    Column("wijk", String(255)),
    Column("kenmerken", JSON),
)

# State of the whole installation, one row per key: "versie", a counter that every change of the
# data bumps (every process keys its caches by it), and "geheim", the random salt of pseudonyms
# and of the stand-ins for hidden counts, made once per installation.
app_state = Table(
    "app_state", metadata,
    Column("key", String(32), primary_key=True),
    Column("number", BigInteger),
    Column("text", Text),
)

# indicators a user added (the built-in ones live in the package's data/indicators.toml)
own_indicators = Table(
    "eigen_indicatoren", metadata,
    Column("code", String(64), primary_key=True),
    Column("naam", String(255), nullable=False),
    Column("uitleg", Text, nullable=False, default=""),
    Column("eenheid", String(20), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("polariteit", String(20), nullable=False),
    Column("v", String(30), nullable=False),
    Column("telling", String(10), nullable=False, default="stroom"),  # a count: stroom or stand (catalog.TELLINGEN)
    Column("referentie_waarde", Float),
    Column("referentie_label", String(255)),
    Column("referentie_bron", String(255)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

saved_mappings = Table(
    "saved_mappings", metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(255), nullable=False),
    Column("team", String(255)),  # saved by a team member: offered to that team only
    Column("signature", String(40), nullable=False, index=True),
    Column("columns", JSON, nullable=False),
    Column("mapping", JSON, nullable=False),
    Column("options", JSON),  # row filter, scales, frequency (see ingest/plan.py)
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

# a series break: from this period on a team's figures are a new series (a boundary change of the
# wijk, a new registration system); trends, SPC and the trend test never run across it. From an
# upload's flag column (dataset_id; gone when the upload is deleted) or set by hand (dataset_id None).
series_breaks = Table(
    "reeksbreuken", metadata,
    Column("id", Integer, primary_key=True),
    Column("dataset_id", Integer, ForeignKey("datasets.id")),
    Column("team", String(255), nullable=False, index=True),
    Column("periode", String(10), nullable=False),
    Column("reden", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

# --- the team conversation ("Samen in gesprek"). Everything a user types is its own row, so two
# people writing in the same session never overwrite each other (see store/conversations.py).
conversations = Table(
    "gesprekken", metadata,
    Column("id", Integer, primary_key=True),
    Column("team", String(255), nullable=False, index=True),
    Column("periode_van", String(10)),
    Column("periode_tot", String(10)),
    Column("datum", Date, nullable=False),
    Column("stap", Integer, nullable=False, default=0),
    Column("onderdeel", Integer, nullable=False, default=0, server_default="0"),  # the item of the step on screen
    Column("stap_sinds", DateTime(timezone=True)),  # when the current step began: the shared timer
    # raised by every write to the session (position, notes, agreements, reviews, prompts): a
    # beamer served by any app process sees that something changed with one small query
    Column("wijziging", Integer, nullable=False, default=0, server_default="0"),
    Column("titel", String(120), nullable=False, default="", server_default=""),
    Column("scherm_gezien", DateTime(timezone=True)),  # when a big screen last showed this session
    Column("duur", Integer, nullable=False, default=60, server_default="60"),  # minutes the meeting has
    Column("status", String(20), nullable=False, default="lopend"),  # lopend | afgerond
    Column("focus", JSON, nullable=False),  # indicator codes, 1 to 4
    Column("minuten", JSON, nullable=False),  # step -> minutes planned
    Column("aanwezig", Text, nullable=False, default=""),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

conversation_notes = Table(
    "gesprek_notities", metadata,
    Column("id", Integer, primary_key=True),
    Column("gesprek_id", Integer, ForeignKey("gesprekken.id"), nullable=False),
    Column("stap", String(20), nullable=False),  # voorspellen | herkennen | verklaren | waarderen | ...
    Column("v", String(30)),  # the V a note speaks to, when it does
    Column("auteur", String(64), nullable=False),  # the browser that wrote it (its cookie)
    Column("naam", String(80), nullable=False, default="", server_default=""),  # the name given in that browser
    Column("tekst", Text, nullable=False),
    Column("versie", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_notes_gesprek", "gesprek_id", "stap"),
)

agreements = Table(
    "afspraken", metadata,
    Column("id", Integer, primary_key=True),
    Column("gesprek_id", Integer, ForeignKey("gesprekken.id"), nullable=False),
    Column("team", String(255), nullable=False, index=True),
    Column("wat", Text, nullable=False),
    Column("wie", String(255), nullable=False, default=""),
    Column("wanneer", Date),
    Column("v", String(30)),
    Column("status", String(20), nullable=False, default="open"),  # open | gedaan | deels | niet
    Column("toelichting", Text, nullable=False, default=""),
    Column("beoordeeld_in", Integer),  # the session whose terugblik judged it
    Column("voortgezet_in", Integer),  # not (fully) done and carried into this later session as a new agreement
    Column("versie", Integer, nullable=False, default=1),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

conversation_prompts = Table(
    "gesprek_vragen", metadata,
    Column("id", Integer, primary_key=True),
    Column("gesprek_id", Integer, ForeignKey("gesprekken.id"), nullable=False, index=True),
    Column("stap", String(20), nullable=False),
    Column("vraag_id", String(120), nullable=False),  # the prompt's id; for an own prompt a new one
    Column("actie", String(20), nullable=False),  # overgeslagen | vastgezet | eigen
    Column("tekst", Text, nullable=False, default=""),
    Column("v", String(30)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
