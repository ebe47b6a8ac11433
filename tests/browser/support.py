"""What the browser tests share: the Chromium launch settings, a recorder of pages, requests and
console messages, and the helpers ``sign_in``, ``sign_out``, ``submit``, ``check_axe``."""

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path(os.environ.get("CARINGCITY_CHROMIUM", "/usr/bin/chromium"))
NO_CHROMIUM = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls Google at start-up, which this network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PASSWORD = "caring-city-demo"
TIMEOUT_MS = 15_000

# TOTP codes already typed in this test (allauth refuses a code twice within its period).
used_totp = set()


# --- pages, with every request and console message recorded --------------------------------------
@dataclass
class Browse:
    browser: object
    base_url: str
    contexts: list = field(default_factory=list)
    requests: list = field(default_factory=list)  # (page url, requested url)
    console: list = field(default_factory=list)  # (page url, type, text)
    page_errors: list = field(default_factory=list)
    server_errors: list = field(default_factory=list)  # (status, url)

    def new_page(self, *, javascript=True, locale="en-GB"):
        context = self.browser.new_context(base_url=self.base_url, java_script_enabled=javascript, locale=locale)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("request", lambda request: self.requests.append((request.frame.url if _has_frame(request) else "", request.url)))
        context.on("console", lambda msg: self.console.append((msg.page.url if msg.page else "", msg.type, msg.text)))
        context.on("response", lambda response: self.server_errors.append((response.status, response.url))
                   if response.status >= 500 else None)
        context.on("weberror", lambda error: self.page_errors.append((error.page.url if error.page else "", str(error.error))))
        context.cc_javascript = javascript  # check_axe needs a script-running copy of JavaScript-off pages
        self.contexts.append(context)
        return context.new_page()

    def foreign_requests(self):
        own = urlsplit(self.base_url)
        bad = []
        for page_url, url in self.requests:
            parts = urlsplit(url)
            if parts.scheme in ("data", "blob", "about"):
                continue
            if (parts.scheme, parts.hostname, parts.port) != (own.scheme, own.hostname, own.port):
                bad.append(f"{url} (from {page_url or 'the browser'})")
        return bad

    def csp_violations(self):
        return [
            f"{url}: [{kind}] {text}"
            for url, kind, text in self.console
            if "content security policy" in text.lower() or "content-security-policy" in text.lower()
        ]

    def assert_clean(self):
        errors = [f"{status} {url}" for status, url in self.server_errors]
        assert not errors, "The server answered with an error:\n  " + "\n  ".join(errors)
        foreign = self.foreign_requests()
        assert not foreign, "Requests left the live server:\n  " + "\n  ".join(foreign)
        csp = self.csp_violations()
        assert not csp, "Content-Security-Policy violations in the console:\n  " + "\n  ".join(csp)
        errors = [f"{url}: {text}" for url, text in self.page_errors]
        assert not errors, "JavaScript errors on the pages:\n  " + "\n  ".join(errors)

    def close(self):
        for context in self.contexts:
            context.close()


def _has_frame(request):
    try:
        return request.frame is not None
    except Exception:  # service-worker requests have no frame
        return False


# --- helpers -----------------------------------------------------------------------------------
def html_lang(page):
    """<html lang>, lower-cased (BCP 47 tags are case-insensitive: en-GB and en-gb are the same)."""
    return (page.locator("html").get_attribute("lang") or "").lower()


def totp_code(secret):
    """The current code for ``secret``, never one already used in this test (allauth refuses a
    code twice in one period) and never one about to expire."""
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    period = 30
    while True:
        now = time.time()
        counter = int(now) // period
        if period - (now % period) < 3 or (secret, counter) in used_totp:
            time.sleep(period - (now % period) + 0.2)
            continue
        used_totp.add((secret, counter))
        return format_hotp_value(hotp_value(secret, counter))


def submit(form):
    """Press a form's own submit button and wait for the next page."""
    page = form.page
    with page.expect_navigation() as navigation:
        form.locator("button[type=submit], input[type=submit]").first.click()
    page.wait_for_load_state()
    response = navigation.value
    assert response is None or response.status < 500, f"the server answered {response.status} at {response.url}"


def sign_in(page, email, totp=False, password=PASSWORD):
    """Sign in through the real sign-in page (and the two-step page when ``totp``). ``totp`` may be
    True (the demo secret) or a base32 secret."""
    from caringcity.people.demo import DEMO_TOTP_SECRET

    response = page.goto("/accounts/login/")
    assert response is not None and response.ok, f"the sign-in page answered {response and response.status}"
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=login]").fill(email)
    form.locator("input[name=password]").fill(password)
    submit(form)
    if totp:
        assert "/accounts/2fa/authenticate/" in page.url, f"expected the two-step page after the password, got {page.url}"
        secret = DEMO_TOTP_SECRET if totp is True else totp
        form = page.locator("form:has(input[name=code])")
        form.locator("input[name=code]").fill(totp_code(secret))
        submit(form)
    assert page.locator("html[lang]").count() == 1, f"{page.url} is not one of our pages (a server error?)"
    assert "/accounts/" not in page.url, f"sign-in did not finish: still on {page.url}\n{_main_text(page)}"


def sign_out(page):
    form = page.locator("form[action$='/accounts/logout/']").first
    submit(form)


def _main_text(page):
    try:
        return page.locator("main").inner_text()[:1500]
    except Exception:
        return ""


def check_axe(page, what=None):
    """Run axe-core (WCAG 2.2 AA rules) on the page; fail with a readable list of violations."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    if not getattr(page.context, "cc_javascript", True):
        # axe is a script, so on a page opened with JavaScript off it would wait for ever: check the
        # same page, signed in the same way, in a browser with JavaScript on.
        context = page.context.browser.new_context(storage_state=page.context.storage_state())
        try:
            copy = context.new_page()
            copy.goto(page.url)
            return check_axe(copy, what)
        finally:
            context.close()
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations = results.response["violations"]
    if violations:
        lines = [f"axe: {len(violations)} WCAG 2.2 AA violation(s) on {what or page.url} ({page.url}):"]
        for v in violations:
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} – {v['helpUrl']}")
            for node in v["nodes"]:
                lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:300]}")
                summary = (node.get("failureSummary") or "").replace("\n", " / ")
                if summary:
                    lines.append(f"      {summary}")
        message = "\n".join(lines)
        print(message)
        pytest.fail(message, pytrace=False)
