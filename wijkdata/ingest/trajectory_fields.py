"""The fields of a list of trajecten and the meanings their codes can get (see trajectory_plan.py).

Kept apart so the general mapping (labels, targets, layout) can name them without importing the
trajectory proposal, which builds on the general mapping."""

FIELDS = {
    "tr:id": "traject- of cliëntnummer (alleen om dubbele rijen te vinden)",
    "tr:start": "startdatum traject",
    "tr:eind": "einddatum traject",
    "tr:reden": "reden beëindiging (codes)",
    "tr:doelen": "doelen bereikt (codes)",
    "tr:tevredenheid": "tevredenheid (cijfer 1 tot 10)",
    "tr:uitvoering": "uitvoering: eigen of door een aanbieder (codes)",
    "tr:verwezen": "verwezen naar specialistische hulp (codes)",
    "tr:crisis": "crisis (codes)",
    "tr:migratie": "migratieachtergrond (codes)",
    "tr:lage_ses": "lage SES (codes)",
}
UNKNOWN = "onbekend"
YES_NO = {"ja": "ja", "nee": "nee", UNKNOWN: "onbekend (telt niet mee)"}
CODED = {
    "tr:reden": {"uitval": "uitval: voortijdig gestopt zonder overeenstemming",
                 "verwezen": "afgesloten met verwijzing naar specialistische hulp",
                 "regulier": "afgesloten volgens plan of in overleg",
                 "overig": "anders afgesloten (verhuisd, overleden): geen uitval",
                 UNKNOWN: "onbekend (telt niet mee)"},
    "tr:doelen": YES_NO,
    "tr:uitvoering": {"ja": "eigen uitvoering door het team", "nee": "uitgevoerd door een andere aanbieder",
                      UNKNOWN: "onbekend (telt niet mee)"},
    "tr:verwezen": YES_NO,
    "tr:crisis": YES_NO,
    "tr:migratie": YES_NO,
    "tr:lage_ses": YES_NO,
}
MAX_CODES = 40  # more distinct values than this is not a code list (a free text or a date)


def meaning_label(target: str, meaning: str) -> str:
    return CODED[target].get(meaning, meaning)
