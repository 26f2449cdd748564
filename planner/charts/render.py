"""Plotly figures -> PNG images with kaleido, one rendering server per export.

kaleido 1.x drives the machine's Chrome or Chromium. Starting a browser costs about 2 s, so an
export opens one server (`ChartRenderer` as a context manager), renders every chart through it
(about 0.4 s each) and closes it. kaleido's sync server is one per process: a lock makes concurrent
exports (two app sessions) take turns rather than share or stop each other's server.

Where no browser is found, or it fails to start, the renderer says so in plain words
(`ChartRenderer.missing`) and `png` returns None: the caller leaves the charts out.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from types import TracebackType
from typing import Any

BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
NO_BROWSER = (
    "Charts were left out: no Chrome or Chromium was found. Install chromium "
    "(apt-get install chromium, or Google Chrome) and export again; set BROWSER_PATH if it is "
    "installed somewhere unusual."
)

_LOCK = threading.Lock()


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


class ChartRenderer:
    """`with ChartRenderer() as r: png = r.png(fig, width=900, height=420)`.

    `available` is False (and `missing` says why and what to do) when charts cannot be drawn.
    """

    def __init__(self, *, timeout_seconds: float = 60.0) -> None:
        self.timeout_seconds = timeout_seconds
        self.available = False
        self.missing: str | None = None
        self._started = False
        self._locked = False

    def __enter__(self) -> ChartRenderer:
        browser = find_browser()
        if browser is None:
            self.missing = NO_BROWSER
            return self
        try:
            import kaleido
        except ImportError:
            self.missing = (
                "Charts were left out: the kaleido package is not installed. Install it "
                "(pip install kaleido) and export again."
            )
            return self
        _LOCK.acquire()
        self._locked = True
        previous = os.environ.get("BROWSER_PATH")
        try:
            os.environ["BROWSER_PATH"] = browser
            # mathjax=False: no formulas in these charts, and no request to a CDN for MathJax.
            kaleido.start_sync_server(
                n=1, timeout=self.timeout_seconds, mathjax=False, silence_warnings=True
            )
            self._started = True
            self.available = True
        except Exception as exc:
            self.missing = _reason(exc)
        finally:
            if previous is None:
                os.environ.pop("BROWSER_PATH", None)
            else:
                os.environ["BROWSER_PATH"] = previous
        if not self.available:
            self._release()
        return self

    def png(self, figure: Any, *, width: int, height: int, scale: float = 2.0) -> bytes | None:
        """The figure as PNG bytes, or None when charts are not available or this one failed."""
        if not self.available:
            return None
        import kaleido

        try:
            data = kaleido.calc_fig_sync(
                figure, opts={"format": "png", "width": width, "height": height, "scale": scale}
            )
        except Exception as exc:
            self.missing = _reason(exc)
            return None
        return bytes(data)

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._release()

    def _release(self) -> None:
        if self._started:
            import kaleido

            with contextlib.suppress(Exception):
                kaleido.stop_sync_server(silence_warnings=True)
            self._started = False
        if self._locked:
            _LOCK.release()
            self._locked = False


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if "chrome" in text.lower() or "browser" in text.lower():
        return NO_BROWSER
    return (
        f"Charts were left out: the chart renderer failed ({text[:200]}). The tables are all "
        "there; export again, and if it keeps failing check that Chromium starts "
        "(chromium --headless --version)."
    )
