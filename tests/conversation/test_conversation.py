"""The conversation core: the prompt library, each trigger on crafted data, prompt choice, the course
of a session, persistence across a restart, two people writing at once, and the report."""

import datetime as dt
import io
import threading

import numpy as np
import pandas as pd
import pytest

from wijkdata.catalog import VS
from wijkdata.conversation import flow
from wijkdata.conversation.library import QUESTIONS, prompts, steps
from wijkdata.conversation.prompting import prompts_for
from wijkdata.conversation.report import (ReportFigure, SessionReport, agreements_table, to_ics, to_markdown,
                                          to_pdf)
from wijkdata.conversation.triggers import Signal, find_signals, propose_focus
from wijkdata.privacy import protect_cells
from wijkdata.store import Store
from wijkdata.store.conversations import MAX_AGREEMENTS, ConversationError

PERIODS = [f"{y}-K{q}" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)]
PEERS = [f"Peer {i}" for i in range(8)]


def obs_frame(rows) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["team", "periode", "indicator", "waarde", "teller", "noemer", "n", "sd"])
    return frame.astype({c: float for c in ("waarde", "teller", "noemer", "n", "sd")})


def proportion_rows(team, code, shares, noemer=400):
    return [(team, p, code, 100 * round(s * noemer) / noemer, round(s * noemer), noemer, None, None)
            for p, s in zip(PERIODS, shares)]


def plain_rows(team, code, values, periods=PERIODS):
    return [(team, p, code, v, None, None, None, None) for p, v in zip(periods, values)]


def kinds(signals, indicator=None):
    return {s.kind for s in signals if indicator is None or s.indicator == indicator}


# --- the library -----------------------------------------------------------------------------
def test_the_library_has_three_prompts_per_v_and_question():
    general = [p for p in prompts() if p.bij is None]
    for v in VS:
        for question in ("herkennen", "verklaren", "waarderen", "verbeteren"):
            assert len([p for p in general if p.v == v and p.stap == question]) >= 3, (v, question)
    assert len(general) >= 36 and {p.stap for p in prompts()} <= set(QUESTIONS)
    assert [s.code for s in steps()] == ["voorbereiden", "terugblik", "voorspellen", "herkennen", "verklaren",
                                        "waarderen", "verbeteren", "afronden"]
    assert all(s.instructie and s.minuten > 0 for s in steps())
    assert all("{" not in p.tekst for p in general)


def test_without_data_every_step_still_gets_prompts_over_the_three_vs(catalog):
    for question in QUESTIONS:
        chosen = prompts_for(question, [], [], catalog)
        assert 2 <= len(chosen) <= 4
        assert {p.v for p in chosen} == set(VS)
        assert all(p.reden is None for p in chosen)


# --- the triggers, each on crafted data ------------------------------------------------------
def test_a_significant_worsening_trend(catalog):
    rows = proportion_rows("Eigen", "uitval", [0.10] * 7 + [0.12, 0.15, 0.18, 0.21, 0.25])
    for peer in PEERS:
        rows += proportion_rows(peer, "uitval", [0.11] * 12)
    signals = find_signals(obs_frame(rows), catalog, "Eigen", PEERS, 5)
    trend = next(s for s in signals if s.kind == "trend_slechter")
    assert trend.indicator == "uitval" and "stijgt en wordt slechter" in trend.reden and "2025 K4" in trend.reden
    # worse than the peers and drifting the wrong way as well
    assert "slechter_dan_peers" in kinds(signals, "uitval")
    assert propose_focus(signals, catalog.codes)[0] == "uitval"
    herkennen = prompts_for("herkennen", signals, ["uitval"], catalog)
    assert herkennen[0].tekst.startswith("Uitval wordt al een paar periodes slechter")
    assert herkennen[0].reden == trend.reden


def test_an_spc_signal_in_the_last_points(catalog):
    rng = np.random.default_rng(4)
    values = list(20 + rng.normal(0, 0.8, 11)) + [35.0]
    signals = find_signals(obs_frame(plain_rows("Eigen", "wachttijd", values)), catalog, "Eigen", [], 5)
    spc = next(s for s in signals if s.kind == "spc_signaal")
    assert spc.indicator == "wachttijd" and "2025 K4" in spc.reden
    quiet = find_signals(obs_frame(plain_rows("Eigen", "wachttijd", list(20 + rng.normal(0, 0.8, 12)))),
                         catalog, "Eigen", [], 5)
    assert "spc_signaal" not in kinds(quiet)


