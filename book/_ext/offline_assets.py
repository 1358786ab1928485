"""Keep the built site self-contained: MathJax from the build, no unused thebe loader.

The `django-static-mathjax` wheel (pinned in requirements.txt) ships MathJax 3's
`es5/` build. We copy it to `_static/mathjax/` once the HTML is written, and
`_config.yml` points `mathjax_path` at `mathjax/tex-chtml.js` (relative to `_static`).
MathJax loads its fonts and extensions relative to its own script, so they come
from the build too.

Jupyter Book always loads sphinx-thebe, which adds (twice, in this version) an inline
script naming a CDN copy of thebe, plus its loader. The book enables no thebe launch
button, so both are dropped from every page: the duplicate also made the browser
report a redeclared constant.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from sphinx.application import Sphinx


def mathjax_dir() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("MathJax is missing: install django-static-mathjax (requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


def copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    if not (target / "tex-chtml.js").exists():
        shutil.copytree(mathjax_dir(), target, dirs_exist_ok=True)


def is_thebe_asset(asset: object) -> bool:
    body = getattr(asset, "attributes", {}).get("body", "") or ""
    return "sphinx-thebe." in str(getattr(asset, "filename", "")) or "THEBE_JS_URL" in body


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: object) -> None:
    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [a for a in context[key] if not is_thebe_asset(a)]


def setup(app: Sphinx) -> dict:
    mathjax_dir()  # fail early, with a clear message, if the package is missing
    app.connect("build-finished", copy_mathjax)
    app.connect("html-page-context", drop_thebe)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
