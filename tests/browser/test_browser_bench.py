"""`wijkdata bench --browser` drives Chromium through every page, a team, a period, two tabs, a
mapping step of a 411-column file, a
whole conversation, a note and the PDF, and compares each with a bare Streamlit page. Here on a
small 'national' set, to see that every action is done and timed; the times are not judged."""

import re

from wijkdata.ui.browserbench import run_browser_bench


def test_every_action_of_the_browser_bench_is_done_and_timed():
    table = run_browser_bench(teams=60, quarters=8)
    print("\n" + table)
    rows = [line.split(" | ") for line in table.splitlines()[3:]]
    assert len(rows) == 24, table  # 7 pages, team, period, 2 tabs, 3 of the mapping step, start, 7 steps, note, PDF
    assert [r[0] for r in rows][:3] == ["Start openen", "Gegevens openen", "Trends openen"]
    for label, sample, national, *_ in rows:
        assert re.fullmatch(r"\d+,\d\d", sample) and re.fullmatch(r"\d+,\d\d", national), (label, sample, national)
