"""Real Chromium (Debian's package) driven by Playwright, for tests against the live server."""

import os
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.testing import StaticLiveServerTestCase
from django.test import override_settings
from playwright.sync_api import Browser, Page, Playwright, sync_playwright

AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Without these Chromium keeps trying to reach Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def chromium_path() -> str:
    path = os.environ.get("RUS_CHROMIUM") or shutil.which("chromium")
    if not path:
        raise RuntimeError("Chromium not found: install Debian's chromium (make test does).")
    return path


@override_settings(SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False)
@cache
def axe_source() -> str:
    return Path(AXE).read_text()


class BrowserTestCase(StaticLiveServerTestCase):
    """A live server on 127.0.0.1 and one headless Chromium for the whole class.

    The live server speaks plain HTTP, so cookies must not be marked Secure here.
    """

    host = "127.0.0.1"
    playwright: Playwright
    browser: Browser
    _async_unsafe: str | None

    @classmethod
    def setUpClass(cls) -> None:
        # Playwright's sync API runs an event loop in this thread, which makes Django refuse
        # the test's own (synchronous) ORM calls. Allow them for this class only, and put the
        # setting back afterwards so that no other test runs with the check off.
        cls._async_unsafe = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
        super().setUpClass()
        cls.playwright = sync_playwright().start()
        cls.browser = cls.playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS
        )

    @classmethod
    def tearDownClass(cls) -> None:
        cls.browser.close()
        cls.playwright.stop()
        super().tearDownClass()
        if cls._async_unsafe is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = cls._async_unsafe

    def new_page(self, *, session_key: str | None = None, javascript: bool = True) -> Page:
        context = self.browser.new_context(java_script_enabled=javascript, locale="sv-SE")
        if session_key:
            context.add_cookies(
                [
                    {
                        "name": settings.SESSION_COOKIE_NAME,
                        "value": session_key,
                        "url": self.live_server_url,
                    }
                ]
            )
        page = context.new_page()
        self.addCleanup(context.close)
        # Every page any browser test visits is also held to the Content Security Policy:
        # Chromium reports what the policy refused on the console.
        refused: list[str] = []
        page.on(
            "console",
            lambda message: (
                refused.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        self.addCleanup(lambda: self.assertEqual(refused, [], "the CSP refused something"))
        return page

    def login(self, username: str, width: int = 1280) -> Page:
        """A page logged in through the login form (the cast's password), on the start page."""
        from django.urls import reverse

        from rus.test import PASSWORD

        page = self.new_page()
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(self.live_server_url + reverse("login"))
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        page.click("main button[type=submit]")
        page.wait_for_url(self.live_server_url + reverse("accounts:start"))
        return page

    def axe_violations(self, page: Page) -> list[dict[str, Any]]:
        # Evaluated through the DevTools protocol, which the page's Content Security Policy
        # does not govern (a <script> tag added to the page would be refused, rightly).
        page.evaluate(axe_source())
        result = page.evaluate(
            "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})",
            WCAG_21_AA,
        )
        return list(result["violations"])

    def assert_accessible(self, page: Page) -> None:
        violations = self.axe_violations(page)
        summary = [
            f"{v['id']} ({v['impact']}): {v['help']} — "
            + "; ".join(node["target"][0] for node in v["nodes"][:5])
            for v in violations
        ]
        self.assertEqual(summary, [], f"axe found violations on {page.url}")

    def assert_no_sideways_scroll(self, page: Page) -> None:
        """The page fits the window's width: only boxes made to scroll (tables, the matrix)
        may be wider, inside themselves."""
        width = page.evaluate("window.innerWidth")
        # The innermost blocks that are wider than the window or whose text overflows.
        wider = page.evaluate(
            """(w) => [...document.querySelectorAll('main *, header *')]
                .filter(el => !el.closest('.table-scroll, .matrix-scroll'))
                .filter(el => el.getBoundingClientRect().right > w + 1
                    || el.scrollWidth > el.clientWidth + 1 && el.children.length === 0)
                .slice(0, 5)
                .map(el => el.tagName + ': ' + (el.textContent || '').trim().slice(0, 60))""",
            width,
        )
        self.assertLessEqual(
            page.evaluate("document.documentElement.scrollWidth"), width, f"{page.url}: {wider}"
        )