def test_hidden_small_counts_still_count_in_spc_and_fire_no_false_signal(catalog):
    # 0, 3, 0, 2, …: with the small counts dropped the series became 0, 0, 0, 0, 0, 0, 0, 6 and fired
    # '7 punten aan één kant' and 'punt buiten de grenzen' as prompts; on the whole series nothing
    values = [0, 3, 0, 2, 0, 4, 0, 1, 0, 5, 0, 2, 0, 3, 6, 2]
    periods = [f"{2022 + i // 4}-K{i % 4 + 1}" for i in range(16)]
    obs = protect_cells(obs_frame(plain_rows("Eigen", "crisistrajecten", values, periods)), catalog, 5, "geheim")
    assert "spc_signaal" not in kinds(find_signals(obs, catalog, "Eigen", [], 5))
    dropped = obs.assign(waarde=obs["waarde"].where(~obs["waarde"].between(1, 5)))
    assert "spc_signaal" in kinds(find_signals(dropped, catalog, "Eigen", [], 5))  # what dropping them did


def test_a_rebaseline_counts_in_the_prompts_and_the_summary_as_on_the_chart(catalog):
    # 8 quarters around 20, then a new way of working and 8 around 30 (lager is beter): with the
    # re-baseline the chart shows no signal, and so do the prompt and the Trends table
    from wijkdata.trends import change_table

    periods = [f"{2022 + i // 4}-K{i % 4 + 1}" for i in range(16)]
    values = [20, 21, 19, 20, 22, 20, 19, 21, 30, 31, 29, 30, 32, 30, 29, 31]
    obs = obs_frame(plain_rows("Eigen", "wachttijd", values, periods))
    rebaselines = {"wachttijd": [("2024-K1", "nieuwe werkwijze")]}
    assert "spc_signaal" in kinds(find_signals(obs, catalog, "Eigen", [], 5))
    assert "spc_signaal" not in kinds(find_signals(obs, catalog, "Eigen", [], 5, rebaselines=rebaselines))
    plain = change_table({"wachttijd": obs}, catalog, "Eigen", 5).iloc[0]
    rebased = change_table({"wachttijd": obs}, catalog, "Eigen", 5, rebaselines=rebaselines).iloc[0]
    assert plain["variatie"].endswith("zorg") and rebased["variatie"] == "– gewone variatie"


def test_a_rebaseline_is_stored_per_team_and_refreshes_what_is_cached(store):
    from wijkdata.store.state import data_version

    before = data_version(store)
    bid = store.add_baseline("Eigen", "wachttijd", "2024-K1", "nieuwe werkwijze")
    assert store.team_baselines("Eigen") == {"wachttijd": [("2024-K1", "nieuwe werkwijze")]}
    assert store.team_baselines("Ander") == {}
    added = data_version(store)
    assert added != before  # the cached summaries and prompts are rebuilt
    store.remove_baseline(bid)
    assert store.team_baselines("Eigen") == {} and data_version(store) != added


def test_worse_than_peers_counts_unless_the_trend_test_shows_it_getting_better(catalog):
    peers = [r for p in PEERS for r in proportion_rows(p, "doelen_bereikt", [0.72] * 12)]
    improving = proportion_rows("Eigen", "doelen_bereikt", np.linspace(0.40, 0.66, 12), noemer=1500)
    signals = find_signals(obs_frame(improving + peers), catalog, "Eigen", PEERS, 5)
    assert "slechter_dan_peers" not in kinds(signals)  # worse, but the test says it gets better
    flat = proportion_rows("Eigen", "doelen_bereikt", np.linspace(0.60, 0.58, 12))
    signals = find_signals(obs_frame(flat + peers), catalog, "Eigen", PEERS, 5, peer_description="alle 3 andere teams")
    reason = next(s.reden for s in signals if s.kind == "slechter_dan_peers")
    assert reason.startswith("Doelen bereikt over het laatste jaar: 58,")
    assert ("alle 3 andere teams: 72,0%, voor een team van uw grootte gewoonlijk 69,8% tot 74,2%; uw team is duidelijk "
            "slechter.") in reason


