"""Every page of the built site loads its scripts and styles from the site itself."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlparse

from tests.book.site import pages, require_site


class _Assets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])
        loads = {"stylesheet", "preload", "icon", "modulepreload"}
        if tag == "link" and a.get("href") and set((a.get("rel") or "").split()) & loads:
            self.urls.append(a["href"])
        if tag in ("img", "iframe", "source") and a.get("src"):
            self.urls.append(a["src"])


def external_assets(html: str) -> list[str]:
    parser = _Assets()
    parser.feed(html)
    return [u for u in parser.urls if urlparse(u).scheme or u.startswith("//")]


def test_no_page_loads_a_script_or_style_from_another_host():
    offenders = {}
    for page in pages():
        found = external_assets(page.read_text())
        if found:
            offenders[str(page.relative_to(require_site()))] = found
    assert not offenders, offenders


def test_mathjax_is_served_from_the_build():
    site = require_site()
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    chapter = next(p for p in pages() if "logistic_regression" in p.name)
    assert "_static/mathjax/tex-chtml.js" in chapter.read_text()


def test_the_scan_catches_a_cdn_script():
    html = '<script src="https://cdn.example.org/x.js"></script><script src="_static/a.js"></script>'
    assert external_assets(html) == ["https://cdn.example.org/x.js"]
