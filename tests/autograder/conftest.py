"""Shared helpers of the grader's tests: short limits, the fixture submissions, and
notebooks built from the released assignment (so no big notebook is committed)."""

from __future__ import annotations

import ast
import copy
import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder import paths
from autograder.config import GradeConfig, Limits, default_limits
from autograder.launcher import sandbox_problem
from autograder.sandboxed import Program, SandboxStudent
from autograder.submissions import python_cells

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).parent / "fixtures"
PYTHON = sys.executable

# Short limits, so that the hostile submissions do not make the suite slow. A test's own
# limit stays the default: right code never waits for it, and a caller graded through the
# reference's stand-ins (a call across the sandbox per training step) needs it on a busy
# machine. Tests of the per-test limit set a short one themselves.
FAST = dict(test_timeout=15.0, cell_timeout=4.0, cpu_seconds=30.0, submission_seconds=120.0)

# The NumPy assignments, whose graded API is docs/graded-api.md.
NUMPY_ASSIGNMENTS = [
    "logistic_regression",
    "shallow_network",
    "deep_network",
    "regularization",
    "optimization",
    "convolution",
    "recurrent",
]

needs_bwrap = pytest.mark.skipif(sandbox_problem() is not None, reason=f"no sandbox: {sandbox_problem()}")
MODES = [pytest.param(True, marks=needs_bwrap, id="bwrap"), pytest.param(False, id="no-sandbox")]


def fast_limits(assignment: str = "logistic_regression", **changes: float) -> Limits:
    return dataclasses.replace(default_limits(assignment), **{**FAST, **changes})


def fast_config(assignment: str, submissions: list[Path], out: Path, **changes: object) -> GradeConfig:
    options = {**FAST, "jobs": 2, "no_db": True, "progress": False, "quiet": True, **changes}
    return GradeConfig(assignment=assignment, submissions=list(submissions), out=out, **options)


def fixture_source(name: str, assignment: str = "logistic_regression") -> str:
    return (FIXTURES / assignment / name).read_text(encoding="utf-8")


def mutate(source: str, old: str, new: str) -> str:
    """``source`` with ``old`` replaced by ``new``; the fixture must contain ``old``."""
    assert old in source, f"the fixture no longer contains {old!r}"
    return source.replace(old, new)


def functions_of(source: str) -> dict[str, str]:
    """The source of every top-level function of a module, by name."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    return {
        node.name: "".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
    }


def release_notebook(assignment: str) -> dict:
    path = paths.release_dir(assignment) / f"{assignment}.ipynb"
    return json.loads(path.read_text(encoding="utf-8"))


def filled_notebook(assignment: str, source: str) -> dict:
    """The released notebook with each solution cell holding the function of the same
    name from ``source`` (a student who did the assignment in the notebook)."""
    nb = copy.deepcopy(release_notebook(assignment))
    functions = functions_of(source)
    for cell in nb["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        if cell.get("metadata", {}).get("nbgrader", {}).get("solution") and grade_id in functions:
            cell["source"] = functions[grade_id]
    return nb


def write_notebook(path: Path, nb: dict) -> Path:
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


def results_of(out: Path, ident: str) -> dict:
    return json.loads((out / ident / "results.json").read_text(encoding="utf-8"))


def earned(results: dict) -> dict[str, tuple[float, float]]:
    """(earned, available) points per primary function."""
    return {k: (v[0], v[1]) for k, v in results["extra_data"]["by_function"].items()}


def full(results: dict, function: str) -> bool:
    got, most = earned(results)[function]
    return got == most


def run_cli(*args: str, cwd: Path = ROOT, env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, "-m", "autograder", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {})},
    )


def student(code: str, sandboxed: bool = True, **limits: float) -> SandboxStudent:
    """A toy submission (``code`` as a .py file) run by a worker, with short limits."""
    program = Program(python_cells(code), "python", module_name="submission")
    return SandboxStudent("toy", program, fast_limits(**limits), sandboxed)


@pytest.fixture
def make():
    """Build toy submissions; their workers are stopped after the test."""
    made = []

    def build(code: str, sandboxed: bool = True, **limits: float) -> SandboxStudent:
        s = student(code, sandboxed, **limits)
        made.append(s)
        return s

    yield build
    for s in made:
        s.close()
