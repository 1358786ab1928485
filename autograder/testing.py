"""How a hidden test is written.

A hidden test is an ordinary pytest function in ``autograder/hidden/test_<assignment>.py``
that takes two arguments::

    @graded(points=4, function="sigmoid")
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

Fairness rules the runner (autograder/runner.py) applies, declared here:

- **One function per test.** ``function`` is the one graded function a test grades;
  its points count towards that function's grade cell (``test_<function>``) in
  nbgrader's gradebook, and it is the test's only tag.
- **Each mistake costs points once.** A module may declare ``CALLS = {"caller":
  ("callee", ...)}``: the graded functions a graded function calls. While a test of
  the caller runs, each callee is replaced, in the student's namespace, by a stand-in
  that forwards its calls (data only) to the reference on the trusted side and stops
  answering when the test ends; so a caller is graded as if its callees were right.
- **Nothing for code that computes nothing.** ``structure=True`` marks a test that
  checks only the form of a result (keys, shapes, a cache's layout, a type), which
  code that ignores its inputs can pass. Such a test counts only when at least one
  of the function's value tests passed; every function has at least one value test.
"""

from __future__ import annotations

from collections.abc import Callable
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
    function: str
    structure: bool = False  # checks only the form of a result (see the module's docstring)

    @property
    def primary(self) -> str:
        return self.function

    @property
    def functions(self) -> tuple[str, ...]:
        """The test's tags: its one graded function."""
        return (self.function,)


def graded(points: float, function: str, *, structure: bool = False) -> Callable[[TestFunction], TestFunction]:
    """Mark a hidden test with its points and the one graded function it grades."""
    if points <= 0 or not isinstance(function, str) or not function:
        raise ValueError("a graded test needs positive points and the name of one graded function")

    def mark(test: TestFunction) -> TestFunction:
        test.__graded__ = Graded(float(points), function, structure)  # type: ignore[attr-defined]
        return test

    return mark


def calls_of(module: Any) -> dict[str, tuple[str, ...]]:
    """The module's ``CALLS``: for each graded function, the graded functions it calls."""
    return {str(k): tuple(v) for k, v in getattr(module, "CALLS", {}).items()}


def graded_tests(module: Any) -> list[tuple[str, TestFunction, Graded]]:
    """The graded tests of a hidden-test module, in definition order."""
    tests = [
        (name, obj, obj.__graded__)
        for name, obj in vars(module).items()
        if name.startswith("test_") and callable(obj) and hasattr(obj, "__graded__")
    ]
    return sorted(tests, key=lambda t: t[1].__code__.co_firstlineno)
