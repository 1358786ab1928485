"""A scripted week of an instructor's work on a temporary copy of the course (issue 11):
a due date, nbgrader's LateSubmissionPlugin with ``penalty_method = "zero"``, five
students (on time and right, a bug, not JSON, late, on time), the grader, nbgrader's
export and feedback, a regrade of one student, a corrected timestamp and an override.
Every record (nbgrader's gradebook and export, grades.csv, results.json,
feedback.html) must say the same, and the course's git tree must stay clean."""

from __future__ import annotations

import csv
import datetime
import json
import re
import shutil
import subprocess
import sys

import pytest

from autograder.grading import grade_batch

from .conftest import ROOT, fast_config, filled_notebook, fixture_source, mutate, write_notebook
from .test_gradebook import nbgrader

A = "logistic_regression"
DUE = datetime.datetime(2026, 3, 1, 12, 0)
ON_TIME = "2026-03-01 10:00:00.000000 UTC"
LATE = "2026-03-02 09:30:00.000000 UTC"
STUDENTS = ["alice", "bob", "carol", "dave", "erin"]


def git(course, *args):
    return subprocess.run(["git", *args], cwd=course, capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    from nbgrader.api import Gradebook

    course = tmp_path_factory.mktemp("week")
    config = (ROOT / "nbgrader_config.py").read_text()
    assert 'c.LateSubmissionPlugin.penalty_method = "none"' in config
    (course / "nbgrader_config.py").write_text(config.replace('penalty_method = "none"', 'penalty_method = "zero"'))
    shutil.copy(ROOT / ".gitignore", course)
    shutil.copytree(ROOT / "solutions" / A, course / "solutions" / A)
    nbgrader(course, "generate_assignment", A)
    git(course, "init", "-q")
    git(course, "add", "-A")
    git(course, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "course")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="deep-learning") as gb:
        gb.update_or_create_assignment(A, duedate=DUE)
    base = fixture_source("correct_vectorized.py")
    work = {
        "alice": base,
        "bob": mutate(base, "dw = X @ dZ.T / m", "dw = X @ dZ.T"),
        "carol": None,
        "dave": base,
        "erin": base,
    }
    for student, code in work.items():
        folder = course / "submitted" / student / A
        folder.mkdir(parents=True)
        if code is None:
            (folder / f"{A}.ipynb").write_text('{"cells": [ this is not JSON')
        else:
            write_notebook(folder / f"{A}.ipynb", filled_notebook(A, code))
        (folder / "timestamp.txt").write_text(LATE if student == "dave" else ON_TIME)
    return course


def config(course, *submissions, **changes):
    # the machine may be busy: time limits that a correct submission never meets
    limits = dict(test_timeout=60.0, cell_timeout=60.0)
    return fast_config(A, list(submissions), course / "grading" / A, no_db=False, **limits, **changes)


def records(course) -> dict[str, dict[str, float]]:
    """Each student's score in nbgrader's export, grades.csv and results.json."""
    nbgrader(course, "export")  # writes grades.csv at the course root, as nbgrader does
    with open(course / "grades.csv", newline="") as f:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f) if r["assignment"] == A}
    with open(course / "grading" / A / "grades.csv", newline="") as f:
        ours = {r["id"]: r for r in csv.DictReader(f)}
    out = {}
    for student in STUDENTS:
        results = json.loads((course / "grading" / A / student / "results.json").read_text())
        out[student] = {
            "export": exported[student],
            "grades.csv": float(ours[student]["score"]),
            "results.json": float(results["score"]),
        }
    return out


def agree(course) -> dict[str, float]:
    found = records(course)
    for student, seen in found.items():
        assert len(set(seen.values())) == 1, f"{student}: the records disagree: {seen}"
    return {s: seen["export"] for s, seen in found.items()}


