"""Run an assignment's hidden tests against one student and collect their outcomes."""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from dataclasses import dataclass, replace
from typing import Any

from . import paths
from .reference import load_reference
from .testing import Graded, calls_of, graded_tests


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
STRUCTURE_ONLY = (
    "This test checks only the form of {function}'s result (keys, shapes, layout), which code "
    "that ignores its inputs can also get right; it counts once one of {function}'s value tests passes."
)


def _run_one(student: Any, reference: Any, name: str, test: Any, meta: Graded, standins: dict[str, Any]) -> TestOutcome:
    """One test, with ``standins`` (callee name -> reference function) in place of the
    student's callees for its length."""
    begin = getattr(student, "begin_test", None)
    end = getattr(student, "end_test", None)
    if begin is not None:
        begin(name, standins)
    title = test_title(name, test)
    try:
        test(student, reference)
    except AssertionError as exc:
        message = str(exc) or "A check of this test failed."
        return TestOutcome(title, 0.0, meta.points, meta.functions, message)
    except Exception as exc:  # a bug in the test, or a result it did not expect
        return TestOutcome(title, 0.0, meta.points, meta.functions, GRADER_ERROR.format(kind=type(exc).__name__))
    finally:
        if end is not None:
            end(name)
    return TestOutcome(title, meta.points, meta.points, meta.functions, "")


def _names(functions: list[str]) -> str:
    quoted = [f"`{f}`" for f in functions]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]


def _callees_first(functions: list[str], calls: dict[str, tuple[str, ...]]) -> list[str]:
    """``functions`` in an order where each comes after the graded functions it calls
    (definition order otherwise), so that a caller's tests know how its callees did."""
    done: list[str] = []

    def visit(function: str, path: tuple[str, ...]) -> None:
        if function in done or function in path or function not in functions:
            return
        for callee in calls.get(function, ()):
            visit(callee, (*path, function))
        done.append(function)

    for function in functions:
        visit(function, ())
    return done


def run_tests(assignment: str, student: Any, only: str | None = None, reference: Any = None) -> list[TestOutcome]:
    """Every hidden test of ``assignment`` (or those of the graded function ``only``).

    ``student`` may have ``begin_test(name, standins)`` and ``end_test(name)`` hooks (the
    sandboxed student starts each test's clock there and forwards the stand-ins' calls).
    ``reference`` defaults to the solution notebook's functions (the grader passes them
    remembered: autograder/memo.py). The fairness rules of autograder/testing.py apply.

    A caller's test runs with the reference in place of those of its callees that failed
    a test of their own (or broke with their own callees); otherwise with the student's
    own callees, and again with the reference's for all of them when that fails (a
    callee can pass its tests and still break its caller). So a caller's grade depends
    on the caller alone, and a right submission makes no call across the sandbox's
    boundary."""
    if reference is None:
        reference = load_reference(assignment)
    module = hidden_module(assignment)
    calls = calls_of(module)
    tests = [t for t in graded_tests(module) if only is None or t[2].function == only]
    by_function: dict[str, list[int]] = {}
    for i, (_, _, meta) in enumerate(tests):
        by_function.setdefault(meta.function, []).append(i)
    outcomes: dict[int, TestOutcome] = {}
    # function -> the functions with a mistake that make the student's own version of it
    # fail: itself when it failed a test, else the callees' mistakes it does not survive
    roots: dict[str, set[str]] = {}
    for function in _callees_first(list(by_function), calls):
        callees = calls.get(function, ())
        standins = {callee: getattr(reference, callee) for callee in callees}
        broken = [callee for callee in callees if callee in roots]
        causes = sorted(set().union(*(roots[callee] for callee in broken)))
        # only the callees with a mistake are replaced: every stand-in call crosses the
        # sandbox's boundary, and a training loop makes thousands
        replaced = {callee: standins[callee] for callee in broken}
        for i in by_function[function]:
            name, test, meta = tests[i]
            if broken:
                outcome = _run_one(student, reference, name, test, meta, replaced)
            else:
                outcome = _run_one(student, reference, name, test, meta, {})
                if not outcome.passed and standins:
                    helped = _run_one(student, reference, name, test, meta, standins)
                    if helped.passed:
                        roots[function] = set(callees)
                        helped = replace(
                            helped,
                            output=(
                                f"Your `{function}` passes this test with the reference's {_names(list(callees))}, "
                                f"not with your own ({outcome.output.rstrip('.')}): your {_names(list(callees))} "
                                "passed its own tests, but not as this function calls it."
                            ),
                        )
                    outcome = helped
            outcomes[i] = outcome
        mine = by_function[function]
        if not any(outcomes[i].passed for i in mine if not tests[i][2].structure):
            for i in mine:
                if tests[i][2].structure and outcomes[i].passed:
                    outcomes[i] = replace(outcomes[i], score=0.0, output=STRUCTURE_ONLY.format(function=function))
        if broken and all(outcomes[i].passed for i in mine):
            # right with the reference callees: does the student's own callee break it?
            for i in mine:
                name, test, meta = tests[i]
                alone = _run_one(student, reference, name, test, meta, {})
                if not alone.passed:
                    roots[function] = set(causes)
                    via = "" if causes == sorted(broken) else f" (through your {_names(broken)})"
                    outcomes[mine[0]] = replace(
                        outcomes[mine[0]],
                        output=(
                            f"Your `{function}` is right. With your own {_names(causes)}{via} it fails "
                            f"({alone.output.rstrip('.')}): fix {'that one' if len(causes) == 1 else 'those'} first."
                        ),
                    )
                    break
        if any(not outcomes[i].passed for i in mine):
            roots[function] = {function}
    return [outcomes[i] for i in range(len(tests))]
