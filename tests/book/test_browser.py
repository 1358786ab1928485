"""The built website in headless Chromium (Debian's /usr/bin/chromium, driven by
Playwright; no browser is downloaded), served from 127.0.0.1 with every other host
blocked: pages load without console errors, math is typeset, images load, search
finds "dropout", next/previous links work, dark mode switches, no code cell of a
chapter scrolls sideways at a laptop's width, and axe-core finds no WCAG 2 A/AA
violation on any page. Screenshots land in _build/screenshots/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.book.site import HTML, ROOT, pages, require_axe, require_site, serve

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = ROOT / "_build" / "screenshots"
LAPTOP = {"width": 1280, "height": 800}


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


def page_paths() -> list[str]:
    return [p.relative_to(HTML).as_posix() for p in pages()] if (HTML / "index.html").exists() else ["index.html"]


def chapter_paths() -> list[str]:
    return [p for p in page_paths() if p.startswith("book/") and p.split("/")[-1][:2].isdigit()] or [
        "book/01_introduction.html"
    ]


# Everything inside a notebook cell (its code, its outputs) that is wider than its box
# and so scrolls sideways (or, for a <pre>, spills out of it); `cells` counts the cells.
SIDEWAYS_JS = """() => {
  const cells = Array.from(document.querySelectorAll('div.cell'));
  const wide = [];
  for (const cell of cells) {
    for (const el of [cell, ...cell.querySelectorAll('*')]) {
      const x = getComputedStyle(el).overflowX;
      const scrolls = x === 'auto' || x === 'scroll';
      if ((scrolls || el.tagName === 'PRE') && el.scrollWidth > el.clientWidth + 1) {
        wide.push({tag: el.tagName.toLowerCase(), cls: String(el.className).slice(0, 40),
                   scrollWidth: el.scrollWidth, clientWidth: el.clientWidth,
                   text: (el.innerText || '').split('\\n').sort((a, b) => b.length - a.length)[0].slice(0, 100)});
      }
    }
  }
  return {cells: cells.length, code: document.querySelectorAll('div.cell div.cell_input pre').length, wide};
}"""


def sideways(page: Page) -> dict:
    return page.evaluate(SIDEWAYS_JS)


AXE_JS = """async () => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']},
                                     resultTypes: ['violations']});
  return {version: axe.version, passes: r.passes.length,
          violations: r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                               first: v.nodes[0].target.join(' '), help: v.help}))};
}"""


def axe_violations(page: Page) -> dict:
    """Run the pinned axe-core, injected from the local file, on the loaded page."""
    script, _ = require_axe()
    page.add_script_tag(path=str(script))
    return page.evaluate(AXE_JS)


@pytest.mark.parametrize("path", page_paths())
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


@pytest.mark.parametrize("path", chapter_paths())
def test_no_code_cell_scrolls_sideways_at_laptop_width(visit, base_url, path):
    visit.page.set_viewport_size(LAPTOP)
    visit.page.goto(f"{base_url}/{path}", wait_until="load")
    typeset(visit.page)
    found = sideways(visit.page)
    assert found["code"] > 0, f"{path}: no code cell found (did the theme's markup change?)"
    assert not found["wide"], (
        f"{path}: {len(found['wide'])} element(s) of code cells scroll sideways at 1280 px: {found['wide'][:5]}"
    )


def test_the_sideways_check_catches_a_long_unwrapped_line(visit, base_url):
    """The check above can fail: a line too long for the column, with wrapping turned off."""
    page = visit.page
    page.set_viewport_size(LAPTOP)
    page.goto(f"{base_url}/{chapter_paths()[0]}", wait_until="load")
    page.evaluate("""() => { const pre = document.querySelector('div.cell div.cell_input pre');
                             pre.style.whiteSpace = 'pre'; pre.textContent = 'x = ' + '1 + '.repeat(300) + '1'; }""")
    found = sideways(page)
    assert found["wide"] and found["wide"][0]["scrollWidth"] > found["wide"][0]["clientWidth"]


@pytest.mark.parametrize("path", page_paths())
def test_page_has_no_wcag2_a_or_aa_violation(visit, base_url, path):
    _, pinned = require_axe()
    visit.page.goto(f"{base_url}/{path}", wait_until="load")
    typeset(visit.page)
    result = axe_violations(visit.page)
    assert result["version"] == pinned, (
        f"axe-core {result['version']} is installed, package.json pins {pinned}: run `make env`"
    )
    assert result["passes"] > 0, "axe-core ran no rule"
    assert not result["violations"], f"{path}: axe-core found WCAG 2 A/AA violations: {result['violations']}"


def test_dark_mode_has_no_wcag2_a_or_aa_violation(visit, base_url):
    page = visit.page
    path = chapter_paths()[-1]
    page.goto(f"{base_url}/{path}", wait_until="load")
    page.evaluate("() => { localStorage.setItem('mode', 'dark'); localStorage.setItem('theme', 'dark'); }")
    page.reload(wait_until="load")
    assert page.evaluate("() => document.documentElement.dataset.theme") == "dark"
    typeset(page)
    result = axe_violations(page)
    assert not result["violations"], f"{path} in dark mode: {result['violations']}"


def test_the_axe_check_catches_a_violation(visit, base_url):
    """axe-core as injected here does report violations: an image without alt text, a bad role."""
    page = visit.page
    page.goto(f"{base_url}/book/intro.html", wait_until="load")
    page.evaluate("""() => { const d = document.createElement('div'); d.setAttribute('role', 'list');
                             d.innerHTML = '<div role="doc-biblioentry">x</div><img src="_static/none.png">';
                             document.querySelector('main').appendChild(d); }""")
    found = {v["id"] for v in axe_violations(page)["violations"]}
    assert {"aria-required-children", "image-alt"} <= found, found


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


def screenshot(
    page: Page, base_url: str, path: str, name: str, mode: str = "light", at_longest_code: bool = False
) -> Path:
    """Save _build/screenshots/<name>.png of ``path`` at 1280 x 900 in light or dark mode,
    scrolled to the cell whose code has the longest line when ``at_longest_code``."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base_url}/{path}", wait_until="load")
    page.evaluate("(m) => { localStorage.setItem('mode', m); localStorage.setItem('theme', m); }", mode)
    page.reload(wait_until="load")
    typeset(page)
    if at_longest_code:
        page.evaluate("""() => {
          const pres = Array.from(document.querySelectorAll('div.cell div.cell_input pre'))
            .filter(p => !p.closest('details:not([open])'));  // shown, not folded away (hide-input)
          const longest = p => Math.max(...p.textContent.split('\\n').map(l => l.length));
          pres.sort((a, b) => longest(b) - longest(a));
          // 'instant': the theme scrolls smoothly, which would leave the shot at the top
          if (pres.length) pres[0].scrollIntoView({block: 'center', behavior: 'instant'});
        }""")
    target = SHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=False)
    return target


def test_screenshots_of_two_pages(visit, base_url):
    for name, path in [("home", "book/intro.html"), ("logistic_regression", "book/02_logistic_regression.html")]:
        assert screenshot(visit.page, base_url, path, name).stat().st_size > 10_000


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_screenshots_of_wrapped_code_in_the_last_chapters(visit, base_url, mode):
    for path in [p for p in chapter_paths() if p.split("/")[-1][:2] in {"10", "11", "12"}]:
        name = f"{path.split('/')[-1].removesuffix('.html')}_code_{mode}"
        target = screenshot(visit.page, base_url, path, name, mode=mode, at_longest_code=True)
        assert target.stat().st_size > 10_000
        assert visit.page.evaluate("() => document.documentElement.dataset.theme") == mode
