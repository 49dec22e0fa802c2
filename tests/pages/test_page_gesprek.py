"""A whole team conversation on the sample data, driven through AppTest: the eight steps, notes that
survive a restart, agreements that come back in the next terugblik, and the presentation mode."""

import re

from tests.conftest import charts, unescaped


def by_label(widgets, label):
    return next(w for w in widgets if w.label == label)


def step_heading(app):
    return next(m.value for m in app.markdown if m.value.startswith(("## Stap", "# ")))


def open_gesprek(make_app, params=None):
    app = make_app({"team": "Lindeburg Oost", **(params or {})})
    app.switch_page("pages/gesprek.py").run()
    assert not app.exception
    return app


def next_item(app):
    app.button(key="knop_volgende").click().run()
    assert not app.exception, app.exception[0].value if app.exception else ""


def next_step(app):
    """The laptop's Volgende moves item by item; past the step's last item it goes to the next step."""
    heading = step_heading(app)
    for _ in range(30):
        next_item(app)
        if step_heading(app) != heading:
            return
    raise AssertionError(f"still at {heading}")


def session_id(app) -> int:
    value = app.query_params["gesprek"]
    return int(value[0] if isinstance(value, list) else value)


def run_whole_session(app):
    assert app.markdown[0].value == "### Nieuw gesprek voor Lindeburg Oost"
    focus = app.pills(key="gs_new_focus").value
    assert 1 <= len(focus) <= 3  # proposed from the strongest signals
    app.text_input(key="gs_new_titel").input("Teamdag najaar").run()
    app.button(key="knop_beginnen").click().run()
    assert step_heading(app) == "## Stap 1 van 8: Voorbereiden"
    gid = session_id(app)
    app.text_input(key=f"gs_aanwezig_{gid}").input("Noor, Sam, Fatima").run()
    next_step(app)
    assert step_heading(app) == "## Stap 2 van 8: Terugblik"
    assert any("geen afspraken open" in i.value for i in app.info)
    next_step(app)
    assert step_heading(app) == "## Stap 3 van 8: Voorspellen"
    assert not charts(app)  # predictions come before any chart
    assert not [c for c in app.caption if "Bewaard om" in c.value]  # nothing typed, nothing claimed
    app.text_area(key=f"gs_note_{gid}_voorspellen_").input("We verwachten dat het cijfer daalt.").run()
    assert [c for c in app.caption if re.search(r"Bewaard om \d\d:\d\d:\d\d$", c.value)]
    next_step(app)
    assert step_heading(app) == "## Stap 4 van 8: Herkennen"
    assert len(charts(app)) == len(focus)
    app.text_area(key=f"gs_note_{gid}_herkennen_").input("Het laatste kwartaal springt eruit.").run()
    next_step(app)
    assert step_heading(app) == "## Stap 5 van 8: Verklaren"
    app.text_area(key=f"gs_note_{gid}_verklaren_vertrouwen").input("Gezinnen weten niet wat ze kunnen verwachten.").run()
    app.text_area(key=f"gs_note_{gid}_verklaren_verbinden").input("[klik hier](javascript:alert(1)) <b>vet</b>").run()
    next_step(app)
    assert step_heading(app) == "## Stap 6 van 8: Waarderen"
    assert any("voor een team van uw grootte gewoonlijk" in unescaped(m.value) and "uw team is" in m.value
               for m in app.markdown)
    assert any("in de tijd (SPC):" in unescaped(m.value) and "variatie" in m.value for m in app.markdown)
    next_step(app)
    assert step_heading(app) == "## Stap 7 van 8: Verbeteren"
    by_label(app.text_input, "Wat spreken we af?").input("Elk gezin krijgt bij de start een vast aanspreekpunt")
    by_label(app.text_input, "Wie").input("Noor")
    by_label(app.text_input, "Uiterlijk").input("15-1-2027")
    by_label(app.button, "Afspraak toevoegen").click().run()
    assert not app.exception and not app.error
    assert any("vast aanspreekpunt" in m.value for m in app.markdown)
    next_step(app)
    assert step_heading(app) == "## Stap 8 van 8: Afronden"
    text = " ".join(m.value for m in app.markdown)
    assert "We verwachten dat het cijfer daalt" in text and "vast aanspreekpunt" in text
    labels = {b.label for b in app.get("download_button")}
    assert {"Verslag (PDF)", "Verslag met grafieken (zip)", "Afspraken (CSV)", "Afspraken in de agenda (.ics)"} <= labels
    app.button(key="knop_afronden").click().run()
    assert any("Dit gesprek is afgerond" in s.value for s in app.success)
    return gid


