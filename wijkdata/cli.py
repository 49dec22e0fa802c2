"""The ``wijkdata`` command: the same core as the app, for scripts and batch imports.

  wijkdata sample [MAP]          write the sample files
  wijkdata validate FILE         show the validation report, import nothing
  wijkdata import FILE           check and import the usable rows
  wijkdata bench [--teams N] [--kwartalen Q] [--alleen import|paginas|profielen|last] [--database URL]
                 [--mensen N]
                                                    national-scale benchmarks
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from wijkdata.bench import BenchError
from wijkdata.config import load_settings
from wijkdata.formatting import format_int
from wijkdata.ingest import IngestError
from wijkdata.ingest.mapping import LAYOUT_LABELS, target_label

BENCH_PARTS = ("import", "paginas", "profielen", "last")
BENCH_DEFAULT = ("import", "paginas", "profielen")  # 'last' starts servers and takes minutes: only on request


def _parse_map(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs or []:
        if "=" not in pair:
            raise IngestError(f"'{pair}' is geen koppeling.", "Schrijf --koppel 'Kolomnaam=veld', bijvoorbeeld --koppel 'Kwartaal=periode'.")
        col, target = pair.split("=", 1)
        out[col.strip()] = target.strip()
    return out


def _check(args, store):
    from wijkdata.catalog import load_catalog
    from wijkdata.ingest import read_table
    from wijkdata.service import check_file, proposal_for

    path = Path(args.file)
    if not path.is_file():
        raise IngestError(f"Het bestand '{path}' bestaat niet.", "Controleer de naam en de map.")
    data = path.read_bytes()
    settings = load_settings()
    mapping = raw = None
    overrides = _parse_map(args.koppel)
    if overrides:
        raw = read_table(data, path.name, sheet=args.werkblad, max_bytes=settings.max_upload_mb * 1_000_000,
                         max_rows=settings.max_rows)
        mapping = proposal_for(raw, store, load_catalog())[0].mapping
        unknown = [c for c in overrides if c not in mapping]
        if unknown:
            raise IngestError(f"De kolom '{unknown[0]}' staat niet in het bestand.", f"Kolommen: {', '.join(mapping)}.")
        mapping.update(overrides)
    return data, check_file(data, path.name, store, raw=raw, sheet=args.werkblad, mapping=mapping,
                            max_bytes=settings.max_upload_mb * 1_000_000)


def _print_report(checked, out=None, limit: int | None = 50) -> None:
    from wijkdata.catalog import load_catalog

    out = out or sys.stdout
    catalog = load_catalog()
    r = checked.result
    print(checked.raw.describe(), file=out)
    print(f"Vorm: {LAYOUT_LABELS[checked.layout]}.", file=out)
    print("Koppeling: " + "; ".join(f"{c} → {target_label(t, catalog)}" for c, t in checked.mapping.items()), file=out)
    print(f"Bruikbaar: {format_int(r.n_usable)}; fouten: {format_int(r.n_errors)}; waarschuwingen: {format_int(r.n_warnings)}; "
          f"afgewezen rijen: {format_int(len(r.rejected_rows))}.", file=out)
    shown = r.issues if limit is None else r.issues.head(limit)
    for row in shown.itertuples(index=False):
        print(f"  rij {row.rij}, kolom {row.kolom}: [{row.ernst}] {row.probleem} {row.oplossing}"
              + (f" (waarde: {row.waarde})" if row.waarde else ""), file=out)
    if len(shown) < len(r.issues):
        print(f"  … en nog {format_int(len(r.issues) - len(shown))} meldingen (toon alles met --alles).", file=out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="wijkdata", description="Cijfers van wijkteams controleren en bewaren.")
    sub = parser.add_subparsers(dest="command", required=True)
    p_sample = sub.add_parser("sample", help="schrijf de voorbeeldbestanden")
    p_sample.add_argument("map", nargs="?", default="sample_data")
    for name, help_text in (("validate", "controleer een bestand zonder te importeren"), ("import", "controleer en importeer een bestand")):
        p = sub.add_parser(name, help=help_text)
        p.add_argument("file")
        p.add_argument("--werkblad", help="naam van het werkblad (Excel)")
        p.add_argument("--alles", action="store_true", help="toon alle meldingen, niet alleen de eerste 50")
        p.add_argument("--koppel", action="append", metavar="KOLOM=VELD", help="koppel een kolom aan een veld, bijvoorbeeld 'Kwartaal=periode'")
    p_bench = sub.add_parser("bench", help="meet import, pagina's en profielen op landelijke schaal")
    p_bench.add_argument("--teams", type=int, default=1500, help="aantal teams in de landelijke set (standaard 1500)")
    p_bench.add_argument("--kwartalen", type=int, default=40, help="aantal kwartalen (standaard 40)")
    p_bench.add_argument("--alleen", action="append", choices=BENCH_PARTS,
                         help="alleen dit deel; mag vaker (standaard import, paginas en profielen; last alleen "
                              "als u erom vraagt)")
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
            parts = args.alleen or BENCH_DEFAULT
            if "import" in parts:
                from wijkdata.bench import run_national_import_bench
                print(run_national_import_bench(args.teams, args.kwartalen, args.database), flush=True)
            if "paginas" in parts:
                from wijkdata.ui.bench import run_page_bench
                print(run_page_bench(args.teams, args.kwartalen), flush=True)
            if "profielen" in parts:
                from wijkdata.bench import run_profile_bench
                print(run_profile_bench(args.teams), flush=True)
            if "last" in parts:
                from wijkdata.ui.loadbench import run_load_bench
                print(run_load_bench(args.mensen), flush=True)
            return 0
        from wijkdata.store import Store, StoreError
        store = Store()
        data, checked = _check(args, store)
        _print_report(checked, limit=None if args.alles else 50)
        if args.command == "validate":
            return 1 if checked.result.n_errors else 0
        try:
            ds = store.import_upload(checked, Path(args.file).name, data)
        except StoreError as exc:
            print(f"Niet geïmporteerd: {exc.message}", file=sys.stderr)
            return 2
        print(f"Geïmporteerd als upload {ds}: {format_int(checked.result.n_usable)} waarden.")
        return 0
    except (IngestError, BenchError) as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
