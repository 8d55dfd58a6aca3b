"""Throughput of the local engine (issue 19): `storydesk run` over the 181 shared extraction pages against
trafilatura alone, whole processes, in one run.

Each storydesk command is paired with a trafilatura-alone process run just before it, and its ratio is
taken to that pair's trafilatura time: the machine is shared, so only ratios within a pair mean much.
Per-stage seconds come from a child that runs the stages one by one (``--stages``). Peak RSS is the
largest single process of a command (``wait4``), its worker processes included.

Run alone: ``python bench/bench_throughput.py`` (``--repeat N`` pairs per command, default 1).
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))

from storydesk.evaluate import eval_data_dir  # noqa: E402

PY = sys.executable
STORYDESK = str(Path(PY).with_name("storydesk"))
TRAFILATURA = (
    "import sys, pathlib, trafilatura\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.html')):\n"
    "    trafilatura.extract(p.read_bytes(), include_comments=False)\n"
)
EXTRACT = (
    "import sys, pathlib\n"
    "from storydesk.ingest.extract import extract_html\n"
    "from storydesk.errors import StorydeskError\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.html')):\n"
    "    try:\n"
    "        extract_html(p.read_bytes(), source=p.name)\n"
    "    except StorydeskError:\n"
    "        pass\n"
)


def _timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system, children reaped by it included), peak RSS MB, stdout."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise RuntimeError(f"{cmd[:3]} exited {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def _pages(data: Path, into: Path) -> int:
    files = sorted((data / "extraction" / "html").glob("*.html.gz"))
    for f in files:
        (into / f.name.removesuffix(".gz")).write_bytes(gzip.decompress(f.read_bytes()))
    return len(files)


def _stages(pages: str, workers: str) -> None:
    """Child mode: the stages of `storydesk run`, timed one by one; prints JSON."""
    from bench_pipeline import timed_stages  # the bench folder is this script's own, first on sys.path

    from storydesk.settings import Settings
    from storydesk.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.from_values({"db": str(Path(tmp) / "s.db"), "workers": workers})
        accepted, briefs, secs = timed_stages(Store(settings.db), [pages], settings)
    print(json.dumps({"articles": accepted, "briefs": briefs, "seconds": secs,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def run(repeat: int = 1) -> str:
    data = eval_data_dir()
    if data is None:
        return "## Throughput (issue 19)\n\nskipped: ../shared/data is absent\n"
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        pages = Path(tmp) / "pages"
        pages.mkdir()
        n_pages = _pages(data, pages)
        traf_cmd = [PY, "-c", TRAFILATURA, str(pages)]
        commands: list[tuple[str, list[str], dict[str, str]]] = [
            ("storydesk extract only (`extract_html` per page)", [PY, "-c", EXTRACT, str(pages)], {}),
            ("storydesk ingest (extract, dedup, store)", [STORYDESK, "ingest", str(pages), "--db", "DB"], {}),
            ("storydesk run, 1 worker", [STORYDESK, "run", str(pages), "--db", "DB"], {"STORYDESK_WORKERS": "1"}),
            ("storydesk run, 2 workers", [STORYDESK, "run", str(pages), "--db", "DB"], {"STORYDESK_WORKERS": "2"}),
        ]
        traf_walls = []
        n_articles = 0
        for label, cmd, extra in commands:
            walls, ratios, cpus, cpu_ratios, peaks = [], [], [], [], []
            for k in range(repeat):
                traf_wall, traf_cpu, traf_peak, _ = _timed(traf_cmd)
                traf_walls.append((traf_wall, traf_cpu, traf_peak))
                db = Path(tmp) / f"{len(rows)}-{k}.db"
                env = {**os.environ, **extra, "STORYDESK_DB": str(db)}
                wall, cpu, peak, _ = _timed([str(db) if c == "DB" else c for c in cmd], env)
                walls.append(wall)
                cpus.append(cpu)
                peaks.append(peak)
                ratios.append(wall / traf_wall)
                cpu_ratios.append(cpu / traf_cpu)
            mid = sorted(range(repeat), key=lambda i: ratios[i])[repeat // 2]
            rows.append(f"| {label} | {walls[mid]:.1f} | {cpus[mid]:.1f} | {n_pages / walls[mid]:.1f} | "
                        f"{n_pages / cpus[mid]:.1f} | {ratios[mid]:.2f}x | {cpu_ratios[mid]:.2f}x | "
                        f"{peaks[mid]:.0f} |")
        traf_walls.sort()
        tw, tc, tp = traf_walls[len(traf_walls) // 2]
        rows.insert(0, f"| trafilatura alone (`extract`, comments excluded) | {tw:.1f} | {tc:.1f} | "
                       f"{n_pages / tw:.1f} | {n_pages / tc:.1f} | 1.00x | 1.00x | {tp:.0f} |")
        stage_rows = []
        for workers in ("2",):
            _, _, _, out = _timed([PY, __file__, "--stages", str(pages), workers])
            got = json.loads(out.strip().splitlines()[-1])
            n_articles = got["articles"]
            secs = got["seconds"]
            stage_rows.append(f"| {workers} | " + " | ".join(f"{secs[s]:.1f}" for s in
                                                            ("ingest", "enrich", "cluster", "brief"))
                              + f" | {sum(secs.values()):.1f} | {got['briefs']} | {got['peak_mb']:.0f} |")
    return (
        "## Throughput of the local engine (issue 19)\n\n"
        f"{n_pages} shared extraction pages ({n_articles} articles stored), whole processes (start-up and model "
        "loading included), each storydesk command paired with a trafilatura-alone process run just before it; "
        f"median of {repeat} pair(s) by ratio. CPU is user + system of the process and its workers; on a busy "
        "machine the CPU ratio is the steadier one (wall time waits for the other users).\n\n"
        "| command | wall s | CPU s | pages/s | pages per CPU s | wall / trafilatura | CPU / trafilatura | "
        "peak RSS MB |\n|---|---|---|---|---|---|---|---|\n"
        + "\n".join(rows) + "\n\n"
        "Per stage, same pages, in one process per row (models load inside the first stage that needs them):\n\n"
        "| workers | ingest s | enrich s | cluster s | brief s | total s | briefs | peak RSS MB (parent) |\n"
        "|---|---|---|---|---|---|---|---|\n" + "\n".join(stage_rows) + "\n"
    )


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "--stages":
        _stages(sys.argv[2], sys.argv[3])
    else:
        repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
        print(run(repeat))
