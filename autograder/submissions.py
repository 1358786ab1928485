"""Find the submissions to grade and read each one's code.

A submission is a notebook (``.ipynb``), a Python file (``.py``, read as if it were
the notebook's code cells), or, given a directory in nbgrader's ``submitted/``
layout, every ``<student>/<ASSIGNMENT>/*.ipynb`` under it (or under one student's
folder of it). Its id is the nbgrader student id, else the file's name without its
extension, or the folder above the file where names collide (made safe as a
directory name, and unique within the batch).
"""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .notebook import NotebookError, graded_cells, is_graded_cell, read_notebook
from .sandboxed import Cell, Program

SUFFIXES = (".ipynb", ".py")
_UNSAFE = re.compile(r"[^\w.@+-]+")
_PERCENT = re.compile(r"^# ?%%(.*)$", re.MULTILINE)


class InputError(ValueError):
    """A command-line input that is not a submission (a missing path, a wrong suffix)."""


class SubmissionError(ValueError):
    """A submission whose code cannot be read; the message is for the student."""


@dataclass(frozen=True)
class Submission:
    id: str
    path: Path
    student: str | None = None  # the nbgrader student id, for the gradebook
    course: Path | None = None  # the nbgrader course directory it was submitted to

    @property
    def primary(self) -> bool:
        """True for the notebook whose score goes to the gradebook."""
        return self.student is not None and self.id == safe_id(self.student)


def safe_id(name: str) -> str:
    """A directory name from a student id or a file name: no separators, no leading dot."""
    cleaned = _UNSAFE.sub("_", name).strip("._") or "submission"
    return cleaned[:120]


def course_of(directory: Path) -> Path | None:
    """The nbgrader course directory holding ``directory``: the nearest folder, from the
    directory upward, with an nbgrader_config.py."""
    for folder in (directory, *directory.parents):
        if (folder / "nbgrader_config.py").is_file():
            return folder
    return None


def discover(inputs: list[Path], assignment: str, students: list[str] | None = None) -> list[Submission]:
    """Every submission named by ``inputs``, with unique ids, in the order given
    (students of a submitted/ directory sorted by id).

    A directory is nbgrader's ``submitted/`` folder, one student's folder in it
    (``submitted/<student>``) or that student's assignment folder
    (``submitted/<student>/<ASSIGNMENT>``). A loose file's id is its name without the
    extension; where that is the assignment's name or collides with another id, it is
    the name of the folder above the file (``alice/deep_network.ipynb`` is ``alice``,
    as nbgrader's collect and LMS downloads with one folder per student lay it out).
    ``students`` keeps only those students (by student id, or id for loose files)."""
    found: list[Submission] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found += _directory(path, assignment)
        elif path.is_file():
            if path.suffix.lower() not in SUFFIXES:
                raise InputError(f"{path}: not a notebook (.ipynb) or Python file (.py)")
            found.append(Submission("", path))
        else:
            raise InputError(f"{path}: no such file or directory")
    found = _name_loose(found, assignment)
    if students:
        wanted = set(students)
        found = [s for s in found if (s.student or s.id) in wanted or s.id in wanted]
        missing = sorted(wanted - {s.student or s.id for s in found} - {s.id for s in found})
        if missing:
            raise InputError(
                f"no submission of {', '.join(missing)} in {', '.join(map(str, inputs))} "
                f"(--student takes nbgrader student ids, or the ids of loose files)"
            )
    ids: set[str] = set()
    unique = []
    for sub in found:
        new_id, n = sub.id, 1
        while new_id in ids:
            n += 1
            new_id = f"{sub.id}-{n}"
        ids.add(new_id)
        unique.append(sub if new_id == sub.id else Submission(new_id, sub.path, sub.student, sub.course))
    return unique


def _name_loose(found: list[Submission], assignment: str) -> list[Submission]:
    """Ids for the loose files (those with an empty id): the file's name, or the folder's
    name where the file's name is the assignment's or is not unique."""
    taken = [s.id for s in found if s.id]
    stems = [safe_id(s.path.stem) for s in found if not s.id]
    out = []
    for sub in found:
        if sub.id:
            out.append(sub)
            continue
        stem = safe_id(sub.path.stem)
        clash = stem == assignment or stems.count(stem) > 1 or stem in taken
        folder = sub.path.resolve().parent.name
        ident = safe_id(folder) if clash and folder else stem
        out.append(Submission(ident, sub.path))
    return out


def _directory(path: Path, assignment: str) -> list[Submission]:
    """The submissions of a submitted/ folder, of one student's folder, or of one
    student's assignment folder."""
    path = Path(path)
    # nbgrader's folder of one student's assignment: the assignment's notebook or timestamp in it
    # (not a folder of everyone's notebooks that happens to bear the assignment's name)
    if path.name == assignment and ((path / f"{assignment}.ipynb").is_file() or (path / "timestamp.txt").is_file()):
        return _student(path.parent, assignment, course_of(path.resolve()))
    if (path / assignment).is_dir() and any((path / assignment).glob("*.ipynb")):
        return _student(path, assignment, course_of(path.resolve()))
    return _submitted(path, assignment)


def _submitted(root: Path, assignment: str) -> list[Submission]:
    course = course_of(root.resolve())
    out = []
    for student_dir in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        out += _student(student_dir, assignment, course)
    return out


def _student(student_dir: Path, assignment: str, course: Path | None) -> list[Submission]:
    folder = student_dir / assignment
    notebooks = sorted(folder.glob("*.ipynb")) if folder.is_dir() else []
    if not notebooks:
        return []
    main = folder / f"{assignment}.ipynb"
    main = main if main in notebooks else notebooks[0]
    student = student_dir.resolve().name
    out = [Submission(safe_id(student), main, student, course)]
    for extra in notebooks:
        if extra != main:  # a second notebook is graded too, but not recorded
            out.append(Submission(safe_id(f"{student}-{extra.stem}"), extra, None, course))
    return out


