"""The built website (_build/html, or $BOOK_HTML) and a local HTTP server for it;
axe-core, the accessibility checker (.venv/axe, installed by scripts/setup.sh)."""

from __future__ import annotations

import functools
import http.server
import json
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# BOOK_HTML points the tests at another build (e.g. an older checkout's, to compare).
HTML = Path(os.environ.get("BOOK_HTML") or ROOT / "_build" / "html").resolve()
# axe-core, pinned in tests/book/package.json (and its lock file); setup.sh runs `npm ci` there.
AXE_PACKAGE = ROOT / "tests" / "book" / "package.json"
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"


def require_site() -> Path:
    assert (HTML / "index.html").exists(), "the book is not built: run `make book-strict` first (make test does)"
    return HTML


def require_axe() -> tuple[Path, str]:
    """The installed axe.min.js and the version tests/book/package.json pins."""
    pinned = json.loads(AXE_PACKAGE.read_text())["dependencies"]["axe-core"]
    assert AXE.is_file(), f"axe-core is missing ({AXE}): `make env` installs it with npm (Debian's npm, as root)"
    return AXE, pinned


def pages() -> list[Path]:
    """Every page of the book (not Sphinx's generated index and search pages)."""
    skip = {"genindex.html", "search.html"}
    return sorted(
        p
        for p in require_site().rglob("*.html")
        if p.name not in skip and "_static" not in p.parts and "_sources" not in p.parts
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on a free port of 127.0.0.1; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
