"""Run an assignment's hidden tests against one student and collect their outcomes."""

from __future__ import annotations

import importlib
import types
from dataclasses import dataclass
from typing import Any

from .reference import load_reference
from .testing import graded_tests


@dataclass(frozen=True)
class TestOutcome:
    name: str
    score: float
    max_score: float
    tags: tuple[str, ...]
    output: str

    @property
    def passed(self) -> bool:
        return self.score == self.max_score


def hidden_module(assignment: str) -> types.ModuleType:
    return importlib.import_module(f"autograder.hidden.test_{assignment}")


def test_title(name: str, test: Any) -> str:
    doc = (test.__doc__ or "").strip().splitlines()
    return doc[0] if doc else name.removeprefix("test_").replace("_", " ")


def run_tests(assignment: str, student: Any, only: str | None = None) -> list[TestOutcome]:
    """Every hidden test of ``assignment`` (or those whose primary function is ``only``)."""
    reference = load_reference(assignment)
    outcomes = []
    for name, test, meta in graded_tests(hidden_module(assignment)):
        if only is not None and meta.primary != only:
            continue
        begin = getattr(student, "begin_test", None)
        if begin is not None:
            begin(name)
        try:
            test(student, reference)
        except AssertionError as exc:
            message = str(exc) or "A check of this test failed."
            outcomes.append(TestOutcome(test_title(name, test), 0.0, meta.points, meta.functions, message))
            continue
        except Exception as exc:  # a bug in the test itself, never the student's fault to read
            message = f"The grader could not run this test ({type(exc).__name__}); tell your instructor."
            outcomes.append(TestOutcome(test_title(name, test), 0.0, meta.points, meta.functions, message))
            continue
        outcomes.append(TestOutcome(test_title(name, test), meta.points, meta.points, meta.functions, ""))
    return outcomes
