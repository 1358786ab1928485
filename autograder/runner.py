"""Run an assignment's hidden tests against one student and collect their outcomes."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from dataclasses import dataclass
from typing import Any

from . import paths
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
    if paths.hidden_dir() == paths.HIDDEN:
        return importlib.import_module(f"autograder.hidden.test_{assignment}")
    name = f"autograder_course_hidden.test_{assignment}"  # another course tree (tests)
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, paths.hidden_file(assignment))
        if spec is None or spec.loader is None:
            raise ModuleNotFoundError(name)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


def test_title(name: str, test: Any) -> str:
    doc = (test.__doc__ or "").strip().splitlines()
    return doc[0] if doc else name.removeprefix("test_").replace("_", " ")


GRADER_ERROR = (
    "The grader could not check this test's result ({kind}). This usually means a function "
    "returned a value of another type or structure than the assignment asks for: compare it "
    "with the assignment's description. If it matches, tell your instructor."
)


def run_tests(assignment: str, student: Any, only: str | None = None, reference: Any = None) -> list[TestOutcome]:
    """Every hidden test of ``assignment`` (or those whose primary function is ``only``).

    ``student`` may have ``begin_test(name)`` and ``end_test(name)`` hooks (the sandboxed
    student starts each test's clock there). ``reference`` defaults to the solution
    notebook's functions (the grader passes them remembered: autograder/memo.py)."""
    if reference is None:
        reference = load_reference(assignment)
    outcomes = []
    begin = getattr(student, "begin_test", None)
    end = getattr(student, "end_test", None)
    for name, test, meta in graded_tests(hidden_module(assignment)):
        if only is not None and meta.primary != only:
            continue
        if begin is not None:
            begin(name)
        title = test_title(name, test)
        try:
            test(student, reference)
        except AssertionError as exc:
            message = str(exc) or "A check of this test failed."
            outcomes.append(TestOutcome(title, 0.0, meta.points, meta.functions, message))
            continue
        except Exception as exc:  # a bug in the test, or a result it did not expect
            message = GRADER_ERROR.format(kind=type(exc).__name__)
            outcomes.append(TestOutcome(title, 0.0, meta.points, meta.functions, message))
            continue
        finally:
            if end is not None:
                end(name)
        outcomes.append(TestOutcome(title, meta.points, meta.points, meta.functions, ""))
    return outcomes
