"""Messages that survive a rerun go through one channel: told in one run, shown once in the next."""

from streamlit.testing.v1 import AppTest


def _app():
    import streamlit as st

    from wijkdata.ui import messages

    if st.button("Bewaar"):
        messages.tell("upload", "Bewaard als upload 3.")
        messages.tell("pagina", "Er ging iets mis.", "error")
        st.rerun()
    messages.show("pagina")
    messages.show("upload")


def test_a_message_is_shown_once_at_its_place_on_the_next_run():
    app = AppTest.from_function(_app).run()
    assert not app.success and not app.error
    app.button[0].click().run()
    assert [s.value for s in app.success] == ["Bewaard als upload 3."] and [e.value for e in app.error] == ["Er ging iets mis."]
    app.run()
    assert not app.success and not app.error  # shown once, then forgotten