def test_a_whole_session_and_the_next_one(make_app):
    app = open_gesprek(make_app)
    gid = run_whole_session(app)
    # typed links and tags are shown as the characters typed, never as a link or markup
    summary = " ".join(m.value for m in app.markdown)
    assert "\\[klik hier\\]\\(javascript\\:alert\\(1\\)\\) \\<b\\>vet\\</b\\>" in summary

    # a new browser (a refresh, or someone joining): everything is there and in the same step
    again = open_gesprek(make_app, {"gesprek": str(gid)})
    assert step_heading(again) == "## Stap 8 van 8: Afronden"
    assert "Gezinnen weten niet wat ze kunnen verwachten" in " ".join(m.value for m in again.markdown)

    # the next session starts with the terugblik on that agreement
    again.selectbox(key="gs_gesprek").set_value(0).run()
    again.button(key="knop_beginnen").click().run()
    next_step(again)
    assert step_heading(again) == "## Stap 2 van 8: Terugblik"
    assert any("vast aanspreekpunt" in m.value and "15-01-2027" in m.value for m in again.markdown)
    review = next(r for r in again.radio if r.key.startswith("gs_review_"))
    review.set_value("gedaan").run()
    why = next(t for t in again.text_input if t.key.startswith("gs_review_"))
    why.input("Staat in het werkproces").run()
    again.segmented_control(key="gs_weergave").set_value("overzicht").run()
    table = next(df.value for df in again.dataframe if "Stand" in df.value.columns)
    assert table["Stand"].tolist() == ["gedaan"] and table["Toelichting"].tolist() == ["Staat in het werkproces"]
    assert {"Afspraken (CSV)", "Afspraken (Excel)", "Agenda (.ics)"} <= {
        b.label for b in again.get("download_button")}


def beamer_caption(app) -> str:
    return next(c.value for c in app.caption if c.value.startswith("Stap "))


def test_presentation_mode_shows_one_thing_at_a_time(make_app):
    app = open_gesprek(make_app)
    app.button(key="knop_beginnen").click().run()
    for _ in range(3):
        next_step(app)
    assert step_heading(app) == "## Stap 4 van 8: Herkennen"
    n_charts = len(charts(app))
    app.toggle(key="gs_presentatie").set_value(True).run()
    assert step_heading(app) == "# Herkennen"
    # the sidebar stays in the page but is hidden, type is large (checked in the browser)
    assert any('[data-testid="stSidebar"]' in h.proto.body and "display: none" in h.proto.body for h in app.get("html"))
    assert len(charts(app)) == 1
    total = n_charts + 4 + 1  # the charts, the four prompts one by one, then what the team noted
    assert beamer_caption(app).endswith(f"onderdeel 1 van {total}")
    assert not app.text_area  # no editing chrome
    next_item(app)
    assert beamer_caption(app).endswith(f"onderdeel 2 van {total}")
    for _ in range(total - 1):
        next_item(app)
    assert step_heading(app) == "# Verklaren"
    app.button(key="knop_presentatie_uit").click().run()
    assert step_heading(app) == "## Stap 5 van 8: Verklaren" and app.text_area


def position(app) -> tuple[int, int]:
    """(item, of how many) as the beamer's footer says it."""
    match = re.search(r"onderdeel (\d+) van (\d+)$", beamer_caption(app))
    return (int(match[1]), int(match[2])) if match else (1, 1)


def test_one_position_for_laptop_and_beamer_and_every_step_starts_at_its_first_item(make_app):
    laptop = open_gesprek(make_app)
    laptop.button(key="knop_beginnen").click().run()
    for _ in range(3):
        next_step(laptop)
    gid = session_id(laptop)
    beamer = open_gesprek(make_app, {"gesprek": str(gid), "scherm": "beamer"})  # the beamer link
    assert step_heading(beamer) == "# Herkennen"
    item, total = position(beamer)
    assert item == 1 and total >= 6  # the charts, four prompts, the notes
    next_item(beamer)
    next_item(beamer)  # the clicker on the beamer page
    assert position(beamer) == (3, total)
    laptop.run()  # the laptop shows the same position: the third part is marked
    assert any(c.value.startswith(f"Op het grote scherm: onderdeel 3 van {total}") for c in laptop.caption)
    next_item(laptop)  # the laptop moves the same position
    beamer.run()
    assert position(beamer) == (4, total)
    laptop.selectbox(key=f"gs_naar_{gid}").set_value(5).run()  # a jump from the laptop
    beamer.run()
    assert step_heading(beamer) == "# Waarderen" and position(beamer)[0] == 1
    for _ in range(position(beamer)[1]):
        next_item(beamer)
    assert step_heading(beamer) == "# Verbeteren" and position(beamer)[0] == 1
    laptop.run()
    assert step_heading(laptop) == "## Stap 7 van 8: Verbeteren"