def test_a_reason_is_the_verdict_the_same_screen_shows(catalog):
    """One source: the reason under a Waarderen prompt is the sentence under the Waarderen chart."""
    from wijkdata.comparison import comparison_table, team_values
    from wijkdata.conversation.verdicts import comparison_sentence, reference_sentence

    rows = proportion_rows("Eigen", "doelen_bereikt", [0.55] * 12) + [
        r for p in PEERS for r in proportion_rows(p, "doelen_bereikt", [0.72] * 12)]
    obs = obs_frame(rows)
    signals = find_signals(obs, catalog, "Eigen", PEERS, 5, peer_description="de 3 teams die het meest lijken")
    table = comparison_table(team_values(obs, catalog, "jaar", 5), catalog, "Eigen", PEERS).set_index("indicator")
    row, ind = table.loc["doelen_bereikt"], catalog["doelen_bereikt"]
    by_kind = {s.kind: s.reden for s in signals}
    assert by_kind["slechter_dan_peers"] == comparison_sentence(row, ind, "de 3 teams die het meest lijken")
    if "onder_referentie" in by_kind:
        assert by_kind["onder_referentie"] == reference_sentence(row, ind)
    # and the trend reason is the trend test's own sentence: no "verkeerde kant" beside "geen duidelijke verandering"
    assert "trend_slechter" not in by_kind and "verkeerde kant" not in " ".join(by_kind.values())


def test_below_the_reference_value(catalog):
    rows = [("Eigen", p, "tevredenheid", 7.0, None, None, 120, 1.2) for p in PERIODS]
    signals = find_signals(obs_frame(rows), catalog, "Eigen", PEERS[:1], 5)
    reason = next(s.reden for s in signals if s.kind == "onder_referentie")
    assert "7,0 tegen de referentiewaarde 7,7" in reason and "Associatie Wijkteams" in reason
    good = [("Eigen", p, "tevredenheid", 8.0, None, None, 120, 1.2) for p in PERIODS]
    assert "onder_referentie" not in kinds(find_signals(obs_frame(good), catalog, "Eigen", PEERS[:1], 5))


def test_not_actief(catalog):
    rows = proportion_rows("Eigen", "eigen_uitvoering", [0.03] * 12) + proportion_rows("Ander", "eigen_uitvoering",
                                                                                     [0.20] * 12)
    signals = find_signals(obs_frame(rows), catalog, "Eigen", ["Ander"], 5)
    reason = next(s.reden for s in signals if s.kind == "niet_actief")
    assert "3,0% van de ambulante jeugdhulp zelf uit" in reason
    assert "niet_actief" not in kinds(find_signals(obs_frame(rows), catalog, "Ander", ["Eigen"], 5))
    verklaren = prompts_for("verklaren", signals, [], catalog)  # a team-wide signal needs no focus
    assert any("minder dan 5%" in p.tekst and p.reden == reason for p in verklaren)


def test_missing_periods_ask_for_regular_measurement(catalog):
    periods = [p for p in PERIODS if p not in ("2025-K1", "2025-K2")]
    others = plain_rows("Ander", "wachttijd", [21.0] * 12)  # the periods exist: another team has them
    signals = find_signals(obs_frame(plain_rows("Eigen", "wachttijd", [20.0] * 10, periods) + others), catalog,
                           "Eigen", [], 5)
    reason = next(s.reden for s in signals if s.kind == "meten")
    assert reason == "Wachttijd: geen cijfer voor 2025 K1, 2025 K2."
    complete = find_signals(obs_frame(plain_rows("Eigen", "wachttijd", [20.0] * 12)), catalog, "Eigen", [], 5)
    assert "meten" not in kinds(complete)


def test_the_profile_brings_its_starters(catalog):
    from wijkdata.profiles.describe import ProfileDescription, Starter

    starter = Starter("Herkennen we ons team in dit profiel?", "vertrouwen", "herkennen", "Een vraag over het profiel.")
    profile = ProfileDescription(0, "Korte trajecten", "", ["Eigen"], pd.DataFrame(), [starter])
    signals = find_signals(obs_frame(plain_rows("Eigen", "wachttijd", [20.0] * 12)), catalog, "Eigen", [], 5,
                           profile=profile)
    chosen = prompts_for("herkennen", signals, ["wachttijd"], catalog)
    assert chosen[0].tekst == starter.tekst and "‘Korte trajecten’" in chosen[0].reden


