"""The instructors' per-function report: shares fully right from results.json,
mistakes from summary.json when the grader counts them, plots inlined."""

from __future__ import annotations

import json
import re

import pytest

from autograder.report_html import PAGE, collect, write_report
from autograder.results import write_submission


def results(ident, by_function):
    return {
        "score": sum(e for e, _ in by_function.values()),
        "output": "",
        "tests": [],
        "extra_data": {"id": ident, "assignment": "deep_network", "max_score": 30, "by_function": by_function},
    }


def test_shares_mistakes_and_plots(tmp_path):
    write_submission(tmp_path / "a", results("a", {"f": [10, 10], "g": [20, 20]}))
    write_submission(tmp_path / "b", results("b", {"f": [4, 10], "g": [20, 20]}))
    write_submission(tmp_path / "c", results("c", {"f": [0, 10], "g": [5, 20]}))
    summary = {"functions": {"f": {"mistakes": {"a missing 1/m": 2, "transposed W": 1}}}}
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    assignment, stats, scores, most = collect(tmp_path)
    assert assignment == "deep_network" and sorted(scores) == [5, 24, 30] and most == 30
    f, g = stats
    assert (f.fully_right, f.submissions, g.fully_right) == (1, 3, 2)
    assert f.mistakes == [("a missing 1/m", 2), ("transposed W", 1)] and g.mistakes == []
    assert f.mean_points == pytest.approx(14 / 3)
    page = write_report(tmp_path).read_text()
    assert "1 / 3 (33%)" in page and "2 / 3 (67%)" in page and "a missing 1/m (2)" in page
    assert page.count('src="data:image/png;base64,') == 2
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", page)


def test_mistakes_as_a_list_and_an_empty_folder(tmp_path):
    write_submission(tmp_path / "a", results("a", {"f": [0, 10]}))
    # the shape autograder/summary.py writes
    listed = {"functions": [{"name": "f", "share_right": 0.0, "mistakes": [{"mistake": "zeros", "submissions": 1}]}]}
    (tmp_path / "summary.json").write_text(json.dumps(listed))
    assert collect(tmp_path)[1][0].mistakes == [("zeros", 1)]
    assert (tmp_path / PAGE).exists() is False
    with pytest.raises(ValueError, match="no results.json"):
        write_report(tmp_path / "a")
