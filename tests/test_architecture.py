"""The house rules that a reader should not have to check by hand: the core never imports
Streamlit (only wijkdata/ui/, pages/ and app.py draw), and the code passes the project's ruff
configuration (pyproject.toml, [tool.ruff])."""

import ast
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORE = ROOT / "wijkdata"
UI = CORE / "ui"


def streamlit_imports(path: Path) -> list[int]:
    """Line numbers where a module imports streamlit, at any depth (also inside a function)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
            [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
        if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
            lines.append(node.lineno)
    return lines


def test_the_core_never_imports_streamlit():
    offenders = {str(p.relative_to(ROOT)): found for p in sorted(CORE.rglob("*.py"))
                 if UI not in p.parents and (found := streamlit_imports(p))}
    assert not offenders, ("Outside wijkdata/ui/ nothing imports streamlit; move the drawing to wijkdata/ui/ or a page: "
                           f"{offenders}")


def test_the_rule_itself_sees_an_import_inside_a_function(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from streamlit import session_state\n    import streamlit.components.v1\n")
    assert streamlit_imports(module) == [2, 3]


def test_ruff_finds_nothing():
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr


def test_only_the_command_line_reaches_into_the_ui_and_only_to_start_its_benchmarks():
    offenders = {}
    for path in sorted(CORE.rglob("*.py")):
        if UI in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("wijkdata.ui"):
                offenders.setdefault(path.relative_to(ROOT).as_posix(), []).append(node.module)
    assert offenders == {"wijkdata/cli.py": ["wijkdata.ui.browserbench", "wijkdata.ui.bench", "wijkdata.ui.loadbench"]}
