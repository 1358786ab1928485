"""What the grader writes: ``<id>/results.json`` (Gradescope's format),
``<id>/feedback.html`` and ``grades.csv`` (``id,score,max_score,status,late_penalty,
override``: the contract's three columns first). Every file is written atomically (a
temporary file in the same directory, then ``os.replace``), so a grader killed at
any moment leaves either the old file or the new one, never a torn one.
"""

from __future__ import annotations

import csv
import html
import io
import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

RESULTS = "results.json"
FEEDBACK = "feedback.html"
GRADES = "grades.csv"
TMP_PREFIX = ".tmp-"


def atomic_write(path: Path, data: bytes | str) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX + path.name + ".", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def remove_stale_temporaries(folder: Path) -> None:
    """Temporary files a killed grader left behind (never a result: they are renamed
    into place only when complete)."""
    if folder.is_dir():
        for tmp in folder.glob(TMP_PREFIX + "*"):
            try:
                tmp.unlink()
            except OSError:
                pass


def read_results(path: Path) -> dict[str, Any] | None:
    """A results.json written by this grader, or None (missing, or not ours)."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("extra_data"), dict):
        return None
    return data


def write_submission(folder: Path, results: dict[str, Any]) -> None:
    """Feedback first, results last: results.json (with its cache key) marks a
    submission as done."""
    atomic_write(folder / FEEDBACK, feedback_html(results))
    atomic_write(folder / RESULTS, json.dumps(results, indent=1, ensure_ascii=False) + "\n")


GRADE_COLUMNS = ["id", "score", "max_score", "status", "late_penalty", "override"]
# a row's status in grades.csv: graded, the file could not be read, or the grader failed on it
STATUS = {"graded": "graded", "unreadable": "unreadable", "error": "not graded"}


def grade_line(row: Any, held: Any = None) -> dict[str, str]:
    """One row of grades.csv: ``score`` is the gradebook's when it holds the submission
    (``held``: gradebook.Recorded); ``override`` names the functions whose points an
    instructor set, with those points."""
    overrides = getattr(held, "overrides", {}) or {}
    return {
        "id": row.id,
        "score": fmt_points(held.score if held is not None else row.score),
        "max_score": fmt_points(row.max_score),
        "status": STATUS.get(row.status, row.status),
        "late_penalty": fmt_points(held.late_penalty if held is not None else 0.0),
        "override": ";".join(f"{f}={fmt_points(m)}" for f, (m, _) in overrides.items()),
    }


def write_grades(path: Path, rows: Iterable[Any], book: Any = None) -> None:
    """grades.csv: the rows of this batch, in place of their earlier lines; the lines of
    submissions not in this batch (a regrade of a few students) are kept as they were."""
    scores = getattr(book, "scores", {}) or {}
    new = {r.id: grade_line(r, scores.get(r.id)) for r in rows}
    lines: list[dict[str, str]] = []
    try:
        with open(path, newline="", encoding="utf-8") as f:
            for old in csv.DictReader(f):
                ident = old.get("id", "")
                if ident in new:
                    lines.append(new.pop(ident))
                elif ident:
                    lines.append({c: old.get(c) or ("graded" if c == "status" else "") for c in GRADE_COLUMNS})
    except (OSError, csv.Error, UnicodeDecodeError):
        pass
    lines += new.values()
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, GRADE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
    atomic_write(path, buffer.getvalue())


def fmt_points(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.2f}".rstrip("0")


_STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; color: #1f2328; line-height: 1.5; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.total { font-size: 2rem; font-weight: 600; margin: .5rem 0 1rem; }
.note { background: #fff8c5; border: 1px solid #d4a72c; padding: .6rem .9rem; border-radius: 6px; }
.problem { background: #ffebe9; border: 1px solid #ff8182; padding: .6rem .9rem; border-radius: 6px; }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; }
th, td { text-align: left; padding: .45rem .6rem; border-bottom: 1px solid #d0d7de; vertical-align: top; }
td.points { white-space: nowrap; text-align: right; }
.passed { color: #1a7f37; font-weight: 600; }
.failed { color: #cf222e; font-weight: 600; }
.tags code { background: #f6f8fa; padding: 0 .25rem; border-radius: 4px; }
pre { background: #f6f8fa; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
.message { white-space: pre-wrap; }
.override { color: #9a6700; font-size: .9rem; }
footer { color: #656d76; font-size: .85rem; margin-top: 2rem; }
"""


def feedback_html(results: dict[str, Any]) -> str:
    """A readable page for the student: every test, its points and what went wrong.
    Everything from the submission or the tests is escaped."""
    e = html.escape
    extra = results.get("extra_data", {})
    score, max_score = results.get("score", 0), extra.get("max_score", 0)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(str(extra.get('assignment', '')))}: feedback for {e(str(extra.get('id', '')))}</title>",
        f"<style>{_STYLE}</style></head><body>",
        f"<h1>{e(str(extra.get('assignment', '')))}</h1>",
        f"<p>Feedback for <strong>{e(str(extra.get('id', '')))}</strong> ({e(str(extra.get('submission', '')))})</p>",
        f'<div class="total">{fmt_points(score)} / {fmt_points(max_score)}</div>',
    ]
    if results.get("output"):
        late = (extra.get("gradebook") or {}).get("late_penalty")
        css = "problem" if extra.get("status") != "graded" or extra.get("problems") or late else "note"
        parts.append(f'<div class="{css} message">{e(results["output"])}</div>')
    by_function = extra.get("by_function", {})
    overrides = (extra.get("gradebook") or {}).get("overrides", {})
    if by_function:
        parts.append("<h2>By function</h2><table><tr><th>function</th><th>points</th></tr>")
        for name, (earned, most) in by_function.items():
            note = ""
            if name in overrides:
                earned = overrides[name]["manual"]
                note = (
                    f' <span class="override">override by your instructor (the grader gave '
                    f"{fmt_points(overrides[name]['automatic'])})</span>"
                )
            css = "passed" if earned == most else "failed"
            parts.append(
                f'<tr><td><code>{e(name)}</code>{note}</td><td class="points {css}">'
                f"{fmt_points(earned)} / {fmt_points(most)}</td></tr>"
            )
        parts.append("</table>")
    parts.append("<h2>Tests</h2><table><tr><th>test</th><th>result</th><th>points</th></tr>")
    for test in results.get("tests", []):
        status = "passed" if test.get("status") == "passed" else "failed"
        tags = " ".join(f"<code>{e(str(t))}</code>" for t in test.get("tags", []))
        message = f'<div class="message">{e(test["output"])}</div>' if test.get("output") else ""
        parts.append(
            f'<tr><td>{e(str(test.get("name", "")))}<div class="tags">{tags}</div>{message}</td>'
            f'<td class="{status}">{status}</td>'
            f'<td class="points">{fmt_points(test.get("score", 0))} / '
            f"{fmt_points(test.get('max_score', 0))}</td></tr>"
        )
    parts.append("</table>")
    printed = extra.get("printed")
    if printed:
        parts.append("<details><summary>What your code printed while it ran</summary>")
        parts.append(f"<pre>{e(printed)}</pre></details>")
    parts.append(
        "<footer>Each test calls your functions on inputs of its own and compares the results "
        "with the assignment's; the message of a failed test says what differs and where. "
        "Run the notebook's public checks to try your code on inputs you can see."
        "</footer></body></html>"
    )
    return "\n".join(parts) + "\n"
