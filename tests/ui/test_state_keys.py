"""The session-state keys the code uses are the ones wijkdata/ui/state_keys.py declares: a new key
without a declaration, or a page writing another page's key, fails here instead of silently
losing a choice on a page switch."""

import ast
from pathlib import Path

import pytest

from wijkdata.ui.state_keys import KEYS, StateKey, declared, is_kept

ROOT = Path(__file__).resolve().parents[2]
DRAWING = sorted([*ROOT.joinpath("wijkdata", "ui").rglob("*.py"), *ROOT.joinpath("pages").glob("*.py"),
                  ROOT / "app.py"])
STATE_METHODS = ("get", "setdefault", "pop")


def _literal_start(node: ast.AST) -> str | None:
    """The text a key expression starts with: all of a string, the fixed start of an f-string.
    None when nothing is fixed (a key built from a variable is checked where it is built)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr) and node.values and isinstance(node.values[0], ast.Constant):
        return node.values[0].value
    return None


def _is_session_state(node: ast.AST) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "session_state"


def keys_used(source: str) -> list[tuple[int, str]]:
    """(line, key) for every literal key in a module: widget ``key=`` arguments and reads and
    writes of ``st.session_state``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        exprs = []
        if isinstance(node, ast.Call):
            exprs += [kw.value for kw in node.keywords if kw.arg == "key"]
            func = node.func
            if getattr(func, "id", None) == "restore_from_url" and node.args and isinstance(node.args[0], ast.Dict):
                # {"url name": ("state key", parser)}: restoring writes the key
                exprs += [v.elts[0] for v in node.args[0].values if isinstance(v, ast.Tuple) and v.elts]
            if (isinstance(func, ast.Attribute) and func.attr in STATE_METHODS and _is_session_state(func.value)
                    and node.args):
                exprs.append(node.args[0])
        elif isinstance(node, ast.Subscript) and _is_session_state(node.value):
            exprs.append(node.slice)
        elif isinstance(node, ast.Compare) and any(_is_session_state(c) for c in node.comparators):
            exprs.append(node.left)
        found += [(node.lineno, key) for e in exprs if (key := _literal_start(e))]
    return found


def violations(rel: str, source: str) -> tuple[list[str], list[str]]:
    """(undeclared, foreign) literal keys of one module. A key named by a constant is declared where
    the constant is built (wijkdata/ui/conversation/keys.py, peer_choice, profiles): only literal
    keys are checked here."""
    undeclared, foreign = [], []
    for line, key in keys_used(source):
        entry = declared(key)
        if entry is None:
            undeclared.append(f"{rel}:{line} {key!r}")
        elif not entry.owned_by(rel):
            foreign.append(f"{rel}:{line} {key!r} belongs to {entry.owner}")
    return undeclared, foreign


def test_every_key_is_declared_and_used_only_by_its_owner():
    undeclared, foreign = [], []
    for path in DRAWING:
        found = violations(path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8"))
        undeclared += found[0]
        foreign += found[1]
    assert not undeclared, "Declare these keys in wijkdata/ui/state_keys.toml: " + "; ".join(undeclared)
    assert not foreign, "Ask the owner to set these (a function of its module): " + "; ".join(foreign)


def test_the_scan_sees_widget_keys_state_reads_and_family_starts():
    source = ('st.selectbox("x", [], key="vg_groep")\nst.session_state["tr_ind"] = 1\n'
              'st.session_state.get(f"gs_note_{gid}")\nif "pf_ind" in st.session_state: pass\n'
              'st.text_input("y", key=f"{prefix}_naam")\nrestore_from_url({"groep": ("vg_groep", parse)})\n')
    assert sorted(keys_used(source)) == [(1, "vg_groep"), (2, "tr_ind"), (3, "gs_note_"), (4, "pf_ind"),
                                         (6, "vg_groep")]


def test_a_page_writing_another_pages_choice_is_caught():
    """What Profielen did before: set Vergelijken's group itself."""
    undeclared, foreign = violations("pages/profielen.py", 'st.session_state["vg_groep"] = "zoals"\n'
                                                           'st.session_state["pf_nieuw"] = 1\n')
    assert foreign == ["pages/profielen.py:1 'vg_groep' belongs to wijkdata/ui/peer_choice.py"]
    assert undeclared == ["pages/profielen.py:2 'pf_nieuw'"]


@pytest.mark.parametrize(("key", "kept"), [
    ("tr_ind", True), ("ctx_team", True), ("ctx_periods", False),  # the period travels in the link
    ("gs_note_3_herkennen_verbinden", True), ("gs_note_3_herkennen_verbinden_id", True),
    ("knop_volgende", False), ("csv_funnel", False), ("map_table_ab12_0_cd34", False),
    ("nb_aantal", True), ("gs_memo_3_waarderen", False), ("iets_nieuws", False), (17, False),
])
def test_what_survives_a_page_switch(key, kept):
    assert is_kept(key) is kept


def test_the_longest_family_wins_and_an_exact_name_beats_a_family():
    assert declared("rule_add_ab12").kind == "action"
    assert declared("rule_ind_ab12").kind == "choice"
    assert declared("knop_inloggen").owner == "wijkdata/ui/auth.py"
    assert declared("knop_volgende").owner == "wijkdata/ui/conversation/"


def test_no_name_is_declared_twice_and_only_a_choice_can_be_kept():
    names = [(entry.name, entry.family) for entry in KEYS]
    assert len(names) == len(set(names))
    with pytest.raises(ValueError, match="only a choice"):
        StateKey("knop_x", "pages/x.py", "action", "a button", kept=True)


def test_the_conversation_builds_only_declared_keys():
    from wijkdata.ui.conversation import keys

    built = [keys.SESSION, keys.PRESENTING, keys.VIEW, keys.AUTHOR, keys.AUTHOR_NAME, keys.NEW_FOCUS, keys.NEW_TITLE,
             keys.START_ERROR, keys.MOVE_ERROR, keys.TIMER, keys.SCREEN_REPORTED, keys.ROOM, keys.focus(3),
             keys.present(3), keys.title(3), keys.meeting_minutes(3), keys.step_minutes(3, "herkennen"), keys.jump(3),
             keys.note(3, "herkennen", "verbinden"), keys.review(5), keys.new_agreement(3), keys.edit_agreement(5),
             keys.confirm_delete(3), keys.memo(3, "herkennen")]
    assert [k for k in built if declared(k) is None or declared(k).owner != "wijkdata/ui/conversation/"] == []