def test_skip_pin_and_own_prompts(store, catalog):
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"])
    first = prompts_for("verklaren", [], [], catalog)  # no chosen figure: the general prompts only
    conv.prompt_action(gid, "verklaren", first[0].id, "overgeslagen")
    conv.prompt_action(gid, "verklaren", first[2].id, "vastgezet")
    conv.prompt_action(gid, "verklaren", "eigen-1", "eigen", "Wat vinden onze partners hiervan?", "verbinden")
    chosen = prompts_for("verklaren", [], [], catalog, conv.prompt_actions(gid))
    assert chosen[0].eigen and chosen[0].tekst == "Wat vinden onze partners hiervan?"
    assert chosen[1].id == first[2].id and chosen[1].vastgezet
    assert first[0].id not in {p.id for p in chosen} and len(chosen) == 5  # own + pinned + 3 more
    conv.prompt_action(gid, "verklaren", first[0].id, "terug")
    assert first[0].id in {p.id for p in prompts_for("verklaren", [], [], catalog, conv.prompt_actions(gid))}
    with pytest.raises(ConversationError):
        conv.prompt_action(gid, "verklaren", "eigen-2", "eigen", "   ")


# --- the course of a session ----------------------------------------------------------------
def test_session_steps_forward_and_back(store):
    conv = store.conversations
    with pytest.raises(ConversationError, match="één tot 4 cijfers"):
        flow.start_session(conv, "Eigen", [])
    gid = flow.start_session(conv, "Eigen", ["uitval"], ("2024-K1", "2025-K4"))
    assert conv.get(gid)["stap"] == 0 and conv.get(gid)["status"] == "lopend"
    assert flow.move(conv, gid, -1) == (0, 0)  # not before the first step
    assert [flow.move(conv, gid, +1) for _ in range(9)][-1] == (7, 0)  # not past the last
    flow.finish(conv, gid)
    assert conv.get(gid)["status"] == "afgerond"
    assert flow.move(conv, gid, -1) == (6, 0) and conv.get(gid)["status"] == "lopend"  # reopened
    assert flow.go_to_step_code(conv, gid, "terugblik") == 1
    conv.update(gid, focus=[])
    flow.go_to_step_code(conv, gid, "voorbereiden")
    with pytest.raises(ConversationError):
        flow.move(conv, gid, +1)  # no focus: cannot leave Voorbereiden
    assert flow.step_label(2) == "Stap 3 van 8: Voorspellen"


def test_the_position_is_a_step_and_an_item_and_every_step_starts_at_its_first_item(store):
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval", "wachttijd"])
    flow.go_to_step_code(conv, gid, "herkennen")
    started = conv.get(gid)["stap_sinds"]
    assert flow.move(conv, gid, +1, items=5) == (3, 1)
    assert flow.move(conv, gid, +1, items=5) == (3, 2)
    assert conv.get(gid)["stap_sinds"] == started  # moving within a step keeps the step's clock
    assert flow.move(conv, gid, -1, items=5) == (3, 1)
    flow.move(conv, gid, +1, items=5), flow.move(conv, gid, +1, items=5), flow.move(conv, gid, +1, items=5)
    assert flow.move(conv, gid, +1, items=5) == (4, 0)  # past the last item: the next step, at its first
    assert flow.move(conv, gid, -1, items=3) == (3, 0)  # back before the first: the previous step, also at its first
    flow.move(conv, gid, +1, items=5)
    flow.go_to_step_code(conv, gid, "waarderen")
    assert (conv.get(gid)["stap"], conv.get(gid)["onderdeel"]) == (5, 0)
    # a stale count (the list got shorter meanwhile) never leaves the position past the end
    conv.move_to(gid, 5, 6)
    assert flow.move(conv, gid, -1, items=3) == (5, 1)


