"""Where the course's parts live, relative to the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOLUTIONS = ROOT / "solutions"
RELEASE = ROOT / "assignments"
HIDDEN = Path(__file__).resolve().parent / "hidden"


def assignments() -> list[str]:
    """Every assignment the grader knows: those with hidden tests."""
    return sorted(p.stem.removeprefix("test_") for p in HIDDEN.glob("test_*.py"))


def source_notebook(assignment: str) -> Path:
    return SOLUTIONS / assignment / f"{assignment}.ipynb"
