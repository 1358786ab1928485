"""Grading submissions of the logistic_regression assignment end to end: correct ones
written differently get full marks; buggy ones lose points on the right functions,
with the mistake named; notebooks are graded whatever their students did to the cells."""

from __future__ import annotations

import copy
import json

import pytest

from autograder.config import default_limits
from autograder.grading import grade_batch
from autograder.results import read_results

from .conftest import (
    earned,
    fast_config,
    filled_notebook,
    fixture_source,
    full,
    mutate,
    results_of,
    write_notebook,
)

A = "logistic_regression"
FUNCTIONS = ["sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict"]


@pytest.fixture(scope="module")
def correct_batch(tmp_path_factory):
    """The correct fixtures, written differently, graded in one batch."""
    folder = tmp_path_factory.mktemp("correct")
    files = []
    for name in ("correct_vectorized", "correct_loops", "correct_einsum", "correct_float32_inputs"):
        path = folder / f"{name}.py"
        path.write_text(fixture_source(f"{name}.py"))
        files.append(path)
    out = folder / "out"
    report = grade_batch(fast_config(A, files, out))
    return report, out


def test_correct_submissions_written_differently_get_full_marks(correct_batch):
    report, out = correct_batch
    assert len(report.rows) == 4
    for row in report.rows:
        results = results_of(out, row.id)
        failed = [f"{t['name']}: {t['output']}" for t in results["tests"] if t["status"] != "passed"]
        assert row.score == row.max_score == 100, (row.id, failed)
        assert results["score"] == 100 and results["extra_data"]["max_score"] == 100


