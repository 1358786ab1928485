"""Hidden tests run inside a notebook, for nbgrader's own ``autograde``.

A source notebook's test cell ends with a hidden block::

    ### BEGIN HIDDEN TESTS
    from autograder.inline import run_hidden_tests
    run_hidden_tests("logistic_regression", "sigmoid", globals())
    ### END HIDDEN TESTS

nbgrader strips it from the release and puts it back when it autogrades, so
``nbgrader autograde`` grades with the same hidden tests (all or nothing per cell,
in the student's own kernel, without the sandbox). nbval runs it on the solution
notebooks, which checks that the hidden tests pass on the reference.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .runner import run_tests
from .student import NamespaceStudent


def run_hidden_tests(assignment: str, function: str, namespace: Mapping[str, Any]) -> None:
    outcomes = run_tests(assignment, NamespaceStudent(namespace, assignment), only=function)
    if not outcomes:
        raise LookupError(f"no hidden tests for {assignment}.{function}")
    failed = [o for o in outcomes if not o.passed]
    if failed:
        raise AssertionError("\n".join(f"{o.name}: {o.output}" for o in failed))
    print(f"{function}: {len(outcomes)} hidden tests passed")
