"""Which code of a notebook is graded, in order.

A cell runs when it is
  * a solution cell (``metadata.nbgrader.solution``), where graded functions live;
  * an instructor's setup cell (tag ``setup``: imports, constants, provided helpers);
  * a cell the student added (no ``metadata.nbgrader``).
Every other instructor cell (demos, training, plots, visible checks) is skipped, so
grading never waits on an assignment's end-to-end part.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SETUP_TAG = "setup"


class NotebookError(ValueError):
    """A file that is not a readable notebook; the message says why."""


@dataclass(frozen=True)
class CodeCell:
    index: int  # position in the notebook, from 0
    label: str  # grade_id, or "cell N" for a student's own cell
    source: str


def _metadata(cell: dict) -> tuple[dict, dict | None, list]:
    """(metadata, its nbgrader part or None, tags), tolerating malformed metadata."""
    meta = cell.get("metadata")
    meta = meta if isinstance(meta, dict) else {}
    nbg = meta.get("nbgrader")
    tags = meta.get("tags")
    return meta, nbg if isinstance(nbg, dict) else None, tags if isinstance(tags, list) else []


class NotebookNode(dict):
    """A notebook (or a part of one) as a dict with attribute access, like nbformat's
    NotebookNode, without importing nbformat (whose import takes seconds: the grader
    reads notebooks in every process)."""

    def __getattr__(self, key: str) -> Any:
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key) from None


def from_dict(value: Any) -> Any:
    if isinstance(value, dict):
        return NotebookNode((k, from_dict(v)) for k, v in value.items())
    if isinstance(value, list):
        return [from_dict(v) for v in value]
    return value


def is_graded_cell(cell: dict) -> bool:
    if cell.get("cell_type") != "code":
        return False
    _, nbg, tags = _metadata(cell)
    if nbg is None:  # the student's own cell (or one whose metadata was mangled)
        return True
    return bool(nbg.get("solution")) or SETUP_TAG in tags


def read_notebook(data: bytes | str) -> NotebookNode:
    """Parse notebook bytes; NotebookError with a readable reason when they are not one.

    Only the structure the grader reads is checked (not nbformat's whole schema): a
    notebook with odd metadata or outputs is still graded, and parsing stays fast.
    """
    if isinstance(data, bytes):
        if not data.strip():
            raise NotebookError("the file is empty")
        if b"\0" in data[:8192]:
            raise NotebookError("the file holds binary data, not a notebook's JSON text")
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise NotebookError("the file is not text (it is not UTF-8): is it a notebook?") from None
    if not data.strip():
        raise NotebookError("the file is empty")
    try:
        raw = json.loads(data)
    except (ValueError, RecursionError) as exc:
        where = f" at line {exc.lineno}" if isinstance(exc, json.JSONDecodeError) else ""
        raise NotebookError(f"the file is not valid notebook JSON (a syntax error{where})") from None
    if not isinstance(raw, dict) or "cells" not in raw and "worksheets" not in raw:
        raise NotebookError("the file is JSON but not a Jupyter notebook")
    if raw.get("nbformat") != 4:
        raise NotebookError(
            f"nbformat {raw.get('nbformat')} is not supported (open it in Jupyter and save it "
            "again: it is saved as nbformat 4)"
        )
    if not isinstance(raw.get("cells"), list):
        raise NotebookError("the notebook has no list of cells")
    return NotebookNode(raw, cells=[from_dict(c) if isinstance(c, dict) else c for c in raw["cells"]])


def graded_cells(nb: dict) -> list[CodeCell]:
    out = []
    seen: set[str] = set()
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or not is_graded_cell(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(line, str) for line in source):
            source = "".join(source)
        if not isinstance(source, str):
            continue
        _, nbg, _ = _metadata(cell)
        grade_id = (nbg or {}).get("grade_id")
        label = str(grade_id) if grade_id else f"cell {i + 1}"
        if label in seen:  # a copied cell keeps its grade_id
            label = f"{label} (cell {i + 1})"
        seen.add(label)
        out.append(CodeCell(i, label, source))
    return out


def graded_cells_of(path: Path) -> list[CodeCell]:
    return graded_cells(read_notebook(Path(path).read_bytes()))