def test_every_write_to_a_session_changes_its_live_stamp(store):
    """A beamer (served by any app process) polls one row and redraws when it changed."""
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"])
    other = flow.start_session(conv, "Eigen", ["uitval"])
    stamps = [conv.live_stamp(gid)]

    def changed():
        stamps.append(conv.live_stamp(gid))
        return stamps[-1] != stamps[-2]

    note = conv.add_note(gid, "herkennen", "a", "Eerste zin")
    assert changed()
    conv.save_note(note.id, "Eerste zin, langer", note.versie)
    assert changed()
    aid = conv.add_agreement(gid, "Eigen", "Overleg met scholen")
    assert changed()
    conv.edit_agreement(aid, "Overleg met scholen, elke maand", "Sam")
    assert changed()
    conv.prompt_action(gid, "herkennen", "x", "overgeslagen")
    assert changed()
    conv.review_agreement(aid, "niet", "geen tijd", gid)
    assert changed()
    conv.remove_agreement(aid)
    assert changed()
    conv.move_to(gid, 0, 1)
    assert changed() and stamps[-1][:2] == (0, 1)
    conv.add_note(other, "herkennen", "a", "Elders")
    assert not changed()  # another session's writes leave this one's beamer alone
    assert conv.live_stamp(9999) is None


def test_a_not_done_agreement_is_carried_into_the_new_session_once(store):
    conv = store.conversations
    first = flow.start_session(conv, "Eigen", ["uitval"])
    aid = conv.add_agreement(first, "Eigen", "Huisbezoek binnen een week", "Noor", dt.date(2026, 3, 1), "vertrouwen")
    second = flow.start_session(conv, "Eigen", ["uitval"])
    conv.review_agreement(aid, "niet", "te weinig mensen", second)
    new = conv.carry_agreement(aid, second)
    carried = conv.agreements(gesprek_id=second)
    assert carried["wat"].tolist() == ["Huisbezoek binnen een week"] and carried["status"].tolist() == ["open"]
    assert carried["wie"].tolist() == ["Noor"] and carried["wanneer"].isna().all()
    assert aid in conv.open_before("Eigen", second)["id"].tolist()  # still in this terugblik, with its verdict
    with pytest.raises(ConversationError, match="al meegenomen"):
        conv.carry_agreement(aid, second)
    third = flow.start_session(conv, "Eigen", ["uitval"])
    assert conv.open_before("Eigen", third)["id"].tolist() == [new]  # the copy returns, not both
    conv.remove_agreement(new)
    assert conv.open_before("Eigen", third).empty  # judged "niet" and no longer carried: done with


def test_a_session_started_by_mistake_is_deleted_with_all_it_holds(store):
    conv = store.conversations
    first = flow.start_session(conv, "Eigen", ["uitval"])
    aid = conv.add_agreement(first, "Eigen", "Overleg met scholen")
    mistake = flow.start_session(conv, "Eigen", ["uitval"], titel="per ongeluk")
    conv.add_note(mistake, "herkennen", "a", "x")
    conv.review_agreement(aid, "gedaan", "", mistake)
    conv.delete(mistake)
    assert conv.get(mistake) is None and conv.notes(mistake).empty
    again = conv.agreements(team="Eigen")
    assert again["status"].tolist() == ["open"] and again["beoordeeld_in"].isna().all()
    assert conv.sessions("Eigen")["id"].tolist() == [first]


def test_everything_is_there_after_a_restart(db_url):
    url = db_url
    conv = Store(url).conversations
    gid = flow.start_session(conv, "Eigen", ["uitval", "tevredenheid"], ("2024-K1", "2025-K4"))
    conv.add_note(gid, "voorspellen", "a", "De uitval is gestegen.")
    conv.add_note(gid, "verklaren", "b", "Minder contact met scholen.", v="verbinden")
    aid = conv.add_agreement(gid, "Eigen", "Maandelijks overleg met scholen", "Fatima", dt.date(2026, 3, 1), "verbinden")
    flow.move(conv, gid, +1)
    again = Store(url).conversations  # a new process on the same file
    assert again.get(gid)["stap"] == 1 and again.get(gid)["focus"] == ["uitval", "tevredenheid"]
    assert again.notes(gid)["tekst"].tolist() == ["De uitval is gestegen.", "Minder contact met scholen."]
    assert again.agreements(team="Eigen")["id"].tolist() == [aid]
    assert again.sessions("Eigen")[["notities", "afspraken"]].iloc[0].tolist() == [2, 1]


