"""Storage of team conversations: sessions, notes, agreements and the facilitator's prompt choices.

Nothing typed is lost, also when two people write at once:
- every note is its own row, written by one browser session (``auteur``); two people typing in the
  same step write two rows, and both are kept;
- an edit names the version it started from; when the row changed in the meantime, the edit is
  kept as a new row next to it instead of overwriting (a compare-and-set, not last-write-wins);
- every write is one transaction, so a note is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, func, insert, select, update

from wijkdata.errors import UserError
from wijkdata.store.models import agreements, conversation_notes, conversation_prompts, conversations

STATUSES = ("open", "gedaan", "deels", "niet")
LATE = "te laat"  # not stored: the stand of an open or partly done agreement past its date
# how every screen, report and export names a stand (capitalised where it starts a label)
STATUS_LABELS = {"open": "open", "gedaan": "gedaan", "deels": "deels gedaan", "niet": "niet gedaan",
                 LATE: "open, datum verstreken"}
MAX_AGREEMENTS = 5  # an agreement list longer than a handful is not kept


class ConversationError(UserError, ValueError):
    """A write that cannot be done, with a Dutch message for the user."""


@dataclass(frozen=True)
class SavedNote:
    id: int
    versie: int
    conflict: bool  # True: the row had changed meanwhile; this text was kept as a new note


def _agreement_text(wat: str) -> str:
    wat = (wat or "").strip()
    if not wat:
        raise ConversationError("Schrijf op wat u afspreekt, bijvoorbeeld ‘elke maand overleg met de huisartsen’.")
    return wat


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class ConversationStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # ------------------------------------------------------------------ sessions
    def start(self, team: str, focus: list[str], minuten: dict[str, int], periode_van: str | None = None,
              periode_tot: str | None = None, datum: dt.date | None = None, titel: str = "", aanwezig: str = "",
              duur: int = 60) -> int:
        now = _now()
        with self.engine.begin() as conn:
            return int(conn.execute(insert(conversations).values(
                team=team, focus=list(focus), minuten=dict(minuten), periode_van=periode_van, periode_tot=periode_tot,
                datum=datum or dt.date.today(), stap=0, onderdeel=0, stap_sinds=now, wijziging=0, status="lopend",
                titel=titel.strip()[:120], aanwezig=aanwezig, duur=duur, created_at=now,
                updated_at=now)).inserted_primary_key[0])

    def get(self, gesprek_id: int) -> dict | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(conversations).where(conversations.c.id == gesprek_id)).first()
        return dict(row._mapping) if row else None

    def sessions(self, team: str | None = None) -> pd.DataFrame:
        """All sessions, newest first, with their number of notes and agreements."""
        n_notes = (select(conversation_notes.c.gesprek_id, func.count().label("notities"))
                   .where(conversation_notes.c.tekst != "").group_by(conversation_notes.c.gesprek_id).subquery())
        n_agreements = (select(agreements.c.gesprek_id, func.count().label("afspraken"))
                        .group_by(agreements.c.gesprek_id).subquery())
        query = (select(conversations, func.coalesce(n_notes.c.notities, 0).label("notities"),
                        func.coalesce(n_agreements.c.afspraken, 0).label("afspraken"))
                 .outerjoin(n_notes, n_notes.c.gesprek_id == conversations.c.id)
                 .outerjoin(n_agreements, n_agreements.c.gesprek_id == conversations.c.id)
                 .order_by(conversations.c.datum.desc(), conversations.c.id.desc()))
        if team is not None:
            query = query.where(conversations.c.team == team)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    def update(self, gesprek_id: int, **fields) -> None:
        allowed = {"stap", "onderdeel", "status", "focus", "minuten", "aanwezig", "periode_van", "periode_tot", "datum",
                   "titel", "duur"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"unknown session fields: {sorted(unknown)}")
        if "stap" in fields:
            fields["stap_sinds"] = _now()
            fields.setdefault("onderdeel", 0)  # a step always starts at its first item
        with self.engine.begin() as conn:
            conn.execute(update(conversations).where(conversations.c.id == gesprek_id)
                         .values(**fields, wijziging=conversations.c.wijziging + 1, updated_at=_now()))

    def move_to(self, gesprek_id: int, stap: int, onderdeel: int) -> None:
        """The position every view of the session shows: a step and the item within it. The step's
        timer restarts only when the step changes."""
        with self.engine.begin() as conn:
            values = {"onderdeel": onderdeel, "wijziging": conversations.c.wijziging + 1, "updated_at": _now()}
            current = conn.execute(select(conversations.c.stap).where(conversations.c.id == gesprek_id)).scalar()
            if current != stap:
                values |= {"stap": stap, "stap_sinds": _now()}
            conn.execute(update(conversations).where(conversations.c.id == gesprek_id).values(**values))

    def live_stamp(self, gesprek_id: int) -> tuple[int, int, int] | None:
        """(step, item, change counter): one small row a follower polls to know whether to redraw."""
        with self.engine.connect() as conn:
            row = conn.execute(select(conversations.c.stap, conversations.c.onderdeel, conversations.c.wijziging)
                               .where(conversations.c.id == gesprek_id)).first()
        return tuple(int(x) for x in row) if row else None

    def screen_seen(self, gesprek_id: int) -> None:
        """A big screen shows this session (said every few seconds; not a change of its content)."""
        with self.engine.begin() as conn:
            conn.execute(update(conversations).where(conversations.c.id == gesprek_id).values(scherm_gezien=_now()))

    def delete(self, gesprek_id: int) -> None:
        """A session started by mistake goes with everything written in it; agreements it judged in
        its terugblik are open again, as they were before it."""
        with self.engine.begin() as conn:
            conn.execute(conversation_notes.delete().where(conversation_notes.c.gesprek_id == gesprek_id))
            conn.execute(conversation_prompts.delete().where(conversation_prompts.c.gesprek_id == gesprek_id))
            conn.execute(agreements.delete().where(agreements.c.gesprek_id == gesprek_id))
            conn.execute(update(agreements).where(agreements.c.beoordeeld_in == gesprek_id)
                         .values(status="open", toelichting="", beoordeeld_in=None, updated_at=_now()))
            conn.execute(update(agreements).where(agreements.c.voortgezet_in == gesprek_id)
                         .values(voortgezet_in=None, updated_at=_now()))
            conn.execute(conversations.delete().where(conversations.c.id == gesprek_id))

    @staticmethod
    def _touch(conn, gesprek_id: int) -> None:
        conn.execute(update(conversations).where(conversations.c.id == gesprek_id)
                     .values(wijziging=conversations.c.wijziging + 1))

    # ------------------------------------------------------------------ notes
    def add_note(self, gesprek_id: int, stap: str, auteur: str, tekst: str, v: str | None = None,
                 naam: str = "") -> SavedNote:
        now = _now()
        with self.engine.begin() as conn:
            note_id = conn.execute(insert(conversation_notes).values(
                gesprek_id=gesprek_id, stap=stap, v=v, auteur=auteur, naam=naam.strip()[:80], tekst=tekst, versie=1,
                created_at=now, updated_at=now)).inserted_primary_key[0]
            self._touch(conn, gesprek_id)
        return SavedNote(int(note_id), 1, False)

    def save_note(self, note_id: int, tekst: str, versie: int, naam: str | None = None) -> SavedNote:
        """Replace the text of a note if it is still at ``versie``; otherwise keep ``tekst`` as a
        new note next to it (same session, step, V and author) and say so."""
        values = {"tekst": tekst, "versie": versie + 1, "updated_at": _now()}
        if naam is not None:
            values["naam"] = naam.strip()[:80]
        with self.engine.begin() as conn:
            done = conn.execute(update(conversation_notes)
                                .where(conversation_notes.c.id == note_id, conversation_notes.c.versie == versie)
                                .values(**values)).rowcount
            if done:
                gesprek_id = conn.execute(select(conversation_notes.c.gesprek_id)
                                          .where(conversation_notes.c.id == note_id)).scalar_one()
                self._touch(conn, gesprek_id)
                return SavedNote(note_id, versie + 1, False)
            old = conn.execute(select(conversation_notes).where(conversation_notes.c.id == note_id)).first()
        if old is None:
            raise ConversationError("Deze notitie bestaat niet meer; schrijf haar opnieuw.")
        saved = self.add_note(old.gesprek_id, old.stap, old.auteur, tekst, old.v, old.naam if naam is None else naam)
        return SavedNote(saved.id, saved.versie, True)

    def notes(self, gesprek_id: int, stap: str | None = None) -> pd.DataFrame:
        """Notes with text, oldest first."""
        query = (select(conversation_notes).where(conversation_notes.c.gesprek_id == gesprek_id)
                 .order_by(conversation_notes.c.created_at, conversation_notes.c.id))
        if stap is not None:
            query = query.where(conversation_notes.c.stap == stap)
        with self.engine.connect() as conn:
            return pd.read_sql(query, conn)

    # ------------------------------------------------------------------ agreements
    def add_agreement(self, gesprek_id: int, team: str, wat: str, wie: str = "", wanneer: dt.date | None = None,
                      v: str | None = None) -> int:
        wat = _agreement_text(wat)
        with self.engine.begin() as conn:
            count = conn.execute(select(func.count()).select_from(agreements)
                                 .where(agreements.c.gesprek_id == gesprek_id)).scalar_one()
            if count >= MAX_AGREEMENTS:
                raise ConversationError(f"Er staan al {MAX_AGREEMENTS} afspraken. Houd het bij een handvol: kies welke "
                                        "het belangrijkst zijn, of haal er een weg.")
            now = _now()
            new_id = int(conn.execute(insert(agreements).values(
                gesprek_id=gesprek_id, team=team, wat=wat, wie=(wie or "").strip(), wanneer=wanneer, v=v,
                status="open", toelichting="", versie=1, created_at=now, updated_at=now)).inserted_primary_key[0])
            self._touch(conn, gesprek_id)
        return new_id

    def edit_agreement(self, agreement_id: int, wat: str, wie: str = "", wanneer: dt.date | None = None,
                       v: str | None = None) -> None:
        wat = _agreement_text(wat)
        with self.engine.begin() as conn:
            gesprek_id = conn.execute(update(agreements).where(agreements.c.id == agreement_id).values(
                wat=wat, wie=(wie or "").strip(), wanneer=wanneer, v=v, versie=agreements.c.versie + 1,
                updated_at=_now()).returning(agreements.c.gesprek_id)).scalar()
            if gesprek_id is None:
                raise ConversationError("Deze afspraak bestaat niet meer.")
            self._touch(conn, gesprek_id)

    def carry_agreement(self, agreement_id: int, into_gesprek: int) -> int:
        """An agreement that was not (fully) done, made again in this session: a new open agreement
        with the same words, who and V (a new date is for the team to set). The old one keeps its
        verdict and no longer returns in later terugblikken. One transaction: two clicks carry it once."""
        with self.engine.begin() as conn:
            old = conn.execute(select(agreements).where(agreements.c.id == agreement_id)).first()
            if old is None:
                raise ConversationError("Deze afspraak bestaat niet meer.")
            claimed = conn.execute(update(agreements).where(agreements.c.id == agreement_id,
                                                            agreements.c.voortgezet_in.is_(None))
                                   .values(voortgezet_in=into_gesprek, updated_at=_now())).rowcount
            if not claimed:
                raise ConversationError("Deze afspraak is al meegenomen.")
            count = conn.execute(select(func.count()).select_from(agreements)
                                 .where(agreements.c.gesprek_id == into_gesprek)).scalar_one()
            if count >= MAX_AGREEMENTS:  # raising rolls the claim back too
                raise ConversationError(f"Er staan al {MAX_AGREEMENTS} afspraken. Houd het bij een handvol: kies welke "
                                        "het belangrijkst zijn, of haal er een weg.")
            now = _now()
            new_id = int(conn.execute(insert(agreements).values(
                gesprek_id=into_gesprek, team=old.team, wat=old.wat, wie=old.wie, wanneer=None, v=old.v,
                status="open", toelichting="", versie=1, created_at=now, updated_at=now)).inserted_primary_key[0])
            self._touch(conn, into_gesprek)
        return new_id

    def remove_agreement(self, agreement_id: int) -> None:
        with self.engine.begin() as conn:
            row = conn.execute(select(agreements).where(agreements.c.id == agreement_id)).first()
            if row is None:
                return
            conn.execute(agreements.delete().where(agreements.c.id == agreement_id))
            # a carried agreement removed again: the earlier one it continued returns in the terugblik
            conn.execute(update(agreements).where(agreements.c.voortgezet_in == row.gesprek_id,
                                                  agreements.c.team == row.team, agreements.c.wat == row.wat)
                         .values(voortgezet_in=None, updated_at=_now()))
            self._touch(conn, row.gesprek_id)

    def review_agreement(self, agreement_id: int, status: str, toelichting: str, in_gesprek: int) -> None:
        """The terugblik's verdict on an agreement: gedaan, deels, niet (or back to open)."""
        if status not in STATUSES:
            raise ConversationError("Kies gedaan, deels, niet of open.")
        with self.engine.begin() as conn:
            conn.execute(update(agreements).where(agreements.c.id == agreement_id).values(
                status=status, toelichting=(toelichting or "").strip(), beoordeeld_in=in_gesprek,
                versie=agreements.c.versie + 1, updated_at=_now()))
            self._touch(conn, in_gesprek)

    def agreements(self, team: str | None = None, gesprek_id: int | None = None,
                   today: dt.date | None = None) -> pd.DataFrame:
        """Agreements with ``stand``: open, te laat (open and past its date), gedaan, deels or niet."""
        query = (select(agreements, conversations.c.datum.label("gesprek_datum"))
                 .join(conversations, conversations.c.id == agreements.c.gesprek_id)
                 .order_by(conversations.c.datum, agreements.c.id))
        if team is not None:
            query = query.where(agreements.c.team == team)
        if gesprek_id is not None:
            query = query.where(agreements.c.gesprek_id == gesprek_id)
        with self.engine.connect() as conn:
            frame = pd.read_sql(query, conn)
        today = today or dt.date.today()
        due = pd.to_datetime(frame["wanneer"])  # timestamps: an agreement without a date is NaT, never late
        late = (frame["status"].isin(["open", "deels"])) & due.notna() & (due < pd.Timestamp(today))
        frame["stand"] = frame["status"].where(~late, LATE)
        return frame

    def open_before(self, team: str, gesprek_id: int) -> pd.DataFrame:
        """Agreements of this team's earlier sessions that are still open or partly done, or that
        this session already judged: the terugblik's list."""
        frame = self.agreements(team=team)
        earlier = frame["gesprek_id"] < gesprek_id
        carried_before = frame["voortgezet_in"].notna() & (frame["voortgezet_in"] != gesprek_id)
        pending = (frame["status"].isin(["open", "deels"]) & ~carried_before) | (frame["beoordeeld_in"] == gesprek_id)
        return frame[earlier & pending].reset_index(drop=True)

    # ------------------------------------------------------------------ prompt choices
    def prompt_action(self, gesprek_id: int, stap: str, vraag_id: str, actie: str, tekst: str = "",
                      v: str | None = None) -> None:
        if actie not in ("overgeslagen", "vastgezet", "eigen", "terug"):
            raise ValueError(actie)
        with self.engine.begin() as conn:
            if actie in ("overgeslagen", "vastgezet", "terug"):  # one state per prompt: the newest counts
                conn.execute(conversation_prompts.delete().where(
                    conversation_prompts.c.gesprek_id == gesprek_id, conversation_prompts.c.vraag_id == vraag_id,
                    conversation_prompts.c.actie != "eigen"))
            if actie == "terug":
                self._touch(conn, gesprek_id)
                return
            if actie == "eigen" and not tekst.strip():
                raise ConversationError("Schrijf eerst de vraag die u wilt toevoegen.")
            conn.execute(insert(conversation_prompts).values(
                gesprek_id=gesprek_id, stap=stap, vraag_id=vraag_id, actie=actie, tekst=tekst.strip(), v=v,
                created_at=_now()))
            self._touch(conn, gesprek_id)

    def prompt_actions(self, gesprek_id: int) -> pd.DataFrame:
        with self.engine.connect() as conn:
            return pd.read_sql(select(conversation_prompts).where(conversation_prompts.c.gesprek_id == gesprek_id)
                               .order_by(conversation_prompts.c.id), conn)
