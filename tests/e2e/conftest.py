"""Browser journeys in Debian's Chromium, driven by Playwright (never a downloaded browser)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.subprocesses import worker_env

CHROMIUM = Path(os.environ.get("BACKSTRIDE_CHROMIUM", "/usr/bin/chromium"))
ROOT = Path(__file__).resolve().parents[2]
# The flags the sandboxed CI machine needs: no sandbox as root, no background network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
_ran: list[str] = []


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium is not at {CHROMIUM}. `make test` installs Debian's chromium when it can; "
            "otherwise run: sudo apt-get install chromium"
        )
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls our tests make
    # here are synchronous and safe, so tell Django not to refuse them.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            launched = playwright.chromium.launch(
                executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
            )
            _ran.append(f"Chromium {launched.version} ({CHROMIUM})")
            yield launched
            launched.close()
    finally:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def output_dir(request: pytest.FixtureRequest) -> Path:
    """Where a journey leaves its screenshots for people to look at: test-output/e2e/<test>/."""
    folder = ROOT / "test-output" / "e2e" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def new_page(browser: Any, live_server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make(**options: Any) -> Any:
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def worker_process(live_server: Any) -> Iterator[subprocess.Popen[str]]:
    """A real ``backstride worker`` on the test database."""
    env = worker_env()
    process = subprocess.Popen(
        [sys.executable, "-m", "backstride", "worker", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    yield process
    process.terminate()
    process.wait(timeout=20)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if _ran:
        terminalreporter.write_line(f"e2e browser journeys ran in {_ran[0]}")
