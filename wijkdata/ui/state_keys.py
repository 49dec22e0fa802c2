"""Every session-state key of the app, declared once: its name, the module that owns it, what it
holds, and whether a choice survives a visit to another page.

Streamlit forgets the value of a widget that was not drawn in a run, so the entrypoint assigns
every *kept* choice back to itself on every page (see wijkdata.ui.context.keep_page_choices). The
set it keeps is derived from this table, never from a naming rule, so a new page's choices are
kept exactly when its keys say so.

Only the owner reads or writes a key; another page that needs to set it calls a function of the
owner (see wijkdata.ui.peer_choice.compare_with_similar_teams). tests/ui/test_state_keys.py reads
every module under wijkdata/ui/, pages/ and app.py and fails on a literal key that is not declared
here, or that is used outside its owner.

A *family* is a name that a key starts with: one key per item (per session, per upload, per row).
"""

from __future__ import annotations

from dataclasses import dataclass

CHOICE = "choice"  # a value widget: the user's choice, may be kept across pages
ACTION = "action"  # a button or download: Streamlit refuses to have its state set, never kept
STATE = "state"  # a value the app keeps itself; Streamlit never forgets those, so "kept" is moot
CONTAINER = "container"  # names a container for the style sheet; holds no state
CHART = "chart"  # names a chart: its downloads get the keys png_/svg_/csv_ plus this name

KINDS = (CHOICE, ACTION, STATE, CONTAINER, CHART)


@dataclass(frozen=True)
class StateKey:
    name: str
    owner: str  # the module (path from the project root) or package folder ending in "/" that owns it
    kind: str
    meaning: str
    kept: bool = False
    family: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: unknown kind {self.kind!r}")
        if self.kept and self.kind != CHOICE:
            raise ValueError(f"{self.name}: only a choice can be kept across pages")

    def covers(self, key: str) -> bool:
        return key.startswith(self.name) if self.family else key == self.name

    def owned_by(self, path: str) -> bool:
        return path.startswith(self.owner) if self.owner.endswith("/") else path == self.owner


def _k(name, owner, kind, meaning, *, kept=False, family=False) -> StateKey:
    return StateKey(name, owner, kind, meaning, kept, family)


_SIDEBAR = "wijkdata/ui/context.py"
_TRENDS = "pages/trends.py"
_COMPARE = "pages/vergelijken.py"
_OVERVIEW = "pages/overzicht.py"
_PROFILES = "pages/profielen.py"
_DATA = "pages/gegevens.py"
_CONVERSATION = "wijkdata/ui/conversation/"
_MAPPING = "wijkdata/ui/mapping_step.py"
_RULES = "wijkdata/ui/rule_step.py"
_UPLOAD = "wijkdata/ui/upload.py"
_INDICATORS = "wijkdata/ui/indicators.py"

