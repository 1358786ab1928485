"""The Canvas export: Canvas's gradebook import layout, ids mapped through the roster
(SIS ids included), one column per graded folder, and errors that lose no grade."""

from __future__ import annotations

import csv
import json
from types import SimpleNamespace

import pytest

from autograder.exports.canvas import IDENTITY, ExportError, export
from autograder.results import write_grades

from .conftest import run_cli

ROSTER = [
    {"Student": "Lovelace, Ada", "ID": "101", "SIS User ID": "S-1", "SIS Login ID": "ada", "Section": "A", "id": "ada"},
    {"Student": "Hopper, Grace", "ID": "102", "SIS User ID": "S-2", "SIS Login ID": "grace", "Section": "B",
     "id": "ghopper"},
    {"Student": "Turing, Alan", "ID": "103", "SIS User ID": "S-3", "SIS Login ID": "alan", "Section": "A",
     "id": "alan"},
]  # fmt: skip


def graded(folder, assignment, scores):
    folder.mkdir(parents=True)
    rows = [SimpleNamespace(id=i, score=s, max_score=100.0, status="graded") for i, s in scores.items()]
    write_grades(folder / "grades.csv", rows)
    (folder / "summary.json").write_text(json.dumps({"assignment": assignment}))
    return folder


def roster(path, rows=ROSTER, columns=None):
    columns = columns or list(rows[0])
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerow({"Student": "Points Possible"})  # as in Canvas's own export: not a student
        writer.writerows(rows)
    return path


def test_the_csv_is_in_canvass_import_format(tmp_path):
    one = graded(tmp_path / "g" / "deep_network", "deep_network", {"ada": 100, "ghopper": 62.5})
    two = graded(tmp_path / "g" / "lr", "logistic_regression", {"alan": 0, "ada": 90})
    out = export([one, two], roster(tmp_path / "roster.csv"), tmp_path / "canvas.csv", {"deep_network": "7001"})
    with open(out, newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == IDENTITY + ["deep_network (7001)", "logistic_regression"]
    assert rows[1] == ["    Points Possible", "", "", "", "", "100", "100"]
    assert rows[2] == ["Lovelace, Ada", "101", "S-1", "ada", "A", "100", "90"]
    assert rows[3] == ["Hopper, Grace", "102", "S-2", "grace", "B", "62.5", ""]  # no grade: left unchanged
    assert rows[4] == ["Turing, Alan", "103", "S-3", "alan", "A", "", "0"]


def test_without_an_id_column_the_sis_login_id_matches(tmp_path):
    folder = graded(tmp_path / "g", "deep_network", {"grace": 75})
    path = roster(tmp_path / "roster.csv", columns=IDENTITY)
    with open(export([folder], path, tmp_path / "c.csv"), newline="") as f:
        rows = list(csv.reader(f))
    assert rows[3][3:] == ["grace", "B", "75"]


def test_a_student_missing_from_the_roster_is_an_error_and_nothing_is_written(tmp_path):
    folder = graded(tmp_path / "g", "deep_network", {"ada": 100, "mallory": 100})
    with pytest.raises(ExportError, match="mallory"):
        export([folder], roster(tmp_path / "roster.csv"), tmp_path / "c.csv")
    assert not (tmp_path / "c.csv").exists()
    with pytest.raises(ExportError, match="SIS User ID"):
        export([folder], roster(tmp_path / "r2.csv", columns=["Student", "ID", "id"]), tmp_path / "c.csv")


def test_the_command_line(tmp_path):
    folder = graded(tmp_path / "g", "deep_network", {"ada": 100})
    args = ["export", "canvas", str(folder), "--roster", str(roster(tmp_path / "r.csv")), "--out"]
    done = run_cli(*args, str(tmp_path / "c.csv"), "--canvas-id", "deep_network=9")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "c.csv").read_text().splitlines()[0].endswith(",deep_network (9)")
    graded(tmp_path / "h", "deep_network", {"zed": 1})
    bad = run_cli(
        "export", "canvas", str(tmp_path / "h"), "--roster", str(tmp_path / "r.csv"), "--out", str(tmp_path / "x.csv")
    )
    assert bad.returncode == 2 and "zed" in bad.stderr and not (tmp_path / "x.csv").exists()
