"""Who may see what: the open mode, or logged-in users mapped to a team or to the manager role.

Without login (the default, for one computer or a closed network) everyone may choose any team
and manage uploads; other teams are pseudonymised unless their data owner allows names.

With login, each user is listed in the settings (``[[wijkdata.gebruikers]]`` in secrets.toml):

- ``rol = "team"`` with ``team = "…"``: sees the own team by name, every other team as Team A,
  B, … (unless their data owner allows names), cannot switch teams, and may upload figures of
  the own team only, but not delete uploads or change who sees names;
- ``rol = "manager"``: sees every team by name, may choose any team and manage uploads.

A user who is logged in but not listed sees nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from wijkdata.ingest.teams import normalise_name
from wijkdata.errors import UserError
from wijkdata.store.errors import StoreError

OPEN, TEAM, MANAGER = "open", "team", "manager"
ROLES = (TEAM, MANAGER)


class AccessConfigError(UserError, ValueError):
    """The user list in the settings is wrong; the message (Dutch) says which entry and how to fix it."""


class AccessDenied(StoreError):
    """Someone tried to write where their role does not allow it; the message says so in Dutch."""


@dataclass(frozen=True)
class Access:
    role: str  # OPEN, TEAM or MANAGER
    user: str | None = None  # the e-mail address the login gave
    team: str | None = None  # the own team of a TEAM user

    @property
    def chooses_team(self) -> bool:
        """May pick any team as "ons team" (a team member is held to the own team)."""
        return self.role in (OPEN, MANAGER)

    @property
    def sees_all_names(self) -> bool:
        return self.role == MANAGER

    @property
    def manages_uploads(self) -> bool:
        """May delete and restore uploads and decide whether their team names are shown."""
        return self.role in (OPEN, MANAGER)

    @property
    def restricted_team(self) -> str | None:
        """The one team this user is held to (a team member's own team), or None when any team is
        allowed. Uploads and saved mappings are restricted to it by the service; conversations,
        notes and baselines by the sidebar, which fixes a team member's 'Ons team'."""
        return self.team if self.role == TEAM else None

    @property
    def manages_indicators(self) -> bool:
        """May add and change own indicators (they change what every team sees)."""
        return self.role in (OPEN, MANAGER)

    def require_indicator_management(self) -> None:
        if not self.manages_indicators:
            raise AccessDenied("Alleen een manager mag eigen indicatoren toevoegen of aanpassen. Vraag een manager "
                               "om de indicator aan te maken; daarna kunt u uw cijfers ervan uploaden.")

    def require_upload_management(self) -> None:
        if not self.manages_uploads:
            raise AccessDenied("Alleen een manager mag uploads verwijderen of terugzetten en bepalen of teamnamen "
                               "zichtbaar zijn. Vraag een manager om dit te doen.")

    def describe(self) -> str:
        if self.role == OPEN:
            return "Open modus: er is geen inlog ingesteld."
        if self.role == MANAGER:
            return f"Ingelogd als {self.user} (manager: alle teams bij naam)."
        return f"Ingelogd als {self.user} (team {self.team})."


OPEN_ACCESS = Access(OPEN)


def parse_users(entries) -> dict[str, Access]:
    """The user list from the settings, keyed by lower-case e-mail address.

    ``entries`` is a list of tables with ``email``, ``rol`` and (for a team member) ``team``."""
    if entries is None:
        return {}
    if not isinstance(entries, list):
        raise AccessConfigError("De gebruikerslijst moet een lijst zijn: schrijf elke gebruiker als "
                                "[[wijkdata.gebruikers]] met email, rol en team.")
    users: dict[str, Access] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"Gebruiker {number} in de gebruikerslijst"
        if not isinstance(entry, dict):
            raise AccessConfigError(f"{where} is geen tabel. Schrijf hem als [[wijkdata.gebruikers]] met "
                                    "email = \"…\", rol = \"team\" of \"manager\" en team = \"…\".")
        email = str(entry.get("email", "")).strip().lower()
        if "@" not in email:
            raise AccessConfigError(f"{where} heeft geen geldig e-mailadres (email = \"naam@organisatie.nl\").")
        role = str(entry.get("rol", "")).strip().lower()
        if role not in ROLES:
            raise AccessConfigError(f"{where} ({email}) heeft rol \"{entry.get('rol', '')}\". "
                                    "Gebruik rol = \"team\" of rol = \"manager\".")
        team = normalise_name(entry.get("team"))
        if role == TEAM and team is None:
            raise AccessConfigError(f"{where} ({email}) is een teamlid zonder team. Voeg team = \"…\" toe, "
                                    "precies zoals de teamnaam in de gegevens staat.")
        if email in users:
            raise AccessConfigError(f"{where}: {email} staat twee keer in de lijst. Laat één regel staan.")
        users[email] = Access(role, email, team if role == TEAM else None)
    return users


def access_for(email: str | None, users: dict[str, Access]) -> Access | None:
    """The access of a logged-in user, or None when the address is not in the list."""
    if not email:
        return None
    return users.get(email.strip().lower())
