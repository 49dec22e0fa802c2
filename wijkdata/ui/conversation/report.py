"""The session report and the downloads at the end of a session."""

from __future__ import annotations

import streamlit as st

from wijkdata.conversation import flow
from wijkdata.conversation.report import (ReportFigure, SessionReport, agreements_table, to_ics,
                                         to_markdown_zip, to_pdf)
from wijkdata.periods import period_range
from wijkdata.export import to_csv_bytes


def session_report(room, with_images: bool) -> SessionReport:
    from wijkdata.charts import to_png
    from wijkdata.ui.conversation.figures import session_figures, verdicts

    conv, session = room.conv, room.session
    figs = session_figures(room.ctx, room.gid, room.focus, room.team_label)
    judged = verdicts(room.ctx, room.focus, room.peers, room.peer_description)
    report_figures = [ReportFigure(f.naam, f.zin, to_png(f.chart) if with_images else None,
                                   judged.get(code, [])) for code, f in figs.items()]
    reviewed = conv.agreements(team=session["team"])
    reviewed = reviewed[reviewed["beoordeeld_in"] == session["id"]]
    actions = conv.prompt_actions(room.gid)
    skipped = set(actions.loc[actions["actie"] == "overgeslagen", "vraag_id"]) if len(actions) else set()
    own = [r.tekst for r in actions.itertuples() if r.actie == "eigen" and r.vraag_id not in skipped] \
        if len(actions) else []
    return SessionReport(room.team_label, session["datum"],
                         period_range(session["periode_van"], session["periode_tot"]), session["aanwezig"] or "",
                         report_figures, conv.notes(session["id"]), conv.agreements(gesprek_id=session["id"]),
                         reviewed, titel=session.get("titel") or "", eigen_vragen=own)


def downloads(room) -> None:
    conv, session, gid = room.conv, room.session, room.gid
    st.markdown("### Verslag en afspraken")
    made = conv.agreements(gesprek_id=gid)
    d1, d2, d3, d4 = st.columns(4)
    stamp = f"{session['datum']:%Y%m%d}"
    d1.download_button("Verslag (PDF)", lambda: to_pdf(session_report(room, True)), file_name=f"verslag_{stamp}.pdf",
                       mime="application/pdf", on_click="ignore", icon=":material/picture_as_pdf:",
                       key="dl_verslag_pdf")
    d2.download_button("Verslag met grafieken (zip)", lambda: to_markdown_zip(session_report(room, True)),
                       file_name=f"verslag_{stamp}.zip", mime="application/zip", on_click="ignore",
                       icon=":material/folder_zip:", key="dl_verslag_md")
    d3.download_button("Afspraken (CSV)", lambda: to_csv_bytes(agreements_table(made)),
                       file_name=f"afspraken_{stamp}.csv", mime="text/csv", on_click="ignore",
                       icon=":material/table:", key="dl_gesprek_csv")
    d4.download_button("Afspraken in de agenda (.ics)", lambda: to_ics(made, room.team_label),
                       file_name=f"afspraken_{stamp}.ics", mime="text/calendar", on_click="ignore",
                       icon=":material/event:", key="dl_gesprek_ics")
    if session["status"] != "afgerond":
        if st.button("Gesprek afronden", type="primary", icon=":material/check:", key="knop_afronden"):
            flow.finish(conv, gid)
            st.rerun()
    else:
        st.success("Dit gesprek is afgerond. De afspraken komen terug in de terugblik van het volgende gesprek.")
