"""assignments/ is exactly what `nbgrader generate_assignment` makes of solutions/, and
it carries no solution code and no hidden tests."""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from autograder.paths import RELEASE, ROOT, SOLUTIONS

NAMES = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
IGNORED = {"__pycache__", ".ipynb_checkpoints"}


def files(folder: Path) -> set[str]:
    return {
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.is_file() and not IGNORED & set(p.relative_to(folder).parts)
    }


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> Path:
    course = tmp_path_factory.mktemp("course")
    shutil.copy(ROOT / "nbgrader_config.py", course)
    shutil.copytree(SOLUTIONS, course / "solutions", ignore=shutil.ignore_patterns(*IGNORED))
    nbgrader = Path(sys.executable).with_name("nbgrader")
    env = {**os.environ, "PATH": f"{nbgrader.parent}{os.pathsep}{os.environ.get('PATH', '')}"}  # for alembic
    for name in NAMES:
        subprocess.run(
            [str(nbgrader), "generate_assignment", name, "--log-level=ERROR"],
            cwd=course,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        )
    return course / "assignments"


@pytest.mark.parametrize("name", NAMES)
def test_committed_release_matches_a_fresh_generate_assignment(regenerated, name):
    fresh, committed = regenerated / name, RELEASE / name
    assert committed.is_dir(), f"assignments/{name} is missing: run `make release`"
    assert files(fresh) == files(committed), f"assignments/{name}: files differ; run `make release`"
    for rel in files(fresh):
        if rel.endswith(".ipynb"):
            same = nbformat.read(fresh / rel, 4) == nbformat.read(committed / rel, 4)
        else:
            same = filecmp.cmp(fresh / rel, committed / rel, shallow=False)
        assert same, f"assignments/{name}/{rel} is stale: run `make release`"


@pytest.mark.parametrize("name", NAMES)
def test_release_has_no_solutions_or_hidden_tests(name):
    for rel in files(RELEASE / name):
        text = (RELEASE / name / rel).read_text(errors="replace")
        for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "run_hidden_tests", "autograder"):
            assert marker not in text, f"assignments/{name}/{rel} contains {marker!r}"


@pytest.mark.parametrize("name", NAMES)
def test_release_stubs_raise_not_implemented(name):
    nb = nbformat.read(RELEASE / name / f"{name}.ipynb", 4)
    stubs = [c for c in nb.cells if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution")]
    assert stubs, f"{name}: the release has no solution cells"
    for cell in stubs:
        assert "raise NotImplementedError()" in cell.source, cell.metadata.nbgrader.grade_id
