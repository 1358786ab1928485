"""The end-of-batch summary: counts, mean, distribution, histogram."""

from __future__ import annotations

import json
from pathlib import Path

from autograder.grading import BatchReport, Row
from autograder.summary import recognised_mistakes, summarize, text, write_summary


def report(tmp_path: Path) -> BatchReport:
    rows = [
        Row("a", 100, 100, "graded"),
        Row("b", 55, 100, "graded", cached=True),
        Row("c", 0, 100, "unreadable"),
        Row("d", 85, 100, "graded"),
    ]
    return BatchReport("logistic_regression", tmp_path, rows, "bubblewrap sandbox", None, 1.0)


def test_counts_mean_and_distribution(tmp_path):
    s = summarize(report(tmp_path))
    assert (s.count, s.graded, s.cached, s.unreadable, s.full_marks) == (4, 3, 1, 1, 1)
    assert s.mean == 60 and s.median == 70 and (s.minimum, s.maximum) == (0, 100)
    counts = {lo: n for lo, _, n in s.bins}
    assert counts[0] == 1 and counts[50] == 1 and counts[80] == 1 and counts[90] == 1
    assert sum(counts.values()) == 4
    lines = text(s, report(tmp_path))
    assert "mean 60.0" in lines and "1 unreadable" in lines


def test_the_histogram_and_summary_files_are_written(tmp_path):
    write_summary(report(tmp_path))
    assert (tmp_path / "scores.png").read_bytes()[:4] == b"\x89PNG"
    assert '"mean": 60.0' in (tmp_path / "summary.json").read_text()


def test_per_function_share_right_and_common_mistakes(tmp_path):
    rows = [
        Row("a", 100, 100, "graded", by_function={"f": [6, 6], "g": [4, 4]}),
        Row("b", 94, 100, "graded", by_function={"f": [0, 6], "g": [4, 4]}, mistakes={"f": ["a missing 1/m"]}),
        Row(
            "c",
            90,
            100,
            "graded",
            by_function={"f": [2, 6], "g": [0, 4]},
            mistakes={"f": ["a missing 1/m"], "g": ["forgetting b"]},
        ),
        Row("d", 0, 100, "unreadable"),
    ]
    batch = BatchReport("deep_network", tmp_path, rows, "bubblewrap sandbox", None, 1.0)
    s = write_summary(batch)
    f, g = s.functions
    assert (f.name, f.submissions, f.fully_right, f.mistakes) == ("f", 3, 1, [("a missing 1/m", 2)])
    assert (g.fully_right, g.mistakes) == (2, [("forgetting b", 1)])
    assert "a missing 1/m (2)" in text(s, batch) and " 33.3% of 3" in text(s, batch)
    data = json.loads((tmp_path / "summary.json").read_text())
    assert data["functions"][0]["mistakes"] == [{"mistake": "a missing 1/m", "submissions": 2}]
    assert data["functions"][1]["share_right"] == round(2 / 3, 4)
    assert (tmp_path / "functions.png").read_bytes()[:4] == b"\x89PNG"


def test_recognised_mistakes_are_read_from_the_failed_tests_feedback():
    tests = [
        {
            "tags": ["propagate"],
            "status": "failed",
            "output": "db is not right. This is exactly what a missing 1/m gives.",
        },
        {"tags": ["propagate"], "status": "failed", "output": "dw: This is exactly what a missing 1/m gives."},
        {"tags": ["predict"], "status": "passed", "output": "This is exactly what forgetting b gives."},
    ]
    assert recognised_mistakes(tests) == {"propagate": ["a missing 1/m"]}
