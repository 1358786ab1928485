"""Broken submissions get a result with a score and a message saying what was wrong,
and never stop the batch."""

from __future__ import annotations

import copy
import json

import pytest

from autograder.grading import grade_batch

from .conftest import fast_config, filled_notebook, fixture_source, mutate, results_of

A = "logistic_regression"


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("broken")
    base = fixture_source("correct_vectorized.py")
    good_nb = filled_notebook(A, base)

    def nb_with(change) -> dict:
        nb = copy.deepcopy(good_nb)
        change(nb)
        return nb

    def break_sigmoid(nb: dict) -> None:
        for cell in nb["cells"]:
            if cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") == "sigmoid":
                cell["source"] = "def sigmoid(z)\n    return 1 / (1 + np.exp(-z))\n"

    def huge_output(nb: dict) -> None:
        cell = next(c for c in nb["cells"] if c["cell_type"] == "code")
        cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 20_000_000}]

    def odd_metadata(nb: dict) -> None:
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        code[-1]["metadata"] = {"nbgrader": "mangled", "tags": "setup"}
        code[-2]["metadata"] = "not a dict"
        nb["cells"].append({"cell_type": "code", "metadata": {}, "source": [1, 2], "outputs": []})
        nb["cells"].append("not a cell")

    files = {
        "empty.ipynb": b"",
        "blank.py": b"   \n\n",
        "not_json.ipynb": b'{"cells": [ this is not json',
        "json_list.ipynb": b"[1, 2, 3]",
        "nbformat3.ipynb": json.dumps({"nbformat": 3, "nbformat_minor": 0, "worksheets": []}).encode(),
        "binary.ipynb": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)),
        "nul_bytes.py": base.encode() + b"\x00\x00",
        "latin1.py": "# élève\n".encode("latin-1") + base.encode(),
        "too_big.py": base.encode() + b"#" * (26 * 1024 * 1024),
        "syntax_error.ipynb": json.dumps(nb_with(break_sigmoid)).encode(),
        "missing_function.py": mutate(base, "def predict(", "def _unused(").encode(),
        "renamed_function.py": mutate(base, "def predict(", "def predicts(").encode(),
        "huge_outputs.ipynb": json.dumps(nb_with(huge_output)).encode(),
        "élève ünïcode.py": mutate(base, "def sigmoid(", "def sigmoïd(").encode(),
        "odd_metadata.ipynb": json.dumps(nb_with(odd_metadata)).encode(),
        "good.ipynb": json.dumps(good_nb).encode(),
    }
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    out = folder / "out"
    report = grade_batch(fast_config(A, paths, out, max_file_mb=25))
    return report, out


UNREADABLE = {
    "empty": "the file is empty",
    "blank": "the file is empty",
    "not_json": "not valid notebook JSON",
    "json_list": "JSON but not a Jupyter notebook",
    "nbformat3": "nbformat 3 is not supported",
    "binary": "binary data",
    "nul_bytes": "binary data",
    "latin1": "not UTF-8",
    "too_big": "more than the 25 MiB",
}


def test_every_submission_got_a_result_and_the_batch_went_on(batch):
    report, out = batch
    assert len(report.rows) == 16 and not report.errors
    assert results_of(out, "good")["score"] == 100
    assert len((out / "grades.csv").read_text().splitlines()) == 17


@pytest.mark.parametrize("ident", UNREADABLE)
def test_unreadable_files_score_zero_with_the_reason(batch, ident):
    _, out = batch
    results = results_of(out, ident)
    assert results["score"] == 0 and results["extra_data"]["status"] == "unreadable"
    assert UNREADABLE[ident] in results["output"], results["output"]
    assert results["tests"] and all(t["status"] == "failed" for t in results["tests"])
    assert (out / ident / "feedback.html").is_file()


def test_a_syntax_error_costs_only_its_function(batch):
    _, out = batch
    results = results_of(out, "syntax_error")
    points = results["extra_data"]["by_function"]
    assert points["sigmoid"][0] == 0 and points["initialize_with_zeros"] == [8.0, 8.0]
    assert "SyntaxError" in results["output"]
    sigmoid_tests = [t["output"] for t in results["tests"] if t["tags"][0] == "sigmoid"]
    assert all("did not run" in m and "SyntaxError" in m for m in sigmoid_tests), sigmoid_tests


@pytest.mark.parametrize(
    "ident, function, hint",
    [
        ("missing_function", "predict", "no function named `predict`"),
        ("renamed_function", "predict", "There is a `predicts`"),
        ("élève_ünïcode", "sigmoid", "There is a `sigmoïd`"),
    ],
)
def test_missing_and_renamed_functions_are_named(batch, ident, function, hint):
    _, out = batch
    results = results_of(out, ident)
    messages = [t["output"] for t in results["tests"] if t["tags"][0] == function]
    assert messages and all(hint in m for m in messages), messages
    assert results["extra_data"]["by_function"]["initialize_with_zeros"] == [8.0, 8.0]


@pytest.mark.parametrize("ident", ["huge_outputs", "odd_metadata"])
def test_odd_but_valid_notebooks_are_graded(batch, ident):
    _, out = batch
    results = results_of(out, ident)
    assert results["extra_data"]["status"] == "graded"
    assert results["extra_data"]["by_function"]["propagate"] == [30.0, 30.0]