def test_an_instructors_week(week):
    from nbgrader.api import Gradebook

    course, out = week, week / "grading" / A
    report = grade_batch(config(course, course / "submitted"))
    assert report.gradebook.recorded == 5 and not report.errors
    scores = agree(course)
    assert scores["alice"] == scores["erin"] == 100 and 0 < scores["bob"] < 100
    assert scores["carol"] == 0 and scores["dave"] == 0  # late: 'zero' takes everything
    with open(out / "grades.csv", newline="") as f:
        rows = {r["id"]: r for r in csv.DictReader(f)}
    assert rows["carol"]["status"] == "unreadable" and rows["bob"]["status"] == "graded"
    assert rows["dave"]["late_penalty"] == "100" and rows["alice"]["late_penalty"] == "0"
    from autograder.report_html import collect

    _, stats, _, _ = collect(out)  # the instructors' report, from these results and summary.json
    summary = {f["name"]: f for f in json.loads((out / "summary.json").read_text())["functions"]}
    assert {s.name: s.fully_right for s in stats} == {n: f["fully_right"] for n, f in summary.items()}
    assert {s.name: s.mistakes for s in stats} == {
        n: [(m["mistake"], m["submissions"]) for m in f["mistakes"]] for n, f in summary.items()
    }
    dave = json.loads((out / "dave" / "results.json").read_text())
    assert dave["extra_data"]["gradebook"]["raw_score"] == 100 and "late penalty of 100" in dave["output"]

    # nbgrader's own feedback, for all five (carol's says what is wrong with her file),
    # with math from the course's MathJax and nothing from another host
    done = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "nbgrader"), "generate_feedback", A, "--log-level=WARN"],
        cwd=course, capture_output=True, text=True, env={"PATH": f"{ROOT / '.venv' / 'bin'}:/usr/bin:/bin"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    for student in STUDENTS:
        folder = course / "feedback" / student / A
        page = (folder / f"{A}.html").read_text()
        assert re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", page) == [], student
        assert '<script id="MathJax-script" src="mathjax/tex-chtml.js">' in page
        assert (folder / "mathjax" / "tex-chtml.js").is_file()
        assert (folder / "mathjax" / "output" / "chtml" / "fonts" / "woff-v2").is_dir()
    carol = (course / "feedback" / "carol" / A / f"{A}.html").read_text()
    assert "could not be graded: the file is not valid notebook JSON" in carol

    # bob fixes his bug: regrading him alone changes his row only
    before = {s: (out / s / "results.json").read_bytes() for s in STUDENTS if s != "bob"}
    csv_before = {r["id"]: r for r in csv.DictReader(open(out / "grades.csv", newline=""))}
    write_notebook(
        course / "submitted" / "bob" / A / f"{A}.ipynb", filled_notebook(A, fixture_source("correct_vectorized.py"))
    )
    again = grade_batch(config(course, course / "submitted" / "bob"))
    assert [r.id for r in again.rows] == ["bob"] and again.rows[0].score == 100
    assert all((out / s / "results.json").read_bytes() == before[s] for s in before)
    csv_after = {r["id"]: r for r in csv.DictReader(open(out / "grades.csv", newline=""))}
    assert list(csv_after) == list(csv_before) and csv_after["bob"]["score"] == "100"
    assert {k: v for k, v in csv_after.items() if k != "bob"} == {k: v for k, v in csv_before.items() if k != "bob"}

    # dave's timestamp was wrong: corrected and regraded (his code is unchanged), he scores 100
    (course / "submitted" / "dave" / A / "timestamp.txt").write_text(ON_TIME)
    grade_batch(config(course, course / "submitted", student=["dave"]))
    scores = agree(course)
    assert scores["dave"] == 100 and scores["bob"] == 100

    # an override in formgrader (manual_score) shows everywhere after a regrade, and survives --force
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="deep-learning") as gb:
        grade = gb.find_grade("test_sigmoid", A, A, "erin")
        most = grade.max_score
        grade.manual_score = most - 1
        gb.db.commit()
    grade_batch(config(course, course / "submitted", force=True))
    scores = agree(course)
    assert scores["erin"] == 99 and scores["alice"] == 100
    summary = json.loads((out / "summary.json").read_text())
    assert summary["mean"] == pytest.approx(sum(scores.values()) / 5) and summary["full_marks"] == 3
    rows = {r["id"]: r for r in csv.DictReader(open(out / "grades.csv", newline=""))}
    assert rows["erin"]["override"] == f"sigmoid={most - 1:g}" and rows["alice"]["override"] == ""
    erin = json.loads((out / "erin" / "results.json").read_text())
    assert erin["extra_data"]["gradebook"]["overrides"]["sigmoid"] == {"manual": most - 1, "automatic": most}
    page = (out / "erin" / "feedback.html").read_text()
    assert "99 / 100" in page and "override by your instructor" in page

    # the week left nothing for git to see
    assert git(course, "status", "--porcelain") == ""
    assert sys.executable  # the course ran in this environment
