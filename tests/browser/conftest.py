"""Playwright + Debian's Chromium against pytest-django's live server, loaded with the demo.

Fixtures:
- ``browser``: a headless Chromium for each test module. Skips with a clear message where
  /usr/bin/chromium is missing; fails instead when CARINGCITY_REQUIRE_BROWSER=1 (CI sets it).
- ``demo``: the demo personas (``caringcity.people.demo.build``) in a transactional database
  served by ``live_server``; returns the demo's context dict plus ``url``.
- ``browse``: opens pages in fresh browser contexts (``browse.new_page(javascript=False)``),
  recording every request and console message; after each test it asserts that no request left
  the live server and that the Content-Security-Policy reported no violation.
- ``page``: a page with JavaScript on.

Helpers live in ``tests.browser.support``: ``sign_in(page, email, totp=False)``, ``sign_out``,
``submit``, ``check_axe(page)``.
"""

import os

import pytest

from tests.browser import support

ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"


def _require_browser():
    return os.environ.get("CARINGCITY_REQUIRE_BROWSER", "") not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def browser():
    """Module-scoped on purpose: while Playwright's sync API is started, an asyncio loop counts as
    running in this thread and Django refuses ORM calls (SynchronousOnlyOperation). So Playwright
    runs, and DJANGO_ALLOW_ASYNC_UNSAFE is set, only while this module's tests run (pytest tears a
    module's fixtures down before it moves on to another module's tests, with or without xdist).
    Setting the variable for the whole session would leak into other tests and their
    subprocesses (``manage.py check --deploy`` rightly refuses it)."""
    chromium = support.CHROMIUM
    if not (chromium.is_file() and os.access(chromium, os.X_OK)):
        if _require_browser():
            pytest.fail(support.NO_CHROMIUM + " (CARINGCITY_REQUIRE_BROWSER is set, so this fails)", pytrace=False)
        pytest.skip(support.NO_CHROMIUM)
    from playwright.sync_api import sync_playwright

    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        with sync_playwright() as p:
            instance = p.chromium.launch(executable_path=str(chromium), args=support.CHROMIUM_ARGS, headless=True)
            try:
                yield instance
            finally:
                instance.close()
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture
def demo(browser, live_server, transactional_db):
    from django.core.cache import cache

    from caringcity.people import demo as demo_module

    # The cache holds allauth's rate limits and used TOTP codes; the live server thread shares it.
    cache.clear()
    support.used_totp.clear()
    ctx = {"signins": []}
    demo_module.build(ctx)
    ctx["url"] = live_server.url
    return ctx


@pytest.fixture
def browse(browser, demo):
    recorder = support.Browse(browser=browser, base_url=demo["url"])
    yield recorder
    recorder.close()
    # Every browser test also checks that nothing left the server and that CSP stayed quiet.
    recorder.assert_clean()


@pytest.fixture
def page(browse):
    return browse.new_page()
