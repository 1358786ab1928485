"""The Gradescope bundle: setup.sh installs the course's environment (checked for
syntax and content: it installs, so it is not run here), and run_autograder, unzipped
from the bundle into a temporary directory laid out like Gradescope's, grades the
upload with the hidden tests into results/results.json."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import pytest

from autograder.exports.gradescope import HERE, bundle

from .conftest import filled_notebook, fixture_source, mutate, write_notebook

A = "logistic_regression"


def test_setup_installs_the_pinned_environment_and_bubblewrap():
    script = (HERE / "setup.sh").read_text()
    assert subprocess.run(["bash", "-n", str(HERE / "setup.sh")]).returncode == 0
    assert subprocess.run(["bash", "-n", str(HERE / "run_autograder")]).returncode == 0
    assert script.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in script
    for needed in ("python3.11", "bubblewrap", "-r requirements.txt", "--no-deps -e .", "-m autograder list"):
        assert needed in script, needed
    assert os.access(HERE / "setup.sh", os.X_OK) and os.access(HERE / "run_autograder", os.X_OK)


@pytest.fixture(scope="module")
def gradescope(tmp_path_factory):
    """/autograder as Gradescope lays it out, with the bundle unzipped into source/."""
    root = tmp_path_factory.mktemp("autograder")
    archive = bundle(A, root / "bundle.zip")
    with zipfile.ZipFile(archive) as zf:
        names = zf.namelist()
        assert {"setup.sh", "run_autograder", "assignment.txt", "requirements.txt"} <= set(names)
        assert f"autograder/hidden/test_{A}.py" in names and f"solutions/{A}/{A}.ipynb" in names
        assert not any(n.startswith(("tests/", "book/", "submitted/")) for n in names)
        assert zf.getinfo("run_autograder").external_attr >> 16 & 0o111
        zf.extractall(root / "source")
    (root / "source" / "run_autograder").chmod(0o755)
    return root


def run_autograder(root, upload: dict[str, object]) -> dict:
    submission, results = root / "submission", root / "results"
    for folder in (submission, results):
        subprocess.run(["rm", "-rf", str(folder)], check=True)
        folder.mkdir()
    for name, content in upload.items():
        path = submission / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, dict):
            write_notebook(path, content)
        else:
            path.write_text(str(content))
    env = {**os.environ, "GRADESCOPE_ROOT": str(root), "COURSE_PYTHON": sys.executable}
    done = subprocess.run(
        [str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    return json.loads((results / "results.json").read_text())


def test_run_autograder_grades_the_upload_with_the_hidden_tests(gradescope):
    base = fixture_source("correct_vectorized.py")
    buggy = filled_notebook(A, mutate(base, "dw = X @ dZ.T / m", "dw = X @ dZ.T"))
    results = run_autograder(gradescope, {"work/notes.txt": "mine", f"work/{A}.ipynb": buggy})
    assert 0 < results["score"] < 100 and sum(t["max_score"] for t in results["tests"]) == 100
    failed = [t for t in results["tests"] if t["status"] == "failed"]
    assert failed and all("propagate" in t["tags"] or "optimize" in t["tags"] for t in failed)
    assert all(set(t) >= {"name", "score", "max_score", "status", "output"} for t in results["tests"])


def test_an_upload_without_a_notebook_says_so(gradescope):
    results = run_autograder(gradescope, {"readme.txt": "oops"})
    assert results["score"] == 0 and "No notebook found" in results["output"]
