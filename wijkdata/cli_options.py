"""The import plan as the command line writes it: ``--koppel``, ``--filter``, ``--schaal``,
``--samenvoegen``, ``--frequentie``, ``--code``, ``--nieuwe-indicator``, ``--bron``. Every choice the mapping
step offers, in words a shell can carry; every mistake an IngestError in Dutch."""

from __future__ import annotations

from wijkdata.catalog import KINDS, POLARITIES, UNITS, VS, Catalog, Indicator, Reference, definition_problems
from wijkdata.ingest import IngestError
from wijkdata.ingest.mapping import MappingProposal, parse_target
from wijkdata.ingest.plan import FREQUENCIES, SCALE_NAMES, suffix_stem
from wijkdata.ingest.trajectory_fields import CODED

KIND_WORDS = {"aantal": "count", "aandeel": "proportion", "verhouding": "rate", "gemiddelde": "mean", "duur": "duration",
              **{k: k for k in KINDS}}


def _pairs(values: list[str] | None, flag: str, example: str) -> list[tuple[str, str]]:
    out = []
    for pair in values or []:
        if "=" not in pair:
            raise IngestError(f"'{pair}' past niet bij {flag}.", f"Schrijf {flag} '{example}'.")
        left, right = pair.split("=", 1)
        out.append((left.strip(), right.strip()))
    return out


def new_indicators(specs: list[str] | None, catalog: Catalog) -> list[Indicator]:
    """``code=…,naam=…,eenheid=%,soort=aandeel,richting=geen_oordeel,v=verbinden[,uitleg=…]
    [,referentie=12.5,bron=…]`` -> indicators, each checked like the form on the Gegevens page."""
    made = []
    for spec in specs or []:
        fields = dict(_pairs([p for p in spec.split(",") if p.strip()], "--nieuwe-indicator",
                             "code=jeugdzorg_pct,naam=Jongeren met jeugdzorg,eenheid=%,soort=aandeel"))
        code = fields.get("code", "")
        unit = fields.get("eenheid", "vrij")
        kind = KIND_WORDS.get(fields.get("soort", ""), fields.get("soort", ""))
        refs = ()
        if "referentie" in fields:
            try:
                refs = (Reference(float(fields["referentie"].replace(",", ".")), "referentie", fields.get("bron", "")),)
            except ValueError:
                raise IngestError(f"De referentiewaarde '{fields['referentie']}' is geen getal.",
                                  "Schrijf referentie=12.5 of laat hem weg.") from None
        ind = Indicator(code, fields.get("naam", ""), fields.get("uitleg", ""), unit, kind or "mean",
                        fields.get("richting", "geen_oordeel"), fields.get("v", "verbinden"), referenties=refs, eigen=True)
        if problems := definition_problems(ind, catalog.with_own(made)):
            raise IngestError(f"Nieuwe indicator '{code}': " + " ".join(problems),
                              f"Eenheden: {', '.join(UNITS)}; soorten: {', '.join(k for k in KIND_WORDS if k not in KINDS)}; "
                              f"richtingen: {', '.join(POLARITIES)}; V: {', '.join(VS)}.")
        made.append(ind)
    return made


def apply_arguments(args, proposal: MappingProposal, columns: list[str], catalog: Catalog) -> MappingProposal:
    """The proposal with every choice of the command line applied on top."""
    mapping = dict(proposal.mapping)
    options = proposal.options
    stems = {}
    for c in columns:
        stems.setdefault(suffix_stem(c), []).append(c)
    for col, text in _pairs(args.koppel, "--koppel", "Kolomnaam=periode"):
        _require_column(col, columns)
        mapping[col] = _target(text, catalog)
    for stem, text in _pairs(args.samenvoegen, "--samenvoegen", "PercentageJongerenMetJeugdzorg=ind:jeugdzorg_pct"):
        if stem not in stems:
            raise IngestError(f"Geen kolom heet '{stem}' met of zonder een nummer erachter.",
                              "Schrijf de naam zonder het nummer, bijvoorbeeld PercentageJongerenMetJeugdzorg.")
        for col in stems[stem]:
            mapping[col] = _target(text, catalog)
    row_filter = dict(options.row_filter)
    for col, values in _pairs(args.filter, "--filter", "SoortRegio_2=Wijk"):
        _require_column(col, columns)
        row_filter[col] = tuple(v.strip() for v in values.split("|") if v.strip())
    scales = dict(options.scales)
    for col, text in _pairs(args.schaal, "--schaal", "Kolomnaam=/10"):
        _require_column(col, columns)
        if text.replace(" ", "").lower() not in SCALE_NAMES:
            raise IngestError(f"De schaal '{text}' ken ik niet.", "Kies /10, /100, x100 of geen.")
        scales[col] = SCALE_NAMES[text.replace(" ", "").lower()]
    frequency = options.frequency
    if args.frequentie:
        if args.frequentie not in (*FREQUENCIES, "geen"):
            raise IngestError(f"De frequentie '{args.frequentie}' ken ik niet.", "Kies jaar, kwartaal, maand of geen.")
        frequency = None if args.frequentie == "geen" else args.frequentie
    codes = {c: dict(v) for c, v in options.codes.items()}
    for left, meaning in _pairs(getattr(args, "code", None), "--code", "Reden beëindiging:06 Administratief gesloten=overig"):
        col, _, value = left.partition(":")
        _require_column(col.strip(), columns)
        target = mapping.get(col.strip(), "")
        if target not in CODED:
            raise IngestError(f"De kolom '{col.strip()}' is geen kolom met codes van een lijst van trajecten.",
                              "Koppel hem eerst, bijvoorbeeld met --koppel 'Reden beëindiging=tr:reden'.")
        if meaning not in CODED[target]:
            raise IngestError(f"De betekenis '{meaning}' past niet bij kolom '{col.strip()}'.",
                              f"Kies uit: {', '.join(CODED[target])}.")
        codes.setdefault(col.strip(), {})[value.strip()] = meaning
    options = options.replace(row_filter=row_filter, scales=scales, frequency=frequency, codes=codes)
    return MappingProposal(mapping, proposal.scores, options, proposal.new_indicators)


def _require_column(col: str, columns: list[str]) -> None:
    if col not in columns:
        raise IngestError(f"De kolom '{col}' staat niet in het bestand.", f"Kolommen: {', '.join(columns[:40])}"
                          + (" …" if len(columns) > 40 else "") + ".")


def _target(text: str, catalog: Catalog) -> str:
    target = parse_target(text, catalog)
    if target is None:
        raise IngestError(f"'{text}' is geen veld of indicator die ik ken.",
                          "Gebruik een veld (team, periode, waarde, teamkenmerk (context), …), een indicatorcode "
                          "(ind:uitval) of de naam die het rapport noemt.")
    return target
