"""Which code of a notebook is graded, in order.

A cell runs when it is
  * a solution cell (``metadata.nbgrader.solution``), where graded functions live;
  * an instructor's setup cell (tag ``setup``: imports, constants, provided helpers);
  * a cell the student added (no ``metadata.nbgrader``).
Every other instructor cell (demos, training, plots, visible checks) is skipped, so
grading never waits on an assignment's end-to-end part.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import nbformat

SETUP_TAG = "setup"


class NotebookError(ValueError):
    """A file that is not a readable notebook; the message says why."""


@dataclass(frozen=True)
class CodeCell:
    index: int  # position in the notebook, from 0
    label: str  # grade_id, or "cell N" for a student's own cell
    source: str


def is_graded_cell(cell: nbformat.NotebookNode) -> bool:
    if cell.get("cell_type") != "code":
        return False
    meta = cell.get("metadata", {})
    nbg = meta.get("nbgrader")
    if nbg is None:
        return True
    return bool(nbg.get("solution")) or SETUP_TAG in meta.get("tags", [])


def read_notebook(data: bytes | str) -> nbformat.NotebookNode:
    """Parse notebook bytes; NotebookError with a readable reason when they are not one."""
    if isinstance(data, bytes):
        if not data.strip():
            raise NotebookError("the file is empty")
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            raise NotebookError("the file is not text (it is not UTF-8): is it a notebook?") from None
    try:
        nb = nbformat.reads(data, as_version=nbformat.NO_CONVERT)
    except Exception as exc:
        raise NotebookError(f"the file is not valid notebook JSON ({exc.__class__.__name__})") from None
    if nb.get("nbformat") != 4:
        raise NotebookError(f"nbformat {nb.get('nbformat')} is not supported (save it as nbformat 4)")
    if not isinstance(nb.get("cells"), list):
        raise NotebookError("the notebook has no list of cells")
    return nb


def graded_cells(nb: nbformat.NotebookNode) -> list[CodeCell]:
    out = []
    for i, cell in enumerate(nb.cells):
        if not isinstance(cell, dict) or not is_graded_cell(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        out.append(CodeCell(i, grade_id or f"cell {i + 1}", source))
    return out


def graded_cells_of(path: Path) -> list[CodeCell]:
    return graded_cells(read_notebook(Path(path).read_bytes()))
