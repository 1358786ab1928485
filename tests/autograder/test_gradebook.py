"""Grading a course's submitted/ directory records the scores in nbgrader's gradebook,
so that ``nbgrader export`` shows them (in a temporary copy of the course)."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from autograder.grading import grade_batch

from .conftest import ROOT, fast_config, filled_notebook, fixture_source, mutate, write_notebook

A = "logistic_regression"
BIN = Path(sys.executable).parent


def nbgrader(course: Path, *args: str) -> None:
    """Run an nbgrader command (``nbgrader generate_assignment ...``) on ``course``, in this
    process: nbgrader's import alone takes seconds."""
    from jupyter_core.application import NoStart
    from nbgrader.apps import NbGraderApp

    app = NbGraderApp.instance()
    old_cwd, old_path = os.getcwd(), os.environ.get("PATH", "")
    # nbgrader runs `alembic` from PATH when it creates a gradebook
    os.environ["PATH"] = f"{BIN}{os.pathsep}{old_path}"
    os.chdir(course)
    try:
        app.initialize([*args, "--log-level=WARN"])
        app.start()
    except NoStart:  # how the application says its subcommand ran
        pass
    finally:
        os.chdir(old_cwd)
        os.environ["PATH"] = old_path
        for cls in [NbGraderApp] + [command[0] for command in NbGraderApp.subcommands.values()]:
            cls.clear_instance()  # traitlets keeps each application as a singleton


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(ROOT / "solutions" / A, course / "solutions" / A)
    nbgrader(course, "generate_assignment", A)
    base = fixture_source("correct_vectorized.py")
    students = {
        "alice": base,
        "bob": mutate(base, "dw = X @ dZ.T / m", "dw = X @ dZ.T"),
    }
    for student, code in students.items():
        folder = course / "submitted" / student / A
        folder.mkdir(parents=True)
        write_notebook(folder / f"{A}.ipynb", filled_notebook(A, code))
        (folder / "timestamp.txt").write_text("2026-03-01 12:00:00.000000 UTC")
    (course / "submitted" / "carol" / "other_assignment").mkdir(parents=True)  # not a submission here
    return course


@pytest.fixture(scope="module")
def graded(course):
    out = course / "grading"
    report = grade_batch(fast_config(A, [course / "submitted"], out, no_db=False))
    return report, out


def test_scores_are_recorded_per_grade_cell(course, graded):
    from nbgrader.api import Gradebook

    report, out = graded
    assert [r.id for r in report.rows] == ["alice", "bob"]
    assert report.gradebook.recorded == 2 and not report.gradebook.warnings
    bob = json.loads((out / "bob" / "results.json").read_text())["extra_data"]["by_function"]
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", course_id="deep-learning") as gb:
        for student, expected in [("alice", None), ("bob", bob)]:
            submission = gb.find_submission(A, student)
            grades = {g.name: (g.auto_score, g.max_score) for nb in submission.notebooks for g in nb.grades}
            for function in ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"):
                score, most = grades[f"test_{function}"]
                assert score == (most if expected is None else expected[function][0])
            assert submission.timestamp.year == 2026
        assert gb.find_submission(A, "bob").score < 100 == gb.find_submission(A, "alice").score


def test_nbgrader_export_shows_the_scores(course, graded):
    _, out = graded
    nbgrader(course, "export", "--to", "export.csv")
    with open(course / "export.csv", newline="") as f:
        exported = {row["student_id"]: float(row["score"]) for row in csv.DictReader(f) if row["assignment"] == A}
    with open(out / "grades.csv", newline="") as f:
        ours = {row["id"]: float(row["score"]) for row in csv.DictReader(f)}
    assert exported == ours and exported["alice"] == 100 > exported["bob"]


def test_grading_again_keeps_the_gradebook_right(course, graded):
    _, out = graded
    again = grade_batch(fast_config(A, [course / "submitted"], out, no_db=False))
    assert all(r.cached for r in again.rows) and again.gradebook.recorded == 2


def test_without_the_assignment_in_the_gradebook_the_results_stand_and_say_why(tmp_path):
    course = tmp_path / "course"
    folder = course / "submitted" / "dora" / A
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "nbgrader_config.py", course)
    write_notebook(folder / f"{A}.ipynb", filled_notebook(A, fixture_source("correct_vectorized.py")))
    report = grade_batch(fast_config(A, [course / "submitted"], tmp_path / "out", no_db=False, jobs=1))
    assert report.rows[0].score == 100
    assert "generate_assignment" in report.gradebook.warnings[0]


def test_nbgrader_feedback_shows_the_scores(course, graded):
    _, out = graded
    assert (course / "autograded" / "bob" / A / f"{A}.ipynb").is_file()
    nbgrader(course, "generate_feedback", A)
    for student in ("alice", "bob"):
        score = json.loads((out / student / "results.json").read_text())["score"]
        page = (course / "feedback" / student / A / f"{A}.html").read_text()
        assert f"Score: {float(score)} / 100.0" in page


def test_another_gradebook_can_be_named(course, graded, tmp_path):
    from nbgrader.api import Gradebook

    other = tmp_path / "other.db"
    shutil.copy(course / "gradebook.db", other)
    with Gradebook(f"sqlite:///{other}", course_id="deep-learning") as gb:
        gb.remove_submission(A, "bob")
    report = grade_batch(fast_config(A, [course / "submitted"], graded[1], db=f"sqlite:///{other}", no_db=False))
    assert report.gradebook.databases == [f"sqlite:///{other}"] and report.gradebook.recorded == 2
    with Gradebook(f"sqlite:///{other}", course_id="deep-learning") as gb:
        assert gb.find_submission(A, "bob").score == report.rows[1].score < 100