def test_two_people_writing_at_once_keep_both_notes(store):
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"])
    mine = conv.add_note(gid, "herkennen", "laptop-1", "De lijn gaat omhoog")
    theirs = conv.add_note(gid, "herkennen", "laptop-2", "Vooral in het laatste kwartaal")
    assert set(conv.notes(gid, "herkennen")["tekst"]) == {"De lijn gaat omhoog", "Vooral in het laatste kwartaal"}
    # the same note edited in two windows from the same version: the second edit is kept beside it
    first = conv.save_note(mine.id, "De lijn gaat duidelijk omhoog", mine.versie)
    second = conv.save_note(mine.id, "De lijn gaat omhoog sinds de zomer", mine.versie)
    assert not first.conflict and second.conflict and second.id not in (mine.id, theirs.id)
    texts = conv.notes(gid, "herkennen")["tekst"].tolist()
    assert "De lijn gaat duidelijk omhoog" in texts and "De lijn gaat omhoog sinds de zomer" in texts
    assert len(texts) == 3


def test_many_writers_in_parallel_lose_nothing(db_url):
    conv = Store(db_url).conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"])

    def write(author):
        for i in range(15):
            note = conv.add_note(gid, "verklaren", author, f"{author} {i}")
            conv.save_note(note.id, f"{author} {i} (aangevuld)", note.versie)

    threads = [threading.Thread(target=write, args=(f"deelnemer-{k}",)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    texts = set(conv.notes(gid)["tekst"])
    assert texts == {f"deelnemer-{k} {i} (aangevuld)" for k in range(6) for i in range(15)}


def test_agreements_a_handful_reviewed_and_overdue(store):
    conv = store.conversations
    first = flow.start_session(conv, "Eigen", ["uitval"], datum=dt.date(2026, 1, 10))
    with pytest.raises(ConversationError, match="Schrijf op wat"):
        conv.add_agreement(first, "Eigen", "  ")
    ids = [conv.add_agreement(first, "Eigen", f"Afspraak {i}", "Sam", dt.date(2026, 2, 1 + i), "vertrouwen")
           for i in range(MAX_AGREEMENTS)]
    with pytest.raises(ConversationError, match="handvol"):
        conv.add_agreement(first, "Eigen", "Nog een")
    frame = conv.agreements(team="Eigen", today=dt.date(2026, 2, 3))
    assert frame["stand"].tolist() == ["te laat", "te laat", "open", "open", "open"]
    second = flow.start_session(conv, "Eigen", ["uitval"], datum=dt.date(2026, 4, 1))
    assert conv.open_before("Eigen", second)["id"].tolist() == ids
    conv.review_agreement(ids[0], "gedaan", "Loopt goed", second)
    conv.review_agreement(ids[1], "niet", "Geen tijd gehad", second)
    conv.review_agreement(ids[2], "deels", "", second)
    assert set(conv.open_before("Eigen", second)["id"]) == set(ids)  # judged here: still on this terugblik
    third = flow.start_session(conv, "Eigen", ["uitval"], datum=dt.date(2026, 7, 1))
    assert conv.open_before("Eigen", third)["id"].tolist() == ids[2:]  # done and not-done are closed
    with pytest.raises(ConversationError):
        conv.review_agreement(ids[3], "misschien", "", third)


def test_agreements_without_any_due_date_are_open_not_an_error(store):
    """Found in the browser journey: a session whose only agreement had no date broke the list."""
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"], datum=dt.date(2026, 1, 10))
    conv.add_agreement(gid, "Eigen", "Vaste overdracht op maandag", "Sam")
    assert conv.agreements(gesprek_id=gid)["stand"].tolist() == ["open"]


# --- the report ------------------------------------------------------------------------------
def sample_report(store):
    conv = store.conversations
    gid = flow.start_session(conv, "Lindeburg Oost", ["tevredenheid"], ("2024-K1", "2025-K4"),
                             datum=dt.date(2026, 11, 22))
    conv.add_note(gid, "voorspellen", "a", "We verwachten een 7,5.")
    conv.add_note(gid, "herkennen", "a", "Het cijfer is 7,7 en stabiel.")
    conv.add_note(gid, "verklaren", "a", "Vaste contactpersoon per gezin.", v="vertrouwen")
    conv.add_agreement(gid, "Lindeburg Oost", "Elk gezin krijgt bij de start een vast aanspreekpunt", "Noor",
                       dt.date(2027, 1, 15), "vertrouwen")
    conv.add_agreement(gid, "Lindeburg Oost", "Zonder datum", "", None, None)
    conv.add_note(gid, "parkeerplaats", "a", "Samenwerking met de huisartsen, volgende keer.")
    from wijkdata.charts import to_png
    import altair as alt

    png = to_png(alt.Chart(pd.DataFrame({"x": [1, 2], "y": [7.5, 7.7]})).mark_line().encode(x="x", y="y"))
    figure = ReportFigure("Tevredenheid (rapportcijfer)", "Tevredenheid van Lindeburg Oost: van 7,5 naar 7,7.", png,
                          ["Tevredenheid over het laatste jaar: 7,7; alle 5 andere teams: 7,4, uw team is vergelijkbaar."])
    return SessionReport("Lindeburg Oost", dt.date(2026, 11, 22), "2024 K1 – 2025 K4", "Noor, Sam", [figure],
                         conv.notes(gid), conv.agreements(gesprek_id=gid), titel="Teamdag najaar",
                         eigen_vragen=["Wat zou een ouder hiervan zeggen?"]), conv, gid


def test_the_pdf_report_opens_and_holds_the_agreements(store):
    from pypdf import PdfReader

    report, _, _ = sample_report(store)
    reader = PdfReader(io.BytesIO(to_pdf(report)))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())  # table cells wrap
    assert "Verslag teamgesprek: Lindeburg Oost" in text and "22-11-2026" in text
    assert "Elk gezin krijgt bij de start een vast aanspreekpunt" in text and "15-01-2027" in text
    assert "van 7,5 naar 7,7" in text and "7.7" not in text
    assert "Vaste contactpersoon per gezin." in text and "Vertrouwen" in text
    assert any(page.images for page in reader.pages)  # the chart is in it
    # what the screens showed and the team added is in it too
    assert "Teamdag najaar" in text and "uw team is vergelijkbaar" in text
    assert "Wat zou een ouder hiervan zeggen?" in text and "Samenwerking met de huisartsen" in text


def test_markdown_report_and_agreement_exports(store):
    from icalendar import Calendar

    from wijkdata.export import to_csv_bytes

    report, conv, gid = sample_report(store)
    md = to_markdown(report)
    assert md.startswith("# Verslag teamgesprek: Lindeburg Oost")
    assert "| Elk gezin krijgt bij de start een vast aanspreekpunt | Noor | 15-01-2027 | Vertrouwen |" in md
    assert "- We verwachten een 7,5." in md and "base64" not in md
    assert "](grafieken/1_tevredenheid_rapportcijfer.png)" in md and "![Tevredenheid" in md
    assert "## Parkeerplaats (voor een volgende keer)" in md and "## Onze eigen vragen" in md
    import zipfile

    from wijkdata.conversation.report import to_markdown_zip

    archive = zipfile.ZipFile(io.BytesIO(to_markdown_zip(report)))
    assert sorted(archive.namelist()) == ["grafieken/1_tevredenheid_rapportcijfer.png", "verslag.md"]
    assert archive.read("grafieken/1_tevredenheid_rapportcijfer.png") == report.figures[0].png
    table = agreements_table(conv.agreements(gesprek_id=gid))
    assert list(table.columns) == ["Wat", "Wie", "Wanneer", "V", "Stand", "Toelichting"]
    assert "15-01-2027" in to_csv_bytes(table).decode("utf-8-sig")
    events = Calendar.from_ical(to_ics(conv.agreements(gesprek_id=gid), "Lindeburg Oost")).walk("VEVENT")
    assert len(events) == 1  # the agreement without a date has no calendar item
    assert events[0].decoded("dtstart") == dt.date(2027, 1, 15)
    assert str(events[0]["summary"]).startswith("Afspraak Lindeburg Oost: Elk gezin")


# --- prompts that fit the moment ---------------------------------------------------------------
def test_a_first_session_never_speaks_of_last_time(catalog):
    for stap in ("voorspellen", "herkennen", "verklaren", "waarderen", "verbeteren"):
        first = prompts_for(stap, [], ["uitval"], catalog, count=50, first_session=True)
        assert not [p.tekst for p in first if "vorige keer" in p.tekst], stap
    later = prompts_for("voorspellen", [], ["uitval"], catalog, count=50)
    assert any("vorige keer" in p.tekst for p in later)  # from the second session on, they serve


def test_verklaren_asks_about_every_chosen_figure_in_its_own_v(catalog):
    focus = ["uitval", "tevredenheid", "wachttijd"]
    signal = Signal("trend_slechter", "wachttijd", "Wachttijd (dagen) stijgt en wordt slechter (laatste 5 periodes).")
    chosen = prompts_for("verklaren", [signal], focus, catalog)
    per_figure = {p.id: p for p in chosen if p.id.startswith("figuur:")}
    assert set(per_figure) == {f"figuur:{c}" for c in focus}
    for code in focus:
        p = per_figure[f"figuur:{code}"]
        assert p.tekst.startswith(catalog[code].naam) and p.v == catalog[code].v
    assert per_figure["figuur:wachttijd"].reden == signal.reden  # the signal's own sentence
    assert "koos" in per_figure["figuur:uitval"].reden
    assert [p for p in chosen if not p.id.startswith("figuur:")]  # and still a general question
    assert not [p for p in prompts_for("herkennen", [signal], focus, catalog) if p.id.startswith("figuur:")]


def test_verklaren_asks_about_each_agreement_that_was_not_fully_done(catalog):
    judged = pd.DataFrame({"id": [1, 2, 3], "wat": ["Huisbezoek binnen een week", "Overleg met scholen", "Folder"],
                           "status": ["niet", "deels", "gedaan"], "toelichting": ["te weinig mensen", "", ""],
                           "v": ["vertrouwen", None, "verbinden"]})
    chosen = prompts_for("verklaren", [], ["uitval"], catalog, not_done=judged)
    about = {p.id: p for p in chosen if p.id.startswith("afspraak:")}
    assert set(about) == {"afspraak:1", "afspraak:2"}  # the one that was done needs no explaining
    assert "‘Huisbezoek binnen een week’ is niet gelukt" in about["afspraak:1"].tekst
    assert about["afspraak:1"].v == "vertrouwen" and "te weinig mensen" in about["afspraak:1"].reden
    assert "is maar deels gelukt" in about["afspraak:2"].tekst
    # skipping one makes it go, as with every prompt
    actions = pd.DataFrame({"stap": ["verklaren"], "vraag_id": ["afspraak:1"], "actie": ["overgeslagen"],
                            "tekst": [""], "v": [None]})
    assert "afspraak:1" not in {p.id for p in prompts_for("verklaren", [], ["uitval"], catalog, actions,
                                                          not_done=judged)}


def test_the_clock_counts_down_from_when_the_step_began():
    start = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
    session = {"stap": 3, "stap_sinds": start, "minuten": {"herkennen": 10}}
    assert flow.clock_text(session, start + dt.timedelta(seconds=65)) == "Nog 8:55 voor deze stap"
    assert flow.clock_text(session, start + dt.timedelta(minutes=11, seconds=30)) == "1:30 over de tijd"
    assert flow.clock_text({**session, "minuten": {"herkennen": 0}}, start) == ""  # no time planned: no clock
    naive = {**session, "stap_sinds": start.replace(tzinfo=None)}  # as SQLite returns it
    assert flow.clock_text(naive, start + dt.timedelta(minutes=5)) == "Nog 5:00 voor deze stap"


def test_the_default_plan_fits_an_hour_and_the_total_follows_the_choices():
    assert flow.planned_minutes({"minuten": {}}) == flow.DEFAULT_MEETING_MINUTES == 60
    assert flow.planned_minutes({"minuten": {"verklaren": 25}}) == 70


def test_the_laptop_knows_when_a_big_screen_is_watching(store):
    conv = store.conversations
    gid = flow.start_session(conv, "Eigen", ["uitval"])
    assert not flow.screen_watching(conv.get(gid))
    stamp = conv.live_stamp(gid)
    conv.screen_seen(gid)
    session = conv.get(gid)
    assert flow.screen_watching(session)
    assert conv.live_stamp(gid) == stamp  # looking is not a change: nobody redraws for it
    later = flow._utc(session["scherm_gezien"]) + dt.timedelta(seconds=31)
    assert not flow.screen_watching(session, later)
