"""The ``wijkdata`` command: the same core as the app, for scripts and batch imports.

  wijkdata sample [MAP]          write the sample files
  wijkdata validate FILE [plan]  show the validation report, import nothing
  wijkdata import FILE [plan]    check and import the usable rows
  wijkdata export DOEL.csv [--teamkenmerken]   current figures (or attributes), long form, unsuppressed
  (plan: --koppel, --filter, --schaal, --samenvoegen, --frequentie, --code, --nieuwe-indicator, --bron; see --help)
  wijkdata bench [--teams N] [--kwartalen Q] [--alleen import|paginas|profielen|last|bestanden] [--browser]
                 [--database URL] [--mensen N]
                                                    national-scale benchmarks
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wijkdata.errors import UserError
from wijkdata.config import load_settings
from wijkdata.formatting import format_int
from wijkdata.ingest import IngestError
from wijkdata.ingest.mapping import LAYOUT_LABELS, target_label
from wijkdata.ingest.plan import describe_removed

# argparse's own words (usage, options, its error messages) in Dutch, like everything else it prints
_ARGPARSE_DUTCH = {
    "usage: ": "gebruik: ",
    "positional arguments": "argumenten",
    "options": "opties",
    "show this help message and exit": "toon deze uitleg en stop",
    "argument %(argument_name)s: %(message)s": "bij %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "onbekende argumenten: %s",
    "the following arguments are required: %s": "deze argumenten ontbreken: %s",
    "expected one argument": "hier hoort één waarde bij",
    "invalid choice: %(value)r (choose from %(choices)s)": "ongeldige keuze: %(value)r (kies uit %(choices)s)",
    "invalid %(type)s value: %(value)r": "ongeldige waarde: %(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "onduidelijke optie: %(option)s kan %(matches)s zijn",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fout: %(message)s\n",
}
argparse._ = lambda text: _ARGPARSE_DUTCH.get(text, text)

BENCH_PARTS = ("import", "paginas", "profielen", "last", "bestanden")
BENCH_DEFAULT = ("import", "paginas", "profielen")  # 'last' and 'bestanden' take minutes: only on request


def _check(args, store):
    from wijkdata.cli_options import apply_arguments, new_indicators
    from wijkdata.ingest import read_table
    from wijkdata.ingest.cbs import LEVELS, cbs_plan, is_cbs_kwb
    from wijkdata.ingest.mapping import MappingProposal
    from wijkdata.service import catalog_of, check_table, proposal_for

    path = Path(args.file)
    if not path.is_file():
        raise IngestError(f"Het bestand '{path}' bestaat niet.", "Controleer de naam en de map.")
    data = path.read_bytes()
    settings = load_settings()
    raw = read_table(data, path.name, sheet=args.werkblad, max_bytes=settings.max_upload_mb * 1_000_000,
                     max_rows=settings.max_rows)
    catalog = catalog_of(store)
    made = new_indicators(args.nieuwe_indicator, catalog)
    catalog = catalog.with_own(made)
    columns = list(raw.frame.columns)
    if args.bron == "cbs-kwb":
        if not is_cbs_kwb(columns):
            raise IngestError("Dit bestand heeft niet de kolommen van de CBS Kerncijfers wijken en buurten "
                              "(WijkenEnBuurten, SoortRegio_…).", "Laat --bron weg, of download de tabel opnieuw als CSV.")
        level = {k.lower(): k for k in LEVELS}.get((args.niveau or "wijk").lower())
        if level is None:
            raise IngestError(f"Het niveau '{args.niveau}' ken ik niet.", "Kies wijk, buurt of gemeente.")
        plan = cbs_plan(raw.frame, catalog, level)
        proposal = MappingProposal(plan.proposal.mapping, plan.proposal.scores, plan.proposal.options, plan.new_indicators)
    elif args.bron == "trajecten":
        from wijkdata.ingest.trajectory_plan import is_trajectory_list, propose_trajectory_plan

        proposal, saved = proposal_for(raw, store, catalog)
        if saved is None and not is_trajectory_list(columns):
            proposal = propose_trajectory_plan(raw.frame)  # the headers are unusual: map the rest with --koppel
    else:
        proposal = proposal_for(raw, store, catalog)[0]
    proposal = apply_arguments(args, proposal, columns, catalog)
    return data, check_table(raw, store, mapping=proposal.mapping, options=proposal.options,
                             new_indicators=(*proposal.new_indicators, *made))


def _export(args, store) -> int:
    """The current figures (or team attributes) in the long canonical form, unsuppressed: for
    the data owner, who may see every count."""
    from wijkdata.export import canonical_attributes, canonical_observations, to_csv_bytes

    frame = canonical_attributes(store) if args.teamkenmerken else canonical_observations(store)
    Path(args.doel).write_bytes(to_csv_bytes(frame))
    what = "teams" if args.teamkenmerken else "waarden"
    print(f"Geschreven: {args.doel} ({format_int(len(frame))} {what}, niet onderdrukt: alleen voor de eigenaar van de gegevens).")
    return 0


def _print_report(checked, out=None, limit: int | None = 50) -> None:
    out = out or sys.stdout
    catalog = checked.catalog
    r = checked.result
    print(checked.raw.describe(), file=out)
    print(f"Vorm: {LAYOUT_LABELS[checked.layout]}.", file=out)
    used = {c: t for c, t in checked.mapping.items() if t}
    print("Koppeling: " + "; ".join(f"{c} → {target_label(t, catalog)}" for c, t in used.items()), file=out)
    if skipped := len(checked.mapping) - len(used):
        print(f"Niet gebruikt: {format_int(skipped)} kolommen.", file=out)
    for line in checked.options.describe():
        print(line, file=out)
    if checked.layout == "trajecten":
        from wijkdata.ingest.trajectory_check import summary_lines
        for line in summary_lines(checked):
            print(line, file=out)
        for col, codes in checked.options.codes.items():
            print(f"Codes in {col}: " + "; ".join(f"{v} = {m}" for v, m in codes.items()), file=out)
    if checked.n_filtered:
        print(describe_removed(checked.n_filtered), file=out)
    for ind in checked.new_indicators:
        print(f"Nieuwe indicator bij importeren: {ind.code} ({ind.naam}, {ind.eenheid}).", file=out)
    if checked.attributes is not None:
        years = ", ".join(checked.attributes.periods) or "zonder periode"
        print(f"Teamkenmerken: {format_int(checked.attributes.n_usable)} teams ({years}).", file=out)
    for col in checked.unused_columns:
        print(f"Kolom {col}: gekoppeld, maar leeg in alle rijen die meetellen; er is niets van bewaard.", file=out)
    print(f"Bruikbaar: {format_int(r.n_usable)}; fouten: {format_int(r.n_errors)}; waarschuwingen: {format_int(r.n_warnings)}; "
          f"afgewezen rijen: {format_int(len(r.rejected_rows))}.", file=out)
    issues = checked.issues
    shown = issues if limit is None else issues.head(limit)
    for row in shown.itertuples(index=False):
        print(f"  rij {row.rij}, kolom {row.kolom}: [{row.ernst}] {row.probleem} {row.oplossing}"
              + (f" (waarde: {row.waarde})" if row.waarde else ""), file=out)
    if len(shown) < len(issues):
        print(f"  … en nog {format_int(len(issues) - len(shown))} meldingen (toon alles met --alles).", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wijkdata", description="Cijfers van wijkteams controleren en bewaren.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="OPDRACHT",
                                help="sample, validate, import, export of bench")
    p_sample = sub.add_parser("sample", help="schrijf de voorbeeldbestanden")
    p_sample.add_argument("map", nargs="?", default="sample_data")
    for name, help_text in (("validate", "controleer een bestand zonder te importeren"),
                            ("import", "controleer en importeer een bestand")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("file", metavar="BESTAND", help="het CSV- of Excel-bestand")
        p.add_argument("--werkblad", help="naam van het werkblad (Excel)")
        p.add_argument("--alles", action="store_true", help="toon alle meldingen, niet alleen de eerste 50")
        p.add_argument("--koppel", action="append", metavar="KOLOM=DOEL",
                       help="koppel een kolom aan een veld of indicator, bijvoorbeeld 'Kwartaal=periode' of "
                            "'Uitval=ind:uitval'; de namen die het rapport noemt werken ook ('Indicator Uitval (waarde)')")
        p.add_argument("--filter", action="append", metavar="KOLOM=WAARDE[|WAARDE]",
                       help="neem alleen rijen waar de kolom een van deze waarden heeft, bijvoorbeeld 'SoortRegio_2=Wijk'")
        p.add_argument("--schaal", action="append", metavar="KOLOM=SCHAAL",
                       help="reken een kolom om: /10, /100, x100 of geen (bijvoorbeeld 'Percentage_88=/10' als het "
                            "decimaalteken ontbreekt)")
        p.add_argument("--samenvoegen", action="append", metavar="NAAM=DOEL",
                       help="koppel alle kolommen die NAAM heten met een nummer erachter (NAAM_88, NAAM_97) samen aan "
                            "één doel; per rij telt de ene gevulde kolom")
        p.add_argument("--frequentie", choices=("jaar", "kwartaal", "maand", "geen"),
                       help="een datum in de periodekolom telt als het jaar, kwartaal of de maand waarin hij valt")
        p.add_argument("--nieuwe-indicator", action="append", metavar="SPEC",
                       help="maak een eigen indicator, bijvoorbeeld 'code=jeugdzorg_pct,naam=Jongeren met jeugdzorg,"
                            "eenheid=%%,soort=aandeel,richting=geen_oordeel,v=verantwoordelijkheid' (soort: aantal, "
                            "aandeel, verhouding, gemiddelde of duur)")
        p.add_argument("--bron", choices=("cbs-kwb", "trajecten"),
                       help="cbs-kwb: een export van de CBS Kerncijfers wijken en buurten; trajecten: een lijst van "
                            "trajecten uit een registratiesysteem, één rij per traject (beide worden ook vanzelf herkend)")
        p.add_argument("--code", action="append", metavar="KOLOM:CODE=BETEKENIS",
                       help="bij een lijst van trajecten: wat een code betekent, bijvoorbeeld "
                            "'Reden beëindiging:06 Administratief gesloten=overig' (reden: uitval, verwezen, regulier, "
                            "overig of onbekend; andere codekolommen: ja, nee of onbekend)")
        p.add_argument("--niveau", default="wijk", help="bij --bron cbs-kwb: wijk (standaard), buurt of gemeente als teams")
    p_export = sub.add_parser("export", help="schrijf de actuele cijfers (of teamkenmerken) in de lange vorm, niet onderdrukt")
    p_export.add_argument("doel", metavar="DOEL.csv")
    p_export.add_argument("--teamkenmerken", action="store_true", help="schrijf de teamkenmerken in plaats van de cijfers")
    p_bench = sub.add_parser("bench", help="meet import, pagina's en profielen op landelijke schaal")
    p_bench.add_argument("--teams", type=int, default=1500, help="aantal teams in de landelijke set (standaard 1500)")
    p_bench.add_argument("--kwartalen", type=int, default=40, help="aantal kwartalen (standaard 40)")
    p_bench.add_argument("--alleen", action="append", choices=BENCH_PARTS,
                         help="alleen dit deel; mag vaker (standaard import, paginas en profielen; last en "
                              "bestanden alleen als u erom vraagt)")
    p_bench.add_argument("--browser", action="store_true",
                         help="meet in Chromium hoe lang mensen wachten op elke pagina, keuze en stap, op de "
                              "voorbeelddata en landelijk, naast een kale Streamlit-pagina")
    p_bench.add_argument("--mensen", type=int, default=30,
                         help="aantal mensen tegelijk op één server bij de lastmeting (standaard 30)")
    p_bench.add_argument("--database", metavar="URL",
                         help="meet de import ook in deze lege database, bijvoorbeeld PostgreSQL; "
                              "haar tabellen worden na afloop verwijderd")
    args = parser.parse_args(argv)

    try:
        if args.command == "sample":
            from wijkdata.sample import write_sample_files
            for f in write_sample_files(args.map):
                print(f"geschreven: {f}")
            return 0
        if args.command == "bench":
            if args.browser:
                from wijkdata.ui.browserbench import run_browser_bench
                print(run_browser_bench(args.teams, args.kwartalen), flush=True)
                if not args.alleen:
                    return 0
            parts = args.alleen or BENCH_DEFAULT
            if "import" in parts:
                from wijkdata.bench import run_national_import_bench
                print(run_national_import_bench(args.teams, args.kwartalen, args.database), flush=True)
            if "paginas" in parts:
                from wijkdata.ui.bench import run_page_bench
                print(run_page_bench(args.teams, args.kwartalen), flush=True)
            if "bestanden" in parts:
                from wijkdata.bench_files import run_file_bench
                print(run_file_bench(), flush=True)
            if "profielen" in parts:
                from wijkdata.bench import run_profile_bench
                print(run_profile_bench(args.teams), flush=True)
            if "last" in parts:
                from wijkdata.ui.loadbench import run_load_bench
                print(run_load_bench(args.mensen), flush=True)
            return 0
        from wijkdata.service import import_checked
        from wijkdata.store import Store, StoreError
        store = Store()
        if args.command == "export":
            return _export(args, store)
        data, checked = _check(args, store)
        _print_report(checked, limit=None if args.alles else 50)
        if args.command == "validate":
            return 1 if checked.result.n_errors else 0
        try:
            ds = import_checked(store, checked, Path(args.file).name, data)
        except StoreError as exc:
            print(f"Niet geïmporteerd: {exc.message}", file=sys.stderr)
            return 2
        what = "teams" if checked.layout == "teamkenmerken" else "waarden"
        print(f"Geïmporteerd als upload {ds}: {format_int(checked.result.n_usable)} {what}.")
        return 0
    except UserError as exc:  # a file, a database, a user list or a measurement that cannot: said in Dutch
        print(f"Fout: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
