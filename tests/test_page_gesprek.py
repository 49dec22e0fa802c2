"""A whole team conversation on the sample data, driven through AppTest: the eight steps, notes that
survive a restart, agreements that come back in the next terugblik, and the presentation mode."""

import datetime as dt
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


def next_step(app):
    app.button(key="knop_volgende").click().run()
    assert not app.exception, app.exception[0].value if app.exception else ""


def run_whole_session(app):
    assert app.markdown[0].value == "### Nieuw gesprek voor Lindeburg Oost"
    focus = app.multiselect(key="gs_new_focus").value
    assert 1 <= len(focus) <= 3  # proposed from the strongest signals
    app.button(key="knop_beginnen").click().run()
    assert step_heading(app) == "## Stap 1 van 8: Voorbereiden"
    gid = int(app.query_params["gesprek"][0] if isinstance(app.query_params["gesprek"], list)
              else app.query_params["gesprek"])
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
    assert any("95%-interval" in m.value and "uw team is" in m.value for m in app.markdown)
    next_step(app)
    assert step_heading(app) == "## Stap 7 van 8: Verbeteren"
    by_label(app.text_input, "Wat spreken we af?").input("Elk gezin krijgt bij de start een vast aanspreekpunt")
    by_label(app.text_input, "Wie").input("Noor")
    by_label(app.date_input, "Uiterlijk").set_value(dt.date(2027, 1, 15))
    by_label(app.button, "Afspraak toevoegen").click().run()
    assert not app.exception and not app.error
    assert any("vast aanspreekpunt" in m.value for m in app.markdown)
    next_step(app)
    assert step_heading(app) == "## Stap 8 van 8: Afronden"
    text = " ".join(m.value for m in app.markdown)
    assert "We verwachten dat het cijfer daalt" in text and "vast aanspreekpunt" in text
    labels = {b.label for b in app.get("download_button")}
    assert {"Verslag (PDF)", "Verslag (Markdown)", "Afspraken (CSV)", "Afspraken in de agenda (.ics)"} <= labels
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
    assert {"Afspraken als CSV", "Afspraken als Excel", "Afspraken in de agenda (.ics)"} <= {
        b.label for b in again.get("download_button")}


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
    assert any('[data-testid="stSidebar"]' in m.value and "display: none" in m.value for m in app.markdown)
    assert len(charts(app)) == 1
    total = n_charts + 4  # the charts, then the four prompts one by one
    assert any(c.value == f"Onderdeel 1 van {total}" for c in app.caption)
    assert not app.text_area  # no editing chrome
    next_step(app)
    assert any(c.value == f"Onderdeel 2 van {total}" for c in app.caption)
    for _ in range(total - 1):
        next_step(app)
    assert step_heading(app) == "# Verklaren"
    app.button(key="knop_presentatie_uit").click().run()
    assert step_heading(app) == "## Stap 5 van 8: Verklaren" and app.text_area


def test_the_beamer_starts_every_step_at_its_first_part_when_the_laptop_moves_on(make_app):
    laptop = open_gesprek(make_app)
    laptop.button(key="knop_beginnen").click().run()
    for _ in range(3):
        next_step(laptop)
    gid = laptop.session_state["gs_gesprek"]
    beamer = open_gesprek(make_app, {"gesprek": str(gid)})
    beamer.toggle(key="gs_presentatie").set_value(True).run()
    next_step(beamer)
    next_step(beamer)  # the clicker on the beamer page: part 3 of Herkennen
    assert step_heading(beamer) == "# Herkennen"
    assert any(c.value.startswith("Onderdeel 3 van") for c in beamer.caption)
    next_step(laptop)  # the facilitator moves the session on from the laptop
    beamer.run()
    assert step_heading(beamer) == "# Verklaren"
    assert any(c.value.startswith("Onderdeel 1 van") for c in beamer.caption)  # not halfway into the step
    next_step(laptop)
    beamer.run()
    assert step_heading(beamer) == "# Waarderen" and any(c.value.startswith("Onderdeel 1 van") for c in beamer.caption)


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
    five = app.multiselect(key="gs_new_focus").options[:5]
    app.multiselect(key="gs_new_focus").set_value(five).run()
    assert any("U koos 5 cijfers; een gesprek gaat over hoogstens 4" in w.value for w in app.warning)
    app.button(key="knop_beginnen").click().run()
    assert any("Kies één tot 4 cijfers" in unescaped(e.value) for e in app.error)
