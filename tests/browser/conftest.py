"""Playwright fixtures for the browser tests: Debian's Chromium, one browser per session,
a fresh context and page per test, and a screenshot helper.

Screenshots go to ``test-results/screenshots/<test name>/NN-step.png`` (git-ignored); a
failing test also leaves ``failure.png`` there.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
TIMEOUT_MS = 10_000


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Debian's Chromium; a clear failure (not a Playwright stack trace) when it is missing."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests drive Debian's Chromium. "
            "Run `make test`, which installs Debian's chromium (apt-get install chromium).",
            pytrace=False,
        )
    return str(CHROMIUM)


@pytest.fixture(scope="package")
def browser(chromium_executable):
    """One Chromium for all the browser tests, closed after them.

    Playwright's sync API runs an asyncio loop in this thread for as long as it is open, and
    Django refuses ORM calls from a thread with a running loop (SynchronousOnlyOperation),
    even the plain synchronous ones of the test database setup, the fixtures and the audit
    checks. The flag that allows them is set only while the browser is open: the scope is
    this package, so the tests that run after the browser tests see Django's usual check.
    """
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", text).strip("-")[:120]


@pytest.fixture
def shots_dir(request) -> Path:
    path = SCREENSHOTS / _slug(request.node.name)
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


@pytest.fixture
def browser_locale() -> str:
    """The browser's language (Accept-Language); a test overrides it with
    ``@pytest.mark.parametrize("browser_locale", ["fr-BE"])``."""
    return "nl-BE"


@pytest.fixture
def page(request, browser, live_server, shots_dir, browser_locale):
    """A fresh browser context (no cookies), Belgian, in ``browser_locale``."""
    context = browser.new_context(
        base_url=live_server.url,
        locale=browser_locale,
        timezone_id="Europe/Brussels",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        # The test's own failure is what matters; a failed screenshot must not hide it.
        with contextlib.suppress(Exception):
            page.screenshot(path=str(shots_dir / "failure.png"), full_page=True)
    context.close()


@pytest.fixture
def shot(page, shots_dir):
    """shot("search") saves the page as NN-search.png, numbered in the order of the steps."""
    count = [0]

    def take(step: str) -> Path:
        count[0] += 1
        path = shots_dir / f"{count[0]:02d}-{_slug(step)}.png"
        page.screenshot(path=str(path), full_page=True)
        # A full-page screenshot in headless Chromium resizes the view for the capture and
        # leaves the input coordinates out of step with the page: the next mouse click lands
        # beside its target (a form's button then "does not submit", issue 10). Setting the
        # viewport again puts them back in step.
        if page.viewport_size:
            page.set_viewport_size(page.viewport_size)
        return path

    return take


@pytest.fixture
def axe(page):
    """axe(page_name) runs axe-core (the copy that axe-playwright-python ships) on the page
    as it is now, and fails the test on any critical or serious violation, listing each rule,
    its help text and the first offending elements. Every browser test calls it on every page
    it visits (issue 10: 0 critical and 0 serious violations)."""
    from axe_playwright_python.sync_playwright import Axe

    engine = Axe()

    def check(where: str = "") -> list[dict]:
        results = engine.run(page)
        bad = [
            v for v in results.response["violations"] if v.get("impact") in ("critical", "serious")
        ]
        if bad:
            lines = [f"axe-core on {where or page.url}: {len(bad)} critical/serious violation(s)"]
            for v in bad:
                targets = [", ".join(n["target"]) for n in v["nodes"][:3]]
                lines.append(f"- {v['id']} ({v['impact']}): {v['help']} at {targets}")
            pytest.fail("\n".join(lines), pytrace=False)
        return results.response["violations"]

    return check


@pytest.fixture
def phone(page):
    """Resize the page to a 390 px wide phone (iPhone 12-14 width) for the rest of the test."""

    def resize(width: int = 390, height: int = 844) -> None:
        page.set_viewport_size({"width": width, "height": height})

    return resize
