"""nbgrader's feedback pages with MathJax from the course, not from the network.

nbconvert's feedback page loads MathJax 2 from a CDN, so math shows as raw ``$…$``
offline. ``nbgrader_config.py`` makes ``nbgrader generate_feedback`` use the template
in ``autograder/templates/feedback_offline`` (nbgrader's own feedback page, with a
``mathjax`` macro that loads ``mathjax/tex-chtml.js`` beside the page) and adds
:class:`OfflineMathJax` to its preprocessors: it puts the MathJax 3 files the page
needs (from the pinned ``django-static-mathjax`` package, as the book does) into
the outputs nbgrader writes beside each feedback page, so each
``feedback/<student>/<assignment>/`` folder is complete on its own (about 2 MB):
what ``nbgrader release_feedback`` hands a student renders offline.
"""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "feedback_offline"
FOLDER = "mathjax"
# what tex-chtml.js loads: itself, its fonts, and the TeX packages it may autoload
PARTS = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def mathjax_dir() -> Path:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("MathJax is missing: install django-static-mathjax (requirements.txt)")
    return Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"


@cache
def mathjax_files() -> dict[str, bytes]:
    """The MathJax files a feedback page needs, by path relative to the page."""
    root = mathjax_dir()
    files: dict[str, bytes] = {}
    for part in PARTS:
        path = root / part
        for item in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            files[f"{FOLDER}/{item.relative_to(root).as_posix()}"] = item.read_bytes()
    return files


class OfflineMathJax(Preprocessor):
    """Adds MathJax to the files written beside the page (``resources['outputs']``)."""

    enabled = Bool(True)  # nbgrader registers preprocessors without enabling them

    def preprocess(self, nb, resources):  # noqa: ANN001, ANN201 (nbconvert's signature)
        outputs = resources.setdefault("outputs", {})
        outputs.update(mathjax_files())
        return nb, resources


def configure(c) -> None:  # noqa: ANN001 (a traitlets Config)
    """Point ``nbgrader generate_feedback`` at the offline template and MathJax."""
    import nbgrader

    nbgrader_templates = Path(nbgrader.__file__).parent / "server_extensions" / "formgrader" / "templates"
    c.HTMLExporter.template_name = TEMPLATE
    c.HTMLExporter.extra_template_basedirs = [str(TEMPLATES), str(nbgrader_templates)]
    c.HTMLExporter.mathjax_url = f"{FOLDER}/tex-chtml.js"
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
        "autograder.feedback_assets.OfflineMathJax",
    ]
