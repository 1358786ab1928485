"""The book's local Sphinx extensions (book/_ext), each on a small case of its own:
citations are ARIA list items, and the kernels the build starts are encrypted (so
ipykernel prints no plain-TCP warning)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_cache.executors import utils
from sphinx.application import Sphinx

from tests.book.site import ROOT

EXT = ROOT / "book" / "_ext"
sys.path.insert(0, str(EXT))

import encrypted_kernels  # noqa: E402

TCP_WARNING = "Kernel is running over TCP without encryption"


def build_citations(tmp_path: Path, extensions: list[str]) -> str:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(f"import sys\nsys.path.insert(0, {str(EXT)!r})\nextensions = {extensions!r}\n")
    (src / "index.rst").write_text(
        "Title\n=====\n\nAs [Smith2020]_ and [Lee2021]_ show.\n\n"
        ".. [Smith2020] A. Smith, A paper, 2020.\n.. [Lee2021] B. Lee, Another, 2021.\n\nAfter.\n"
    )
    app = Sphinx(
        str(src), str(src), str(tmp_path / "out"), str(tmp_path / "doctrees"), "html", status=None, warning=None
    )
    app.build()
    return (tmp_path / "out" / "index.html").read_text()


def test_citations_are_list_items_of_their_list(tmp_path):
    html = build_citations(tmp_path, ["accessible_bibliography"])
    assert html.count('<div role="list" class="citation-list">') == 1
    assert html.count('role="listitem"') == 2
    assert "doc-biblioentry" not in html
    assert 'id="smith2020"' in html and 'href="#smith2020"' in html  # in-text links still land


def test_without_the_extension_citations_carry_the_deprecated_role(tmp_path):
    html = build_citations(tmp_path, [])
    assert html.count('role="doc-biblioentry"') == 2


def run_one_cell(execute) -> tuple[list, object]:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    saved = utils.executenb
    utils.executenb = execute
    try:
        result = utils.single_nb_execution(nb, cwd=str(ROOT), timeout=120, allow_errors=False)
    finally:
        utils.executenb = saved
    return nb.cells[0].outputs, result.err


@pytest.mark.parametrize("encrypted", [True, False])
def test_build_kernels_are_encrypted_and_print_no_tcp_warning(capfd, encrypted):
    plain = getattr(utils.executenb, "__wrapped__", utils.executenb)
    execute = encrypted_kernels.with_encryption(plain) if encrypted else plain
    outputs, err = run_one_cell(execute)
    assert err is None and outputs[0]["text"] == "42\n"
    warned = TCP_WARNING in capfd.readouterr().err
    assert warned is not encrypted, "the kernel's stderr " + (
        "still warns" if encrypted else "no longer warns: is the check still needed?"
    )


def test_wrapping_twice_wraps_once():
    once = encrypted_kernels.with_encryption(utils.executenb)
    assert encrypted_kernels.with_encryption(once) is once
