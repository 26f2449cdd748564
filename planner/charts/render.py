"""Plotly figures -> PNG images with kaleido: one browser kept open, every chart drawn once.

kaleido 1.x drives the machine's Chrome or Chromium. Measured on the offshore starter's four
document charts (2 shared cores, quiet): opening kaleido's browser and loading plotly.js into its
tab costs about 3 s, each chart after that about 0.4 s. Three things keep that off the export:

- **One browser, kept open.** `chart_pngs` draws through one `kaleido.Kaleido` that lives in a
  thread of its own (its own asyncio loop), opened on first use, or ahead of it by `warm_up()`
  (the Export page calls it when it opens), and closed after `IDLE_SECONDS` without work or when
  the process ends. Two app sessions exporting at once share it: kaleido queues their charts on
  its tab.
- **All charts in one batch**: the figures of an export are sent together (`asyncio.gather` over
  `Kaleido.calc_fig`), so the browser never waits for Python between charts. One tab (n=1):
  measured, two or four tabs open slower (each loads plotly.js) and draw no faster on 2 cores.
- **No page reload between the charts of a batch.** kaleido 1.5 reloads its page (and so
  parses plotly.js again) after every chart; its script already purges each chart's plot
  (`Plotly.purge`), and the images are byte for byte the same without the reload (checked on the
  starters' charts, in either order: `tests/charts/test_chart_render.py`). The tab is reloaded
  once after each batch instead, off the export's path: four charts take about 0.8 s, not 1.6 s.
- **Each image drawn once.** PNGs are kept by the figure's content (`figure_key`: its JSON, size
  and scale), `CACHE_ENTRIES` of them: the DOCX and the PDF of a plan, and a second export of an
  unchanged plan, reuse the same images. Given the plan's content as `source`, the figure's key
  is remembered too, so that a second export does not even build the plotly figures (0.35 s).

Where no browser is found, or it fails, `chart_pngs` returns no images and a plain message
(`NO_BROWSER`, or the failure in words): the caller leaves the charts out. The check for a browser
comes first, so a cached image is never shown where charts cannot be drawn: the document
degrades the same way whatever ran before.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import hashlib
import os
import queue
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from typing import Any

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NO_BROWSER = (
    "Charts were left out: no Chrome or Chromium was found. Install chromium "
    "(apt-get install chromium, or Google Chrome) and export again; set BROWSER_PATH if it is "
    "installed somewhere unusual."
)
NO_KALEIDO = (
    "Charts were left out: the kaleido package is not installed. Install it "
    "(pip install kaleido) and export again."
)
IDLE_SECONDS = 300.0
"""The browser closes after this long without a chart to draw (it holds about 150 MB)."""
CACHE_ENTRIES = 48
"""PNG images kept by content (about 150 kB each): a dozen exports of four charts."""
OPEN_TIMEOUT_S = 60.0
"""Longest wait for the browser to start."""
CLOSE_TIMEOUT_S = 30.0
"""Longest wait for the browser to close and its profile folder to be removed (a close cut
short leaves the folder to Python's exit, which then prints an error about it)."""
CHART_TIMEOUT_S = 60.0
"""Longest wait for one chart, and for a batch: this per chart."""

Progress = Callable[[int, int], None]
"""`progress(done, total)` as each chart of a batch is drawn."""


def find_browser() -> str | None:
    """The Chrome or Chromium kaleido would use: BROWSER_PATH if set, else one on the PATH."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.path.isfile(configured) and os.access(configured, os.X_OK) else None
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    return None


def figure_key(figure: Any, *, width: int, height: int, scale: float) -> str:
    """The cache key of a figure's image: SHA-256 of its plotly JSON and the image size."""
    text = figure.to_json() if hasattr(figure, "to_json") else repr(figure)
    return hashlib.sha256(f"{width}x{height}@{scale}\n{text}".encode()).hexdigest()


class _Cache:
    """Values by key, the `entries` most recently used, thread-safe."""

    def __init__(self, entries: int) -> None:
        self.entries = entries
        self._items: OrderedDict[str, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self._lock:
            png = self._items.get(key)
            if png is not None:
                self._items.move_to_end(key)
            return png

    def put(self, key: str, value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


CACHE = _Cache(CACHE_ENTRIES)
"""PNG bytes by `figure_key`."""
SOURCES = _Cache(4 * CACHE_ENTRIES)
"""A figure's `figure_key` by (source, name, size): an image found without making the figure."""


def chart_pngs(
    figures: Mapping[str, Callable[[], Any]],
    *,
    width: int,
    height: int,
    scale: float = 2.0,
    progress: Progress | None = None,
    source: str | None = None,
) -> tuple[dict[str, bytes], str | None]:
    """Each figure (`figures`: a name and a function making the figure) as PNG bytes (`width` x
    `height` CSS pixels, times `scale`), by name, and None; or the images that could be drawn and
    a plain message saying what was left out and why.

    Cached images come back at once; the rest are drawn in one batch by the shared browser.
    `source`, if given, names what the figures are made from (the plan's content): a figure whose
    image is cached for the same source, name and size is then not even made.
    """
    report = progress or (lambda _done, _total: None)
    browser = find_browser()
    if browser is None:
        return {}, NO_BROWSER
    size = f"{width}x{height}@{scale}"
    made: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for name, make in figures.items():
        known = SOURCES.get(f"{source}|{name}|{size}") if source else None
        if known is None:
            made[name] = make()
            known = figure_key(made[name], width=width, height=height, scale=scale)
        keys[name] = known
    images = {name: png for name, key in keys.items() if (png := CACHE.get(key)) is not None}
    todo = [name for name in figures if name not in images]
    total = len(figures)
    report(len(images), total)
    if todo:
        opts = {"format": "png", "width": width, "height": height, "scale": scale}
        try:
            drawn = _service(browser).render(
                [made.get(name) or figures[name]() for name in todo],
                opts,
                lambda done: report(len(images) + done, total),
            )
        except Exception as exc:
            _discard_service()
            return images, _reason(exc)
        for name, png in zip(todo, drawn, strict=True):
            CACHE.put(keys[name], png)
            images[name] = png
    if source:
        for name, key in keys.items():
            SOURCES.put(f"{source}|{name}|{size}", key)
    return images, None


def warm_up() -> None:
    """Start the shared browser in the background, if there is one and it is not running, so
    that the first export does not wait for it. Never blocks, never raises."""
    browser = find_browser()
    if browser is None:
        return
    with contextlib.suppress(Exception):
        _service(browser).open_in_background()


def browser_running() -> bool:
    """Whether the shared browser is open and ready (for tests and the benchmark)."""
    service = _Shared.service
    return service is not None and service.ready()


def shut_down() -> None:
    """Close the shared browser now (it reopens on the next chart)."""
    _discard_service()


# --- the shared browser ------------------------------------------------------------------------


class _BrowserService:
    """One kaleido browser on its own thread and asyncio loop; `render` is called from any
    thread and waits for its batch."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(
            target=self.loop.run_forever, name="chart-renderer", daemon=True
        )
        self.thread.start()
        self._kaleido: Any = None
        self._opening: Future[None] | None = None
        self._lock = threading.Lock()
        self._last_used = time.monotonic()
        self._idle_timer: asyncio.TimerHandle | None = None
        self._reloading: asyncio.Task[None] | None = None

    def open_in_background(self) -> Future[None]:
        with self._lock:
            if self._opening is None:
                self._opening = asyncio.run_coroutine_threadsafe(self._open(), self.loop)
            return self._opening

    def ready(self) -> bool:
        opening = self._opening
        return opening is not None and opening.done() and opening.exception() is None

    async def _open(self) -> None:
        k = _kaleido_class()(n=1, timeout=CHART_TIMEOUT_S, mathjax=False, path=self.path)
        await asyncio.wait_for(k.open(), OPEN_TIMEOUT_S)
        self._kaleido = k
        self._schedule_idle_close()

    def render(
        self, figures: list[Any], opts: dict[str, Any], done: Callable[[int], None]
    ) -> list[bytes]:
        """The figures' PNG bytes in order; `done(n)` after each one drawn. Raises what kaleido
        raised (the caller discards this service)."""
        self.open_in_background().result(timeout=OPEN_TIMEOUT_S)
        # The loop's thread posts counts; this (the caller's) thread reports them, so a progress
        # bar is updated from the thread that drew it (Streamlit's script thread).
        counts: queue.SimpleQueue[int] = queue.SimpleQueue()
        batch = asyncio.run_coroutine_threadsafe(self._render(figures, opts, counts.put), self.loop)
        allowed = CHART_TIMEOUT_S * max(len(figures), 1)
        deadline = time.monotonic() + allowed
        while not (batch.done() and counts.empty()):
            with contextlib.suppress(queue.Empty):
                done(counts.get(timeout=0.05))
            if time.monotonic() > deadline:
                batch.cancel()
                raise TimeoutError(f"the charts took longer than {int(allowed)} s")
        return batch.result()

    async def _render(
        self, figures: list[Any], opts: dict[str, Any], done: Callable[[int], None]
    ) -> list[bytes]:
        count = 0

        async def one(fig: Any) -> bytes:
            nonlocal count
            png = bytes(await self._kaleido.calc_fig(fig, opts=opts))
            count += 1
            done(count)
            return png

        try:
            return list(await asyncio.gather(*(one(fig) for fig in figures)))
        finally:
            self._last_used = time.monotonic()
            self._schedule_idle_close()
            self._reloading = self.loop.create_task(self._kaleido.reload_tabs())

    def _schedule_idle_close(self) -> None:
        if self._idle_timer is not None:
            self._idle_timer.cancel()
        self._idle_timer = self.loop.call_later(IDLE_SECONDS, self._close_if_idle)

    def _close_if_idle(self) -> None:
        if time.monotonic() - self._last_used >= IDLE_SECONDS - 1:
            threading.Thread(target=_discard_service, args=(self,), daemon=True).start()

    def close(self) -> None:
        """Close the browser and stop the loop's thread."""

        async def _close() -> None:
            if self._idle_timer is not None:
                self._idle_timer.cancel()
            if self._reloading is not None:
                self._reloading.cancel()
            if self._kaleido is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._kaleido.close(), CLOSE_TIMEOUT_S)
                self._kaleido = None

        if self.loop.is_running():
            with contextlib.suppress(Exception):
                closing = asyncio.run_coroutine_threadsafe(_close(), self.loop)
                closing.result(timeout=CLOSE_TIMEOUT_S + 5)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=5)


def _kaleido_class() -> Any:
    """`kaleido.Kaleido` that keeps its tab's page between the charts of a batch and reloads it
    after the batch (`reload_tabs`), instead of after every chart."""
    import kaleido

    class BatchKaleido(kaleido.Kaleido):  # type: ignore[misc]
        async def _return_kaleido_tab(self, tab: Any) -> None:
            # kaleido 1.5 reloads the page here; the chart's plot is already purged.
            await self.tabs_ready.put(tab)

        async def reload_tabs(self) -> None:
            """Reload each idle tab once (a fresh page for the next batch)."""
            tabs = [await self._get_kaleido_tab() for _ in range(self._total_tabs)]
            try:
                await asyncio.gather(*(tab.reload() for tab in tabs))
            finally:
                for tab in tabs:
                    await self.tabs_ready.put(tab)

    return BatchKaleido


class _Shared:
    """The one shared browser of the process (None until first use or after it closed)."""

    service: _BrowserService | None = None
    lock = threading.Lock()


def _service(path: str) -> _BrowserService:
    """The shared browser for `path`, started if needed (a browser for another path is closed)."""
    with _Shared.lock:
        old = _Shared.service
        if old is not None and old.path != path:
            _Shared.service = None
            old.close()
        if _Shared.service is None:
            _Shared.service = _BrowserService(path)
        return _Shared.service


def _discard_service(which: _BrowserService | None = None) -> None:
    """Close the shared browser (only `which`, if given and still the shared one)."""
    with _Shared.lock:
        service = _Shared.service
        if service is None or (which is not None and service is not which):
            return
        _Shared.service = None
    service.close()


atexit.register(_discard_service)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ImportError):
        return NO_KALEIDO
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "chrome" in text.lower() or "browser" in text.lower():
        return NO_BROWSER
    return (
        f"Charts were left out: the chart renderer failed ({text[:200]}). The tables are all "
        "there; export again, and if it keeps failing check that Chromium starts "
        "(chromium --headless --version)."
    )
