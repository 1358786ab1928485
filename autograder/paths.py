"""Where the course's parts live, relative to the repository root.

``AUTOGRADER_COURSE_DIR`` points the grader at another course tree with the same
layout (``solutions/``, ``assignments/``, ``autograder/hidden/``); the grader's
own tests use it for small made-up assignments. The grader's code (and what the
sandbox binds: ``dlcourse/``, ``autograder/sandbox/``) always comes from
:data:`CODE_ROOT`.
"""

from __future__ import annotations

import os
from pathlib import Path

CODE_ROOT = Path(__file__).resolve().parent.parent
ROOT = CODE_ROOT
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "assignments"
HIDDEN = Path(__file__).resolve().parent / "hidden"
COURSE_ENV = "AUTOGRADER_COURSE_DIR"


def course_root() -> Path:
    override = os.environ.get(COURSE_ENV)
    return Path(override).resolve() if override else ROOT


def hidden_dir() -> Path:
    root = course_root()
    return HIDDEN if root == ROOT else root / "autograder" / "hidden"


def assignments() -> list[str]:
    """Every assignment the grader knows: those with hidden tests."""
    return sorted(p.stem.removeprefix("test_") for p in hidden_dir().glob("test_*.py"))


def hidden_file(assignment: str) -> Path:
    return hidden_dir() / f"test_{assignment}.py"


def source_notebook(assignment: str) -> Path:
    return course_root() / "solutions" / assignment / f"{assignment}.ipynb"


def release_dir(assignment: str) -> Path:
    return course_root() / "assignments" / assignment


def driver_file(assignment: str) -> Path:
    return CODE_ROOT / "autograder" / "sandbox" / "drivers" / f"{assignment}.py"
