"""Real servers for the browser tests of sign-in and of two app servers: the app (`streamlit run
app.py` on a loopback port, on a given plans database, optionally with sign-in switched on through
a secrets file outside the repository), a real OpenID Connect provider (`oidc-provider-mock` on
127.0.0.1), and Debian's chromium through Playwright.

The secrets file is written into the test's temporary folder and handed to Streamlit with its
documented `--secrets.files` option, so no secret is ever written into the repository.
"""

from __future__ import annotations

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tests.support.tools import ROOT, require_tool

CHROMIUM = "/usr/bin/chromium"
PROVIDER_PORT = 9411
CLIENT_ID = "bpo-planner-tests"
PLAN_IN_URL = re.compile(r"[?&]plan=(\d+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_for(url: str, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{what} exited early:\n{log.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{what} did not answer in 60 s:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is not None and process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextmanager
def oidc_provider(log: Path, port: int = PROVIDER_PORT) -> Iterator[str]:
    """A real OpenID Connect provider on 127.0.0.1:`port` (any client id is accepted; a user signs
    in by typing their e-mail, which becomes the `sub` and `email` claims). Yields its issuer URL.
    """
    try:
        import oidc_provider_mock  # noqa: F401
    except ImportError:
        require_tool(False, "oidc-provider-mock", "pip install -r requirements-test.txt")
    issuer = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        _wait_for(f"{issuer}/.well-known/openid-configuration", process, log, "the provider")
        yield issuer
    finally:
        _stop(process)


def write_secrets(folder: Path, app_port: int, issuer: str) -> Path:
    """A secrets.toml switching sign-in on for an app on 127.0.0.1:`app_port`."""
    path = folder / f"secrets-{app_port}.toml"
    path.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{app_port}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(32)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{secrets.token_hex(16)}"\n'
        f'server_metadata_url = "{issuer}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    return path


class AppServer:
    """`streamlit run app.py` on 127.0.0.1 on the plans database `db_url`; with `issuer`, sign-in
    is on against that provider."""

    def __init__(self, db_url: str, folder: Path, issuer: str | None = None, port: int = 0):
        self.port = port or free_port()
        self.db_url = db_url
        self.log = folder / f"streamlit-{self.port}.log"
        self.secrets = write_secrets(folder, self.port, issuer) if issuer else None
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> AppServer:
        env = {**os.environ, "PLANNER_DATABASE_URL": self.db_url}
        command = [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.port", str(self.port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--server.fileWatcherType", "none",
        ]  # fmt: skip
        if self.secrets is not None:
            command += ["--secrets.files", str(self.secrets)]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip
        _wait_for(f"{self.url}/_stcore/health", self.process, self.log, "streamlit")
        return self

    def stop(self) -> None:
        _stop(self.process)
        self.process = None


@contextmanager
def chromium_browser() -> Iterator[Any]:
    """Debian's chromium, headless, through Playwright (skips locally without it; fails in CI)."""
    require_tool(os.path.exists(CHROMIUM), "chromium", "apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_tool(False, "playwright (Python)", "pip install -r requirements-test.txt")
        raise
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            browser.close()


def wait_until_idle(page: Any, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished its run (the page is drawn)."""
    page.wait_for_selector('[data-test-script-state="notRunning"]', timeout=timeout)


def plan_id_in(page: Any) -> int | None:
    found = PLAN_IN_URL.search(page.url)
    return int(found.group(1)) if found else None
