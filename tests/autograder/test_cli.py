"""``python -m autograder``: its help, its errors, and the reduced-isolation fallback."""

from __future__ import annotations

import dataclasses
import json
import os
import time

import psutil

from autograder.cli import build_parser, config_from
from autograder.config import GradeConfig

from .conftest import FIXTURES, fixture_source, results_of, run_cli

A = "logistic_regression"


def test_help_documents_every_command_and_option():
    result = run_cli("--help")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "grade" in text and "list" in text
    for f in dataclasses.fields(GradeConfig):
        if f.metadata.get("positional"):
            continue
        assert f"--{f.name.replace('_', '-')}" in text, f.name
        assert " ".join(f.metadata["help"].split())[:40] in text, f.name


def test_the_command_line_builds_the_configuration():
    args = build_parser().parse_args(
        ["grade", A, "a.ipynb", "b.py", "--out", "o", "--jobs", "3", "--force", "--memory-mb", "1024"]
    )
    config = config_from(args)
    assert config.assignment == A and [str(p) for p in config.submissions] == ["a.ipynb", "b.py"]
    assert config.jobs == 3 and config.force and config.limits().memory_mb == 1024
    assert config.limits().test_timeout == GradeConfig(assignment=A, submissions=[], out=".").limits().test_timeout
    some = config_from(
        build_parser().parse_args(["grade", A, "submitted", "--out", "o", "--student", "ann", "--student", "bo"])
    )
    assert some.student == ["ann", "bo"] and config.student is None


def test_an_unknown_assignment_is_an_error_and_writes_nothing(tmp_path):
    sub = tmp_path / "a.py"
    sub.write_text("x = 1\n")
    result = run_cli("grade", "no_such_assignment", str(sub), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "unknown assignment 'no_such_assignment'" in result.stderr and A in result.stderr
    assert not (tmp_path / "out").exists()


def test_missing_or_wrong_inputs_are_errors_and_write_nothing(tmp_path):
    (tmp_path / "notes.txt").write_text("hello")
    (tmp_path / "empty_submitted").mkdir()
    for inputs, message in [
        ([str(tmp_path / "nope.ipynb")], "no such file or directory"),
        ([str(tmp_path / "notes.txt")], "not a notebook (.ipynb) or Python file (.py)"),
        ([str(tmp_path / "empty_submitted")], "no submissions found"),
    ]:
        result = run_cli("grade", A, *inputs, "--out", str(tmp_path / "out"))
        assert result.returncode == 2 and message in result.stderr, result.stderr
        assert not (tmp_path / "out").exists()


def test_list_names_the_assignments_and_their_points():
    result = run_cli("list")
    assert result.returncode == 0
    line = next(x for x in result.stdout.splitlines() if x.startswith(A))
    assert "(100 points)" in line and "propagate 30" in line


def test_without_the_sandbox_isolation_is_reduced_and_says_so(tmp_path):
    tag = str(6000 + os.getpid() % 1000)
    daemon = (FIXTURES / "hostile" / "background.py").read_text().replace("{TAG}", tag)
    good = tmp_path / "good.py"
    good.write_text(fixture_source("correct_vectorized.py") + "\n" + daemon)
    out = tmp_path / "out"
    result = run_cli("grade", A, str(good), "--out", str(out), "--no-sandbox", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "isolation is reduced" in result.stdout
    results = results_of(out, "good")
    assert results["score"] == 100 and results["extra_data"]["isolation"].startswith("reduced")
    time.sleep(0.5)
    left = [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == ["sleep", tag]]
    assert left == [], "the grader (a subreaper) ends the processes a submission left behind"
    summary = json.loads((out / "summary.json").read_text())
    assert summary["isolation_note"].startswith("isolation is reduced")


def test_progress_lines_and_summary(tmp_path):
    good = tmp_path / "alice.py"
    good.write_text(fixture_source("correct_vectorized.py"))
    result = run_cli("grade", A, str(good), "--out", str(tmp_path / "out"), "--jobs", "1")
    assert result.returncode == 0
    assert "[1/1] alice: 100/100" in result.stderr
    assert "1 submissions" in result.stdout and "mean 100.0" in result.stdout
    assert (tmp_path / "out" / "scores.png").read_bytes()[:4] == b"\x89PNG"
