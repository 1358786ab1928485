"""The end-of-batch summary: counts, mean, distribution, histogram."""

from __future__ import annotations

from pathlib import Path

from autograder.grading import BatchReport, Row
from autograder.summary import summarize, text, write_summary


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
