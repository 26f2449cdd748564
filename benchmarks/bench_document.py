"""Time the business-plan document (DOCX and PDF) of the largest starter, offshore_voice_support.
Target: at most 3 s for the document, DOCX or PDF, with its four charts.

The projection is computed once, outside the timing. Four figures, each the median of
`--repeats` runs (wall clock, and the process's CPU time):

- **cold**: no chart image cached, the shared chart browser already open (the app opens it when
  the Export page is shown, `planner.charts.render.warm_up`): the four charts are drawn.
- **warm**: the same plan again: the images come from the cache (the PDF after the DOCX, or a
  second download of an unchanged plan).
- **both**: DOCX and PDF from one model (the Export page's "Prepare"), cold.
- **first in a fresh process**: the browser closed as well (the command line's case): printed
  once, with the time the browser takes to open.

The machine is shared: the load average is printed with the figures; compare runs at low load.

    .venv/bin/python benchmarks/bench_document.py [--repeats 5] [--plan offshore_voice_support]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.charts import render  # noqa: E402
from planner.engine.pipeline import project  # noqa: E402
from planner.engine.projection import Projection  # noqa: E402
from planner.export import document_bytes, document_files  # noqa: E402
from planner.model.starters import load_template  # noqa: E402

TARGET_S = 3.0


def _timed(
    run: Callable[[], object], repeats: int, before: Callable[[], None]
) -> tuple[float, float]:
    """Median wall and CPU seconds of `run`, `before` called (untimed) ahead of each run."""
    walls, cpus = [], []
    for _ in range(repeats):
        before()
        start, start_cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def _browser_open() -> None:
    render.warm_up()
    deadline = time.monotonic() + 120
    while not render.browser_running() and time.monotonic() < deadline:
        time.sleep(0.05)


def _fresh(projection: Projection) -> None:
    """The first document of a process: no browser, no cache; how long the browser takes."""
    render.shut_down()
    render.CACHE.clear()
    render.SOURCES.clear()
    start = time.perf_counter()
    result = document_bytes(projection)
    total = time.perf_counter() - start
    render.shut_down()
    start = time.perf_counter()
    _browser_open()
    opening = time.perf_counter() - start
    print(
        f"first DOCX in a fresh process (browser closed, nothing cached): {total:.2f} s, of which "
        f"opening the browser about {opening:.2f} s; charts included: {result.charts_included}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--plan", default="offshore_voice_support")
    args = parser.parse_args()
    if render.find_browser() is None:
        print("no Chrome or Chromium: the document would have no charts; nothing to measure")
        return 0
    projection = project(load_template(args.plan))
    print(f"{args.plan}: load average before {os.getloadavg()[0]:.2f} (2 cores)")
    _fresh(projection)
    _browser_open()

    def cold() -> None:
        render.CACHE.clear()
        render.SOURCES.clear()

    def nothing() -> None:
        return None

    document_bytes(projection)  # the cache holds this plan's images
    rows = {
        "DOCX, cold": _timed(lambda: document_bytes(projection), args.repeats, cold),
        "PDF, cold": _timed(
            lambda: document_bytes(projection, file_format="pdf"), args.repeats, cold
        ),
        "DOCX + PDF, cold": _timed(lambda: document_files(projection), args.repeats, cold),
        "DOCX, warm": _timed(lambda: document_bytes(projection), args.repeats, nothing),
        "PDF, warm": _timed(
            lambda: document_bytes(projection, file_format="pdf"), args.repeats, nothing
        ),
    }
    for label, (wall, cpu) in rows.items():
        verdict = "" if label.startswith("DOCX + PDF") else (" ok" if wall <= TARGET_S else " SLOW")
        print(f"{label:<18} wall median {wall:5.2f} s, CPU median {cpu:5.2f} s{verdict}")
    print(f"load average after {os.getloadavg()[0]:.2f}; target {TARGET_S:.0f} s a document")
    render.shut_down()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
