"""Own indicators: what a user adds next to the built-in catalogue, stored in the database so
every process and every page uses them like a built-in one."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, delete, func, insert, select, update

from wijkdata.catalog import Catalog, Indicator, Reference, definition_problems, load_catalog
from wijkdata.store.errors import StoreError
from wijkdata.store.state import bump_version
from wijkdata.formatting import format_int
from wijkdata.store.models import observations, own_indicators
from wijkdata.store.observations import live_datasets


def _to_indicator(row) -> Indicator:
    refs = ()
    if row.referentie_waarde is not None:
        refs = (Reference(float(row.referentie_waarde), row.referentie_label or "referentie", row.referentie_bron or ""),)
    return Indicator(code=row.code, naam=row.naam, uitleg=row.uitleg or "", eenheid=row.eenheid, kind=row.kind,
                     polariteit=row.polariteit, v=row.v, referenties=refs, eigen=True,
                     telling=getattr(row, "telling", None) or "stroom")


class IndicatorStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def own(self) -> list[Indicator]:
        """The own indicators, in the order they were added."""
        with self.engine.connect() as conn:
            rows = conn.execute(select(own_indicators).order_by(own_indicators.c.created_at, own_indicators.c.code))
            return [_to_indicator(r) for r in rows]

    def catalog(self) -> Catalog:
        """Built-in plus own indicators: the catalogue every page and check uses."""
        return load_catalog().with_own(self.own())

    def save(self, ind: Indicator, *, editing: bool = False) -> None:
        """Add an own indicator (or change one, ``editing``). Raises StoreError with every problem
        of the definition in Dutch; nothing is written then."""
        catalog = self.catalog()
        problems = definition_problems(ind, catalog, editing=editing)
        if editing and ind.code not in catalog:
            problems.insert(0, f"Er is geen eigen indicator met de code ‘{ind.code}’.")
        elif editing:
            before = catalog[ind.code]
            if (before.eenheid, before.kind) != (ind.eenheid, ind.kind) and self.stored_values(ind.code):
                # the stored values were read, checked and protected as the old unit and kind
                problems.append(f"Er zijn al cijfers van ‘{before.naam}’ opgeslagen als {before.eenheid}; eenheid en "
                                "soort blijven daarom zoals ze zijn. Naam, uitleg, richting, V en referentie kunt u "
                                "aanpassen; voor een andere eenheid maakt u een nieuwe indicator.")
        if problems:
            raise StoreError(" ".join(problems))
        ref = ind.referenties[0] if ind.referenties else None
        values = dict(naam=ind.naam.strip(), uitleg=ind.uitleg.strip(), eenheid=ind.eenheid, kind=ind.kind,
                      polariteit=ind.polariteit, v=ind.v, telling=ind.telling, referentie_waarde=ref.waarde if ref else None,
                      referentie_label=(ref.label.strip() or "referentie")[:255] if ref else None,
                      referentie_bron=ref.bron.strip()[:255] if ref else None, updated_at=dt.datetime.now(dt.UTC))
        with self.engine.begin() as conn:
            bump_version(conn)
            if editing:
                conn.execute(update(own_indicators).where(own_indicators.c.code == ind.code).values(**values))
            else:
                conn.execute(insert(own_indicators).values(code=ind.code, created_at=values["updated_at"], **values))

    def insert_missing(self, conn, indicators) -> None:
        """Add the indicators that do not exist yet, in the caller's transaction (an import that
        brings them); an existing definition is left as the user made it."""
        present = set(conn.execute(select(own_indicators.c.code)).scalars())
        now = dt.datetime.now(dt.UTC)
        for ind in indicators:
            if ind.code not in present:
                conn.execute(insert(own_indicators).values(
                    code=ind.code, naam=ind.naam, uitleg=ind.uitleg, eenheid=ind.eenheid, kind=ind.kind,
                    polariteit=ind.polariteit, v=ind.v, telling=ind.telling, created_at=now, updated_at=now))

    def stored_values(self, code: str, conn=None) -> int:
        """Values of this indicator in uploads that are not deleted."""
        query = select(func.count()).where(observations.c.indicator == code, observations.c.dataset_id.in_(live_datasets()))
        if conn is not None:
            return int(conn.execute(query).scalar_one())
        with self.engine.connect() as own:
            return int(own.execute(query).scalar_one())

    def remove(self, code: str) -> None:
        """Remove an own indicator that no live upload uses (figures are never orphaned; the rows
        of a deleted upload stay, and a restore then shows them under their code)."""
        with self.engine.begin() as conn:
            if used := self.stored_values(code, conn):
                raise StoreError(f"De indicator ‘{code}’ heeft {format_int(used)} opgeslagen waarden en kan niet worden "
                                 "verwijderd. Verwijder eerst de uploads met deze cijfers (uploadgeschiedenis), of pas "
                                 "alleen naam en uitleg aan.")
            bump_version(conn)
            if not conn.execute(delete(own_indicators).where(own_indicators.c.code == code)).rowcount:
                raise StoreError(f"Er is geen eigen indicator met de code ‘{code}’.")
