"""A gradebook CSV in Canvas's import format, from the grader's ``grades.csv`` files.

Canvas imports the layout of its own gradebook export: the columns ``Student``,
``ID``, ``SIS User ID``, ``SIS Login ID``, ``Section``, then one column per
assignment, named like Canvas names them (``Title (canvas assignment id)``; a title
without an id makes Canvas create the assignment), and a second row
``Points Possible`` with each assignment's maximum.

Students are mapped through a roster CSV the instructor gives, for instance
Canvas's own gradebook export with one added column ``id`` holding each student's
nbgrader id. Without that column, a student is matched by ``SIS Login ID``, then
``SIS User ID``. A graded student missing from the roster is an error (named, with
nothing written); a roster student without a grade gets an empty cell, which Canvas
leaves unchanged.

    python -m autograder export canvas grading/deep_network ... --roster roster.csv --out canvas.csv
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..results import GRADES, atomic_write, fmt_points

IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
KEYS = ["id", "SIS Login ID", "SIS User ID"]  # how a roster row names the grader's student id
POINTS_POSSIBLE = "    Points Possible"  # as Canvas writes it, indented


class ExportError(ValueError):
    pass


@dataclass(frozen=True)
class Column:
    title: str
    max_score: float
    scores: dict[str, str]  # grader id -> score as written in grades.csv


def read_column(folder: Path, canvas_ids: dict[str, str] | None = None) -> Column:
    """One assignment's column from a grading folder (its grades.csv and summary.json)."""
    folder = Path(folder)
    try:
        summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
        assignment = str(summary["assignment"])
    except (OSError, ValueError, KeyError):
        assignment = folder.name
    try:
        with open(folder / GRADES, newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
    except OSError as exc:
        raise ExportError(f"{folder / GRADES}: {exc.strerror}") from None
    most = max((float(r["max_score"]) for r in rows if r.get("max_score")), default=0.0)
    title = assignment
    canvas_id = (canvas_ids or {}).get(assignment)
    if canvas_id:
        title = f"{assignment} ({canvas_id})"
    return Column(title, most, {r["id"]: r["score"] for r in rows})


def read_roster(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = [r for r in csv.DictReader(f)]
    if not rows:
        raise ExportError(f"{path}: the roster is empty")
    missing = [c for c in IDENTITY if c not in rows[0]]
    if missing:
        raise ExportError(f"{path}: the roster needs the columns {', '.join(IDENTITY)} (missing: {', '.join(missing)})")
    # Canvas's export has a "Points Possible" row (and sometimes "Student, Test"): not students
    return [r for r in rows if r.get("Student", "").strip() not in ("Points Possible", "Student, Test")]


def roster_key(roster: list[dict[str, str]]) -> str:
    for key in KEYS:
        if key in roster[0]:
            return key
    raise ExportError("the roster needs a column naming the grader's student id: " + ", ".join(KEYS))


def canvas_csv(columns: Sequence[Column], roster: list[dict[str, str]]) -> str:
    key = roster_key(roster)
    known = {r[key].strip() for r in roster if r.get(key)}
    unknown = sorted({ident for c in columns for ident in c.scores} - known)
    if unknown:
        raise ExportError(
            f"not in the roster (column {key!r}): {', '.join(unknown)}; add them, or their grades would be lost"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(IDENTITY + [c.title for c in columns])
    writer.writerow([POINTS_POSSIBLE, "", "", "", ""] + [fmt_points(c.max_score) for c in columns])
    for person in roster:
        ident = (person.get(key) or "").strip()
        writer.writerow([person.get(c, "") for c in IDENTITY] + [c.scores.get(ident, "") for c in columns])
    return buffer.getvalue()


def export(folders: Sequence[Path], roster: Path, out: Path, canvas_ids: dict[str, str] | None = None) -> Path:
    columns = [read_column(f, canvas_ids) for f in folders]
    text = canvas_csv(columns, read_roster(roster))
    atomic_write(out, text)
    return Path(out)