KEYS: tuple[StateKey, ...] = (
    # the sidebar, shared by every page
    _k("ctx_dataset", _SIDEBAR, CHOICE, "the upload looked at; 0 for all current data", kept=True),
    _k("ctx_team", _SIDEBAR, CHOICE, "the own team (open mode and managers)", kept=True),
    _k("ctx_periods", _SIDEBAR, CHOICE, "the period range; travels in the link, see keep_page_choices"),
    _k("berichten", "wijkdata/ui/messages.py", STATE, "messages that must survive a rerun, per place"),
    _k("knop_inloggen", "wijkdata/ui/auth.py", ACTION, "log in"),
    _k("knop_uitloggen", "wijkdata/ui/auth.py", ACTION, "log out"),
    _k("png_", "wijkdata/ui/charts.py", ACTION, "a chart's picture download", family=True),
    _k("svg_", "wijkdata/ui/charts.py", ACTION, "a chart's drawing download", family=True),
    _k("csv_", "wijkdata/ui/charts.py", ACTION, "a chart's figures download", family=True),
    # Trends
    _k("tr_ind", _TRENDS, CHOICE, "the indicators shown (at most four)", kept=True),
    _k("tr_groep", _TRENDS, CHOICE, "the peer group", kept=True),
    _k("tr_view", _TRENDS, CHOICE, "values or change since the first period", kept=True),
    _k("tr_window", _TRENDS, CHOICE, "per period or a moving year", kept=True),
    _k("tr_tab", _TRENDS, CHOICE, "the open tab", kept=True),
    _k("trend_", _TRENDS, CHART, "an indicator's trend chart", family=True),
    _k("rm_base_", "wijkdata/ui/rebaselines.py", ACTION, "remove an SPC re-baseline", family=True),
    _k("base_start_", "wijkdata/ui/rebaselines.py", CHOICE, "the period of a new SPC re-baseline", family=True),
    _k("base_reason_", "wijkdata/ui/rebaselines.py", CHOICE, "the reason of a new SPC re-baseline", family=True),
    # Vergelijken (vg_groep is also set by compare_with_similar_teams, its own helper)
    _k("vg_groep", "wijkdata/ui/peer_choice.py", CHOICE, "the peer group", kept=True),
    _k("vg_ind", _COMPARE, CHOICE, "the indicator of the funnel and the bars", kept=True),
    _k("vg_venster", _COMPARE, CHOICE, "the last period or the last four together", kept=True),
    _k("vg_tab", _COMPARE, CHOICE, "the open tab", kept=True),
    _k("spine", _COMPARE, CHART, "the team against its peers on every indicator"),
    _k("funnel", _COMPARE, CHART, "the funnel plot"),
    _k("bars", _COMPARE, CHART, "the ranked bars"),
    # Overzicht
    _k("ov_gem", _OVERVIEW, CHOICE, "the gemeenten shown", kept=True),
    _k("ov_ind", _OVERVIEW, CHOICE, "the indicators shown", kept=True),
    _k("ov_soort", _OVERVIEW, CHOICE, "the kind of team shown", kept=True),
    _k("ov_venster", _OVERVIEW, CHOICE, "the window of periods", kept=True),
    _k("ov_niveau", _OVERVIEW, CHOICE, "per team or per gemeente", kept=True),
    _k("heatmap", _OVERVIEW, CHART, "the overview of verdicts"),
    # Profielen and its "teams zoals jullie"
    _k("pf_ind", _PROFILES, CHOICE, "the indicators the profiles are made on", kept=True),
    _k("pf_kenm", _PROFILES, CHOICE, "the team attributes the profiles are made on", kept=True),
    _k("pf_venster", _PROFILES, CHOICE, "the window of periods", kept=True),
    _k("pf_aantal", _PROFILES, CHOICE, "the number of profiles, or automatic", kept=True),
    _k("pf_tab", _PROFILES, CHOICE, "the open tab", kept=True),
    _k("pf_map", "wijkdata/ui/profile_sections.py", CHART, "the map of profiles"),
    _k("dl_profielen", "wijkdata/ui/profile_sections.py", ACTION, "download the profile of every team"),
    _k("go_vergelijken", "wijkdata/ui/peer_choice.py", ACTION, "compare with the teams like yours"),
    _k("nb_", "wijkdata/ui/profiles.py", CHOICE, "what 'teams zoals jullie' are found on, and how many",
       kept=True, family=True),
    # Gegevens
    _k("gg_tab", _DATA, CHOICE, "the open tab"),
    _k("history_choice", _DATA, CHOICE, "the upload chosen in the history"),
    _k("restore", _DATA, ACTION, "restore an upload"),
    _k("delete", _DATA, ACTION, "delete an upload"),
    _k("dl_original", _DATA, ACTION, "download the original file"),
    _k("names_visible_", _DATA, CHOICE, "whether other teams see a team's name", family=True),
    _k("upload", _UPLOAD, CHOICE, "the file chosen"),
    _k("sheet_", _UPLOAD, CHOICE, "the sheet of a workbook", family=True),
    _k("filter_", _UPLOAD, CHOICE, "which problems the report shows", family=True),
    _k("dl_report_", _UPLOAD, ACTION, "download the check report", family=True),
    _k("dl_rejected_", _UPLOAD, ACTION, "download the rejected rows", family=True),
    _k("import_", _UPLOAD, ACTION, "store the upload", family=True),
    _k("plan_", _MAPPING, STATE, "the mapping of an upload as the user edits it", family=True),
    _k("cbs_level_", _MAPPING, CHOICE, "the CBS level (wijk or gemeente)", family=True),
    _k("map_", _MAPPING, CHOICE, "the mapping step's choices (table, search, filters, frequency)", family=True),
    _k("map_gen_", _MAPPING, STATE, "bumped when the plan is made again, so its widgets are drawn anew", family=True),
    _k("map_rows_", _MAPPING, STATE, "the columns the mapping table shows", family=True),
    _k("map_skip_", _MAPPING, ACTION, "skip the columns not needed", family=True),
    _k("map_attr_", _MAPPING, ACTION, "map the rest as team attributes", family=True),
    _k("map_combine_", _MAPPING, ACTION, "combine columns", family=True),
    _k("map_new_make_", _MAPPING, ACTION, "make a new indicator of a column", family=True),
    _k("mapname_", _MAPPING, CHOICE, "the name a mapping is saved under", family=True),
    _k("mapsave_", _MAPPING, ACTION, "save a mapping", family=True),
    _k("code_", "wijkdata/ui/code_step.py", CHOICE, "the meaning of a code", family=True),
    _k("rule_", _RULES, CHOICE, "an own figure's rule", family=True),
    _k("rule_add_", _RULES, ACTION, "add a rule", family=True),
    _k("rule_remove_", _RULES, ACTION, "remove a rule", family=True),
    _k("ind_mode", _INDICATORS, CHOICE, "add or edit an own indicator"),
    _k("ind_edit_code", _INDICATORS, CHOICE, "the own indicator edited"),
    _k("ind_new_save", _INDICATORS, ACTION, "save a new own indicator"),
    _k("ind_new_", _INDICATORS, CHOICE, "the form of a new own indicator", family=True),
    _k("ind_edit_", _INDICATORS, CHOICE, "the form of an own indicator edited, and its save button", family=True),
    _k("ind_remove_", _INDICATORS, ACTION, "remove an own indicator", family=True),
    _k("break_start", "wijkdata/ui/series_breaks.py", CHOICE, "the period of a new series break"),
    _k("break_reason", "wijkdata/ui/series_breaks.py", CHOICE, "the reason of a new series break"),
    _k("rm_break_", "wijkdata/ui/series_breaks.py", ACTION, "remove a series break", family=True),
    # Gesprek: the names are built in wijkdata/ui/conversation/keys.py
    _k("gs_gesprek", _CONVERSATION, CHOICE, "the chosen conversation; 0 to start a new one", kept=True),
    _k("gs_presentatie", _CONVERSATION, CHOICE, "this browser is the big screen", kept=True),
    _k("gs_weergave", _CONVERSATION, CHOICE, "the conversation or the overview of agreements", kept=True),
    _k("gs_ik", _CONVERSATION, STATE, "this browser's author id (from its cookie)"),
    _k("gs_naam", _CONVERSATION, CHOICE, "the name this browser writes under", kept=True),
    _k("gs_new_", _CONVERSATION, CHOICE, "title and focus of a conversation about to start", kept=True,
       family=True),
    _k("gs_timer", _CONVERSATION, CHOICE, "whether the clock is shown", kept=True),
    _k("gs_start_error", _CONVERSATION, STATE, "a place of wijkdata.ui.messages: why a start failed"),
    _k("gs_move_error", _CONVERSATION, STATE, "a place of wijkdata.ui.messages: why a move failed"),
    _k("gs_scherm_gemeld", _CONVERSATION, STATE, "when this big screen last told the store it is there"),
    _k("gs_kamer", _CONVERSATION, STATE, "the big screen's room, kept while the conversation is unchanged"),
    _k("gs_focus_", _CONVERSATION, CHOICE, "a conversation's focus indicators", kept=True, family=True),
    _k("gs_aanwezig_", _CONVERSATION, CHOICE, "who are there", kept=True, family=True),
    _k("gs_titel_", _CONVERSATION, CHOICE, "a conversation's title", kept=True, family=True),
    _k("gs_duur_", _CONVERSATION, CHOICE, "a conversation's planned minutes", kept=True, family=True),
    _k("gs_min_", _CONVERSATION, CHOICE, "a step's planned minutes", kept=True, family=True),
    _k("gs_naar_", _CONVERSATION, CHOICE, "the step to jump to", kept=True, family=True),
    _k("gs_note_", _CONVERSATION, CHOICE, "a note box, with _id, _versie and _bewaard beside it", kept=True,
       family=True),
    _k("gs_review_", _CONVERSATION, CHOICE, "a terugblik row: _status and _why", kept=True, family=True),
    _k("gs_nieuw_", _CONVERSATION, CHOICE, "the new-agreement form", kept=True, family=True),
    _k("gs_bewerk_", _CONVERSATION, CHOICE, "an agreement edited", kept=True, family=True),
    _k("gs_weg_", _CONVERSATION, CHOICE, "'yes, delete this conversation'", kept=True, family=True),
    _k("gs_memo_", _CONVERSATION, STATE, "figures and charts a conversation computes once", family=True),
    _k("gs_klok", _CONVERSATION, CONTAINER, "the clock on the laptop"),
    _k("gs_onderdeel_", _CONVERSATION, CONTAINER, "a step of the conversation on the laptop", family=True),
    _k("gs_beamer_", _CONVERSATION, CONTAINER, "parts of the big screen", family=True),
    _k("herkennen_", _CONVERSATION, CHART, "a figure of the step herkennen", family=True),
    _k("waarderen_", _CONVERSATION, CHART, "a figure of the step waarderen", family=True),
    _k("knop_", _CONVERSATION, ACTION, "the conversation's buttons", family=True),
    _k("mee_", _CONVERSATION, ACTION, "take an agreement along to the next conversation", family=True),
    _k("rm_agreement_", _CONVERSATION, ACTION, "remove an agreement", family=True),
    _k("pin_", _CONVERSATION, ACTION, "pin a prompt", family=True),
    _k("skip_", _CONVERSATION, ACTION, "skip a prompt", family=True),
    _k("dl_afspraken_", _CONVERSATION, ACTION, "download the agreements", family=True),
    _k("dl_gesprek_", _CONVERSATION, ACTION, "download the conversation", family=True),
    _k("dl_verslag_", _CONVERSATION, ACTION, "download the report", family=True),
)


_EXACT = {entry.name: entry for entry in KEYS if not entry.family}
_FAMILIES = tuple(entry for entry in KEYS if entry.family)


def declared(key: str) -> StateKey | None:
    """The declaration that covers a key: its exact name, else the longest family it starts with."""
    if key in _EXACT:
        return _EXACT[key]
    return max((entry for entry in _FAMILIES if entry.covers(key)), key=lambda e: len(e.name), default=None)


def is_kept(key: object) -> bool:
    """Whether a session-state key is a choice that should survive a visit to another page."""
    entry = declared(key) if isinstance(key, str) else None
    return entry is not None and entry.kept
