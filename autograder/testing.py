"""How a hidden test is written.

A hidden test is an ordinary pytest function in ``autograder/hidden/test_<assignment>.py``
that takes two arguments::

    @graded(points=4, functions=["sigmoid"])
    def test_sigmoid_on_random_arrays(student, reference):
        z = np.random.default_rng(0).standard_normal((3, 5))
        check_array("sigmoid(z) for z of shape (3, 5)", student.sigmoid(z), reference.sigmoid(z))

``student.f(...)`` calls the student's ``f`` (in the grader, in a sandboxed worker;
arguments and results are copied as plain data, so a test reads results from the
return value only, and an ``rng`` argument is passed as its state: the caller's
generator does not advance). ``reference`` holds the instructor's solution
functions. A test fails by raising ``Mismatch``/``AssertionError``, whose message
is the student's feedback: it says what is wrong and where, never the expected
value of a hidden case (the ``check_*`` helpers are called with ``reveal=False``).
``functions[0]`` is the test's primary function: its points count towards that
function's grade cell (``test_<function>``) in nbgrader's gradebook.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from dlcourse.compare import (  # noqa: F401  (re-exported for hidden tests)
    Mismatch,
    as_float,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
    close,
    number_in,
)

TestFunction = Callable[[Any, Any], None]


@dataclass(frozen=True)
class Graded:
    points: float
    functions: tuple[str, ...]

    @property
    def primary(self) -> str:
        return self.functions[0]


def graded(points: float, functions: Sequence[str]) -> Callable[[TestFunction], TestFunction]:
    """Mark a hidden test with its points and the graded functions it exercises."""
    if points <= 0 or not functions:
        raise ValueError("a graded test needs positive points and at least one function")

    def mark(test: TestFunction) -> TestFunction:
        test.__graded__ = Graded(float(points), tuple(functions))  # type: ignore[attr-defined]
        return test

    return mark


def graded_tests(module: Any) -> list[tuple[str, TestFunction, Graded]]:
    """The graded tests of a hidden-test module, in definition order."""
    tests = [
        (name, obj, obj.__graded__)
        for name, obj in vars(module).items()
        if name.startswith("test_") and callable(obj) and hasattr(obj, "__graded__")
    ]
    return sorted(tests, key=lambda t: t[1].__code__.co_firstlineno)