def read_program(path: Path, max_bytes: int) -> Program:
    """The code the grader runs from a submission file; SubmissionError saying why not."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise SubmissionError(
                f"the file is {size / 2**20:.0f} MiB, more than the {max_bytes / 2**20:.0f} MiB the "
                "grader reads: clear the notebook's outputs (Kernel > Restart & Clear Output) and "
                "submit again"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise SubmissionError(f"the file could not be read ({exc.strerror})") from None
    if path.suffix.lower() == ".py":
        return Program(python_cells(decode_python(data)), "python", module_name="submission")
    try:
        nb = read_notebook(data)
    except NotebookError as exc:
        raise SubmissionError(str(exc)) from None
    return Program([Cell(c.label, c.source) for c in graded_cells(nb)], "notebook")


def decode_python(data: bytes) -> str:
    if not data.strip():
        raise SubmissionError("the file is empty")
    if b"\0" in data:
        raise SubmissionError("the file holds binary data, not Python source")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise SubmissionError("the file is not UTF-8 text: save it as UTF-8") from None


def _padded(lines: list[str], start: int, end: int) -> str:
    """Lines ``start..end`` (1-based, inclusive), preceded by blank lines so that error
    messages give the line numbers of the whole file."""
    return "\n" * (start - 1) + "".join(lines[start - 1 : end])


def python_cells(source: str) -> list[Cell]:
    """A .py file as cells: its ``# %%`` cells when it has them (jupytext's percent
    format, whose nbgrader metadata is honoured), else one cell per top-level statement,
    so that one failing statement does not stop the rest."""
    lines = source.splitlines(keepends=True)
    if _PERCENT.search(source):
        return _percent_cells(lines)
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return [Cell(f"line {a}", _padded(lines, a, b)) for a, b in _blocks(lines)]
    cells = []
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        end = node.end_lineno or node.lineno
        cells.append(Cell(f"line {start}", _padded(lines, start, end)))
    return cells


def _percent_cells(lines: list[str]) -> list[Cell]:
    cells = []
    starts = [i for i, line in enumerate(lines) if _PERCENT.match(line)]
    bounds = ([(0, "")] if starts and starts[0] > 0 else []) + [
        (i, _PERCENT.match(lines[i]).group(1))
        for i in starts  # type: ignore[union-attr]
    ]
    for k, (begin, header) in enumerate(bounds):
        end = bounds[k + 1][0] if k + 1 < len(bounds) else len(lines)
        body_start = begin + 1 if _PERCENT.match(lines[begin]) else begin
        cell = {"cell_type": "code", "metadata": _percent_metadata(header)}
        if re.search(r"\[(markdown|md|raw)\]", header) or not is_graded_cell(cell):
            continue
        body = lines[body_start:end]
        if all(not line.strip() or line.lstrip().startswith("#") for line in body):
            continue  # blank, or only comments (jupytext's header)
        nbg = cell["metadata"].get("nbgrader") or {}
        label = str(nbg.get("grade_id") or f"line {body_start + 1}")
        cells.append(Cell(label, "\n" * body_start + "".join(body)))
    return cells


def _percent_metadata(header: str) -> dict:
    """The metadata jupytext writes after ``# %%``: ``key=<json>`` pairs (nbgrader, tags)."""
    meta: dict = {}
    for key in ("nbgrader", "tags"):
        match = re.search(rf"\b{key}=", header)
        if not match:
            continue
        try:
            value, _ = json.JSONDecoder().raw_decode(header[match.end() :])
        except ValueError:
            continue
        meta[key] = value
    return meta


_CONTINUATION = re.compile(r"^(else|elif|except|finally)\b|^[)\]}]")


def _scan(line: str, depth: int, quote: str | None) -> tuple[int, str | None]:
    """Bracket depth and open string quote after ``line``, given those before it (a rough
    scanner, good enough to find where top-level statements start in broken code)."""
    i = 0
    while i < len(line):
        if quote is not None:
            if line[i] == "\\":
                i += 2
                continue
            if line.startswith(quote, i):
                i += len(quote)
                quote = None
                continue
            i += 1
            continue
        ch = line[i]
        if ch == "#":
            break
        if ch in "\"'":
            quote = line[i : i + 3] if line[i : i + 3] in ('"""', "'''") else ch
            i += len(quote)
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth = max(0, depth - 1)
        i += 1
    if quote is not None and len(quote) == 1:
        quote = None  # a one-line string does not continue on the next line
    return depth, quote


def _blocks(lines: list[str]) -> list[tuple[int, int]]:
    """Top-level blocks of a file that does not parse: a block starts at each line that is
    not indented, not a comment, not inside brackets or a string, not a continuation
    (else, except, a closing bracket) and not after a decorator. Each block then
    compiles, or fails, on its own."""
    starts = []
    previous = ""
    depth, quote = 0, None
    for number, line in enumerate(lines, 1):
        text = line.rstrip("\n")
        inside = depth > 0 or quote is not None
        depth, quote = _scan(text, depth, quote)
        if inside or not text.strip() or text[0] in " \t#":
            continue
        if not _CONTINUATION.match(text) and not previous.startswith("@"):
            starts.append(number)
        previous = text
    if not starts:
        return [(1, len(lines))] if lines else []
    bounds = []
    for k, start in enumerate(starts):
        end = starts[k + 1] - 1 if k + 1 < len(starts) else len(lines)
        bounds.append((1 if k == 0 else start, end))
    return bounds
