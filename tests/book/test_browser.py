"""The built website in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; no browser is downloaded), served from 127.0.0.1 with every other host
blocked: pages load without console errors, math is typeset, images load, search
finds "dropout", next/previous links work, dark mode switches. Screenshots of two
pages land in _build/screenshots/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.book.site import HTML, ROOT, pages, require_site, serve

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SHOTS = ROOT / "_build" / "screenshots"


@pytest.fixture(scope="module")
def base_url():
    with serve(require_site()) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM.exists(), "Chromium is missing: `make env` installs Debian's chromium as root"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield b
        b.close()


class Visit:
    """A page with every request to another host blocked and recorded, and its errors."""

    def __init__(self, browser: Browser, base_url: str) -> None:
        self.context = browser.new_context()
        self.blocked: list[str] = []
        self.errors: list[str] = []
        local = urlparse(base_url).netloc
        self.context.route("**/*", lambda route: self._route(route, local))
        self.page: Page = self.context.new_page()
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route, local: str) -> None:
        if urlparse(route.request.url).netloc == local:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, base_url):
    v = Visit(browser, base_url)
    yield v
    v.close()


def url_of(base_url: str, page: Path) -> str:
    return f"{base_url}/{page.relative_to(HTML).as_posix()}"


def typeset(page: Page) -> int:
    """Wait for MathJax (when the page loads it) and count its output elements."""
    if page.locator("script[src*='mathjax']").count() == 0:
        return 0
    page.wait_for_function("() => window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
    page.evaluate("() => MathJax.startup.promise")
    return page.locator("mjx-container").count()


def broken_images(page: Page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
    )


@pytest.mark.parametrize("path", [p.relative_to(HTML).as_posix() for p in pages()] if (HTML / "index.html").exists() else ["index.html"])
def test_page_loads_cleanly_with_math_and_images(visit, base_url, path):
    page = visit.page
    page.goto(f"{base_url}/{path}", wait_until="load")
    has_math = page.locator(".math").count() > 0
    rendered = typeset(page)
    page.wait_for_load_state("networkidle")
    assert not visit.errors, f"console errors on {path}: {visit.errors}"
    assert not visit.blocked, f"{path} requested other hosts: {visit.blocked}"
    if has_math:
        assert rendered > 0, f"{path} has math but MathJax typeset none of it"
    assert not broken_images(page), f"{path} has images that did not load: {broken_images(page)}"


def test_search_finds_dropout(visit, base_url):
    page = visit.page
    page.goto(f"{base_url}/search.html?q=dropout", wait_until="load")
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(timeout=20000)
    links = [a.get_attribute("href") for a in page.locator("#search-results ul.search li a").all()]
    assert any("regularization" in (h or "") for h in links), links
    assert not visit.errors, visit.errors


def test_next_and_previous_links_follow_the_table_of_contents(visit, base_url):
    page = visit.page
    page.goto(f"{base_url}/book/01_introduction.html", wait_until="load")
    page.locator("a.right-next").first.click()
    page.wait_for_url("**/book/02_logistic_regression.html")
    page.locator("a.left-prev").first.click()
    page.wait_for_url("**/book/01_introduction.html")
    assert not visit.errors, visit.errors


def test_dark_mode_switches_the_theme(visit, base_url):
    page = visit.page
    page.goto(f"{base_url}/book/02_logistic_regression.html", wait_until="load")
    page.evaluate("() => { localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark'); }")
    page.reload(wait_until="load")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"


def test_chapter_offers_its_notebook_for_download_and_launch_buttons(visit, base_url):
    page = visit.page
    page.goto(f"{base_url}/book/02_logistic_regression.html", wait_until="load")
    hrefs = [a.get_attribute("href") or "" for a in page.locator("a").all()]
    assert any(h.endswith("02_logistic_regression.ipynb") and "_sources" in h for h in hrefs), "no .ipynb download"
    assert any("mybinder.org" in h for h in hrefs) and any("colab.research.google.com" in h for h in hrefs)


def test_screenshots_of_two_pages(visit, base_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in [("home", "book/intro.html"), ("logistic_regression", "book/02_logistic_regression.html")]:
        visit.page.set_viewport_size({"width": 1280, "height": 900})
        visit.page.goto(f"{base_url}/{path}", wait_until="load")
        typeset(visit.page)
        target = SHOTS / f"{name}.png"
        visit.page.screenshot(path=str(target), full_page=False)
        assert target.stat().st_size > 10_000