def test_the_beamer_shows_what_the_laptop_writes(make_app):
    laptop = open_gesprek(make_app)
    laptop.button(key="knop_beginnen").click().run()
    gid = session_id(laptop)
    for _ in range(3):
        next_step(laptop)
    beamer = open_gesprek(make_app, {"gesprek": str(gid), "scherm": "beamer"})
    laptop.text_area(key=f"gs_note_{gid}_herkennen_").input("De uitval piekt in de zomer.").run()
    beamer.run()
    for _ in range(position(beamer)[1] - 1):
        next_item(laptop)  # to the notes, the last item of Herkennen
    beamer.run()
    assert "## Wat zien we?" in [m.value for m in beamer.markdown]
    assert any("De uitval piekt in de zomer" in m.value for m in beamer.markdown)


def test_two_laptops_in_one_session_keep_both_notes(make_app):
    first = open_gesprek(make_app)
    first.button(key="knop_beginnen").click().run()
    for _ in range(3):
        next_step(first)
    gid = first.session_state["gs_gesprek"]
    second = open_gesprek(make_app, {"gesprek": str(gid)})  # someone joins halfway
    assert step_heading(second) == "## Stap 4 van 8: Herkennen"
    first.text_area(key=f"gs_note_{gid}_herkennen_").input("De uitval piekt in de zomer.").run()
    second.text_area(key=f"gs_note_{gid}_herkennen_").input("Vooral bij de oudste jongeren.").run()
    first.text_area(key=f"gs_note_{gid}_herkennen_").input("De uitval piekt in de zomer, elk jaar.").run()
    second.run()
    # shown escaped (typed text never becomes markup), so the full stop reads "\."
    assert "De uitval piekt in de zomer, elk jaar\\." in " ".join(m.value for m in second.markdown)
    assert "Vooral bij de oudste jongeren\\." in " ".join(m.value for m in first.markdown)
    assert second.text_area(key=f"gs_note_{gid}_herkennen_").value == "Vooral bij de oudste jongeren."


def test_too_many_figures_are_said_in_dutch_and_refused(make_app):
    app = open_gesprek(make_app)
    five = app.pills(key="gs_new_focus").options[:5]
    app.pills(key="gs_new_focus").set_value(five).run()
    assert any("U koos 5 cijfers; een gesprek gaat over hoogstens 4" in w.value for w in app.warning)
    app.button(key="knop_beginnen").click().run()
    assert any("Kies één tot 4 cijfers" in unescaped(e.value) for e in app.error)


def test_a_not_done_agreement_is_asked_about_and_carried_into_the_new_session(make_app):
    app = open_gesprek(make_app)
    app.button(key="knop_beginnen").click().run()
    first = session_id(app)
    app.selectbox(key=f"gs_naar_{first}").set_value(6).run()  # Verbeteren
    by_label(app.text_input, "Wat spreken we af?").input("Huisbezoek binnen een week")
    by_label(app.text_input, "Uiterlijk").input("31-02-2027")  # no such date: said, and nothing is lost
    by_label(app.button, "Afspraak toevoegen").click().run()
    assert any("geen bestaande datum" in unescaped(e.value) for e in app.error)
    assert by_label(app.text_input, "Wat spreken we af?").value == "Huisbezoek binnen een week"
    by_label(app.text_input, "Uiterlijk").input("15-01-2027")
    by_label(app.button, "Afspraak toevoegen").click().run()
    assert not app.error

    app.selectbox(key="gs_gesprek").set_value(0).run()
    app.button(key="knop_beginnen").click().run()
    second = session_id(app)
    assert second != first
    next_step(app)  # Terugblik
    next(r for r in app.radio if r.key.startswith("gs_review_")).set_value("niet").run()
    next(t for t in app.text_input if t.key.startswith("gs_review_")).input("Te weinig mensen").run()
    app.run()  # drawn again with the carry button there: no error
    assert not app.exception
    app.button(key=next(b.key for b in app.button if b.key and b.key.startswith("mee_"))).click().run()
    app.run()
    assert not app.exception
    assert any("Meegenomen als afspraak van dit gesprek" in c.value for c in app.caption)
    app.selectbox(key=f"gs_naar_{second}").set_value(4).run()  # Verklaren asks about it
    assert any("‘Huisbezoek binnen een week’ is niet gelukt" in unescaped(m.value) for m in app.markdown)
    app.selectbox(key=f"gs_naar_{second}").set_value(6).run()  # and it is an agreement of this session
    assert any("Huisbezoek binnen een week" in unescaped(m.value) for m in app.markdown)