def test_results_follow_the_gradescope_format(correct_batch):
    _, out = correct_batch
    results = results_of(out, "correct_loops")
    assert set(results) >= {"score", "tests", "output", "extra_data"}
    assert sum(t["max_score"] for t in results["tests"]) == 100
    for test in results["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "tags", "output"}
        assert test["status"] in ("passed", "failed")
        assert test["tags"] and set(test["tags"]) <= set(FUNCTIONS)
    assert set(results["extra_data"]["by_function"]) == set(FUNCTIONS)
    lines = (out / "grades.csv").read_text().splitlines()
    assert lines[0] == "id,score,max_score,status,late_penalty,override" and len(lines) == 5
    assert "correct_loops,100,100,graded,0," in lines


BUGS = [
    # (description, old, new, the function that loses points, the mistake its feedback names)
    ("missing 1/m", "dw = X @ dZ.T / m", "dw = X @ dZ.T", "propagate", "a missing 1/m"),
    ("sign of dZ", "dZ = A - Y", "dZ = Y - A", "propagate", "Y - A instead of A - Y"),
    ("exp(z)", "1 / (1 + np.exp(-z))", "1 / (1 + np.exp(z))", "sigmoid", "exp(z) instead of exp(-z)"),
    (
        "costs every iteration",
        "        if i % 100 == 0:\n            costs.append(cost)",
        "        costs.append(cost)",
        "optimize",
        "recorded the cost more often",
    ),
    (
        "probabilities",
        "    return (A > 0.5).astype(np.float64)",
        "    return A",
        "predict",
        "returning the probabilities A instead of 0/1 labels",
    ),
]
# Types the contract's words do not name but that are as good: they cost nothing.
HARMLESS = [
    ("integer bias", "b = 0.0", "b = 0"),
    ("bool predictions", "return (A > 0.5).astype(np.float64)", "return A > 0.5"),
    ("int predictions", "return (A > 0.5).astype(np.float64)", "return (A > 0.5).astype(int)"),
    (
        "NumPy scalars",
        'return {"dw": dw, "db": float(db)}, float(cost)',
        'return {"dw": dw, "db": np.float64(db)}, np.asarray(cost)',
    ),
]


@pytest.fixture(scope="module")
def buggy_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("buggy")
    base = fixture_source("correct_vectorized.py")
    files = []
    for i, (_, old, new, _, _) in enumerate(BUGS):
        path = folder / f"bug{i}.py"
        path.write_text(mutate(base, old, new))
        files.append(path)
    for i, (_, old, new) in enumerate(HARMLESS):
        path = folder / f"harmless{i}.py"
        path.write_text(mutate(base, old, new))
        files.append(path)
    out = folder / "out"
    # no hostile code here: the default time limit of a test, not FAST's, for the callers
    # graded through the reference's stand-ins (a call across the sandbox per iteration)
    grade_batch(fast_config(A, files, out, test_timeout=default_limits(A).test_timeout))
    return out


@pytest.mark.parametrize("i", range(len(BUGS)), ids=[b[0] for b in BUGS])
def test_buggy_submissions_lose_points_on_the_right_function_with_the_mistake_named(buggy_batch, i):
    _, _, _, broken, mistake = BUGS[i]
    results = results_of(buggy_batch, f"bug{i}")
    points = earned(results)
    assert points[broken][0] < points[broken][1], points
    for function in set(FUNCTIONS) - {broken}:  # the functions that call it are graded as if it were right
        assert full(results, function), (function, points)
    messages = [t["output"] for t in results["tests"] if t["tags"][0] == broken and t["status"] == "failed"]
    assert any(mistake in m for m in messages), messages


@pytest.mark.parametrize("i", range(len(HARMLESS)), ids=[h[0] for h in HARMLESS])
def test_harmless_types_cost_nothing(buggy_batch, i):
    results = results_of(buggy_batch, f"harmless{i}")
    assert results["score"] == 100, [t["output"] for t in results["tests"] if t["status"] == "failed"]


def test_feedback_is_readable_escaped_and_reveals_no_expected_values(buggy_batch):
    html = (buggy_batch / "bug0" / "feedback.html").read_text()
    assert html.startswith("<!DOCTYPE html>") and "propagate" in html and "a missing 1/m" in html
    for i in range(len(BUGS)):
        for test in results_of(buggy_batch, f"bug{i}")["tests"]:
            # dlcourse.compare writes "... but it should be <value>" only with reveal=True
            assert "but it should be" not in test["output"], test["output"]
            assert "def test_" not in test["output"] and "reference." not in test["output"]
    assert "def test_" not in html and "check_array(" not in html


def notebook_variants(base_nb: dict) -> dict[str, dict]:
    """What students do to notebooks: reorder, duplicate, delete cells, add their own."""
    cells = base_nb["cells"]

    def with_cells(new_cells: list) -> dict:
        nb = copy.deepcopy(base_nb)
        nb["cells"] = copy.deepcopy(new_cells)
        return nb

    def grade_id(cell: dict) -> str | None:
        return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")

    solution = [c for c in cells if c.get("metadata", {}).get("nbgrader", {}).get("solution")]
    by_id = {grade_id(c): c for c in cells}
    # the student's own cell (no metadata) now holds predict; its solution cell is gone
    own = {
        "cell_type": "code",
        "metadata": {},
        "source": by_id["predict"]["source"],
        "outputs": [],
        "execution_count": None,
    }
    broken = copy.deepcopy(by_id["sigmoid"])
    broken["source"] = "raise ValueError('a cell that fails')\n"
    return {
        "plain": with_cells(cells),
        "reversed": with_cells([c for c in cells if c not in solution] + solution[::-1]),
        "duplicated": with_cells(cells + solution),
        "moved_to_own_cell": with_cells([c for c in cells if grade_id(c) != "predict"] + [own]),
        "failing_cell_first": with_cells([broken] + cells),
    }


@pytest.fixture(scope="module")
def notebook_batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("notebooks")
    base = filled_notebook(A, fixture_source("correct_vectorized.py"))
    files = [write_notebook(folder / f"{k}.ipynb", nb) for k, nb in notebook_variants(base).items()]
    out = folder / "out"
    grade_batch(fast_config(A, files, out))
    return out


@pytest.mark.parametrize("variant", ["plain", "reversed", "duplicated", "moved_to_own_cell", "failing_cell_first"])
def test_notebooks_are_graded_by_function_name_whatever_happened_to_their_cells(notebook_batch, variant):
    results = results_of(notebook_batch, variant)
    assert results["score"] == 100, [t["output"] for t in results["tests"] if t["status"] == "failed"]
    if variant == "failing_cell_first":
        assert "ValueError: a cell that fails" in results["output"]


def test_the_release_as_handed_out_gets_zero_with_a_clear_message(tmp_path):
    from .conftest import release_notebook

    path = write_notebook(tmp_path / "untouched.ipynb", release_notebook(A))
    grade_batch(fast_config(A, [path], tmp_path / "out", jobs=1))
    results = results_of(tmp_path / "out", "untouched")
    assert results["score"] == 0
    assert all("NotImplementedError" in t["output"] for t in results["tests"]), results["tests"][0]


def test_a_deep_network_submission_as_a_python_file(tmp_path):
    path = tmp_path / "deep.py"
    path.write_text(fixture_source("correct.py", "deep_network"))
    grade_batch(fast_config("deep_network", [path], tmp_path / "out", jobs=1))
    results = results_of(tmp_path / "out", "deep")
    assert results["score"] == 100, [t["output"] for t in results["tests"] if t["status"] == "failed"]
    assert json.loads((tmp_path / "out" / "summary.json").read_text())["count"] == 1
    assert read_results(tmp_path / "out" / "deep" / "results.json") is not None
