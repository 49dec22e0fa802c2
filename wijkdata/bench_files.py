"""The file bench: every file that once stalled the app, built on the spot and checked as the
Gegevens page checks it (read, map, validate), each in a fresh process. Prints the time, the peak
memory of that process and what the app answered. Nothing is asserted: the README's table
"Grenzen" comes from here.

    wijkdata bench --alleen bestanden
"""

from __future__ import annotations

import multiprocessing
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from wijkdata.bench import peak_mb
from wijkdata.formatting import format_int, format_number
from wijkdata.hostile_files import dimension_bomb_xlsx, raw_xlsx, xml_row

HEADER = "team;periode;indicator;waarde\n"


def _endless_line() -> bytes:
    return b"a;" * 2_500_000


def _many_rows(rows: int, width: int) -> bytes:
    """A long CSV of ``rows`` rows of ``width`` bytes each, nearly all of them repeats of a thousand
    keys (as a file that was appended to itself many times)."""
    tail = ";2024-K1;tevredenheid;7,5\n"
    block = "".join(f"Wijkteam {i:03d}".ljust(width - len(tail), "x") + tail for i in range(1000)).encode()
    return HEADER.encode() + block * (rows // 1000)


def _xlsx_rows(rows: int, teams: int) -> bytes:
    """An Excel sheet of ``rows`` rows with ``teams`` different team names."""
    body = [xml_row(1, ("A1", "team"), ("B1", "periode"), ("C1", "indicator"), ("D1", "waarde"))]
    body += [xml_row(r, (f"A{r}", f"Team {r % teams}"), (f"B{r}", "2024-K1"), (f"C{r}", "uitval"), (f"D{r}", 12))
             for r in range(2, rows + 2)]
    return raw_xlsx("".join(body))


def _national_csv() -> bytes:
    from wijkdata.bench import write_national_files

    with tempfile.TemporaryDirectory() as folder:
        csv_path, _, _ = write_national_files(Path(folder), 1500, 40)
        return csv_path.read_bytes()


# (what a person would call it, file name, how to build it)
FILES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("Excel dat tot rij 1.048.576 zegt te lopen", "dimensie.xlsx", dimension_bomb_xlsx),
    ("CSV van één regel `a;` × 2,5 miljoen", "regel.csv", _endless_line),
    ("CSV van 2,36 miljoen rijen", "rijen.csv", lambda: _many_rows(2_360_000, 44)),  # 104 MB
    ("CSV van 1,76 miljoen rijen, bijna alle dubbel", "dubbel.csv", lambda: _many_rows(1_760_000, 59)),  # 104 MB
    ("Excel met 1 miljoen rijen", "miljoen.xlsx", lambda: _xlsx_rows(1_000_000, 40)),
    ("Excel met 200.000 verschillende teams", "teams.xlsx", lambda: _xlsx_rows(200_000, 200_000)),
    ("landelijke CSV (1,2 miljoen rijen)", "landelijk.csv", _national_csv),
]


def _check(path: str, queue) -> None:
    """In a child process: check the file as the page does; report seconds, peak MB and the answer."""
    from wijkdata.ingest import IngestError
    from wijkdata.service import check_file
    from wijkdata.store import Store

    start = time.perf_counter()
    try:
        data = Path(path).read_bytes()
        store = Store(f"sqlite:///{Path(path).with_suffix('.sqlite')}")
        start = time.perf_counter()
        checked = check_file(data, Path(path).name, store)
        answer = (f"gelezen: {format_int(checked.result.n_usable)} bruikbaar, "
                  f"{format_int(checked.result.n_warnings)} waarschuwingen")
    except IngestError as exc:
        answer = "melding: " + exc.message
    except Exception as exc:  # reported, not hidden: the bench is where a stall or crash shows
        answer = f"FOUT: {type(exc).__name__}"
    seconds = time.perf_counter() - start
    queue.put((seconds, peak_mb(), answer))



def run_file_bench(only: str | None = None) -> str:
    """Build each file, check it in a fresh process, and print one line per file."""
    ctx = multiprocessing.get_context("spawn")
    lines = ["Bestanden die ooit de app ophielden (controle zoals de pagina Gegevens, elk in een nieuw proces):",
             "bestand | grootte | tijd | piekgeheugen van het proces | antwoord"]
    with tempfile.TemporaryDirectory() as folder:
        for label, name, build in FILES:
            if only and only not in name:
                continue
            path = Path(folder) / name
            path.write_bytes(build())
            queue = ctx.Queue()
            proc = ctx.Process(target=_check, args=(str(path), queue))
            proc.start()
            proc.join(timeout=600)
            if queue.empty():  # killed (out of memory) or stuck: that is the finding, not a hang of the bench
                proc.kill()
                seconds, peak, answer = float("nan"), float("nan"), f"FOUT: het proces stopte (code {proc.exitcode})"
            else:
                seconds, peak, answer = queue.get()
            size = path.stat().st_size
            shown = f"{format_number(size / 1e3, 1)} kB" if size < 1e6 else f"{format_number(size / 1e6, 1)} MB"
            lines.append(f"{label} | {shown} | {format_number(seconds, 2)} s | "
                         f"{format_number(peak, 0)} MB | {answer[:110]}")
            path.unlink()
    return "\n".join(lines)
