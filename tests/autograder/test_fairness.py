"""The runner's fairness rules (autograder/testing.py), on a small hidden-test module:
a mistake costs points once, in the function that has it; structure tests count only
beside a right value; and the feedback says when the student's own callee breaks a
right caller."""

from __future__ import annotations

import types

import pytest

from autograder import runner
from autograder.student import NamespaceStudent
from autograder.testing import Mismatch, graded

from .conftest import NUMPY_ASSIGNMENTS


def _hidden_module() -> types.ModuleType:
    module = types.ModuleType("fake_hidden")

    @graded(points=4, function="inner")
    def test_inner_doubles(student, reference):
        if student.inner(3) != reference.inner(3):
            raise Mismatch("inner(3) is not right.")

    @graded(points=6, function="outer")
    def test_outer_adds_one_to_inner(student, reference):
        if student.outer(5) != reference.outer(5):
            raise Mismatch("outer(5) is not right.")

    @graded(points=2, function="outer", structure=True)
    def test_outer_returns_an_int(student, reference):
        if not isinstance(student.outer(5), int):
            raise Mismatch("outer(5) should be an int.")

    module.CALLS = {"outer": ("inner",)}
    for test in (test_inner_doubles, test_outer_adds_one_to_inner, test_outer_returns_an_int):
        setattr(module, test.__name__, test)
    return module


REFERENCE = types.SimpleNamespace(inner=lambda x: 2 * x, outer=lambda x: REFERENCE.inner(x) + 1)


def grade(monkeypatch, source: str, namespace: dict | None = None) -> dict[str, tuple[float, float, list[str]]]:
    module = _hidden_module()
    monkeypatch.setattr(runner, "hidden_module", lambda assignment: module)
    namespace = {} if namespace is None else namespace
    exec(source, namespace)
    outcomes = runner.run_tests("fake", NamespaceStudent(namespace), reference=REFERENCE)
    points: dict[str, tuple[float, float, list[str]]] = {}
    for o in outcomes:
        got, most, said = points.get(o.tags[0], (0.0, 0.0, []))
        points[o.tags[0]] = (got + o.score, most + o.max_score, [*said, o.output])
    return points


RIGHT_OUTER = "def outer(x):\n    return inner(x) + 1\n"


def test_a_wrong_callee_costs_points_only_where_it_is(monkeypatch):
    points = grade(monkeypatch, "def inner(x):\n    return 3 * x\n" + RIGHT_OUTER)
    assert points["inner"][:2] == (0, 4)
    assert points["outer"][:2] == (8, 8)
    note = " ".join(points["outer"][2])
    assert "Your `outer` is right. With your own `inner` it fails" in note and "fix that one first" in note


def test_a_right_submission_keeps_its_own_callees(monkeypatch):
    namespace: dict = {}
    source = "calls = []\ndef inner(x):\n    calls.append(x)\n    return 2 * x\n" + RIGHT_OUTER
    points = grade(monkeypatch, source, namespace)
    assert all(got == most for got, most, _ in points.values())
    assert not any(any(said) for _, _, said in points.values())
    assert namespace["calls"] == [3, 5, 5]  # inner's own test, then outer's two, through it


def test_a_wrong_caller_loses_its_points_with_a_right_callee(monkeypatch):
    points = grade(monkeypatch, "def inner(x):\n    return 2 * x\ndef outer(x):\n    return inner(x) - 1\n")
    assert points["inner"][:2] == (4, 4)
    assert points["outer"][0] == 0  # its value test failed, so its structure test counts nothing


def test_compensating_mistakes_do_not_make_a_wrong_caller_right(monkeypatch):
    # inner is 1 too small, outer adds 2: together right, each wrong on its own
    points = grade(monkeypatch, "def inner(x):\n    return 2 * x - 1\ndef outer(x):\n    return inner(x) + 2\n")
    assert points["inner"][0] == 0 and points["outer"][0] == 0


def test_code_that_ignores_its_input_gets_nothing_for_the_form_of_its_answer(monkeypatch):
    points = grade(monkeypatch, "def inner(x):\n    return 2 * x\ndef outer(x):\n    return 7\n")
    assert points["outer"][0] == 0
    assert any("counts once one of outer's value tests passes" in said for said in points["outer"][2])


def test_structure_counts_beside_a_right_value(monkeypatch):
    points = grade(monkeypatch, "def inner(x):\n    return 2 * x\ndef outer(x):\n    return float(inner(x) + 1)\n")
    assert points["outer"][:2] == (6, 8)


def test_the_namespace_gets_its_own_functions_back(monkeypatch):
    namespace: dict = {}
    exec("def inner(x):\n    return 3 * x\n" + RIGHT_OUTER, namespace)
    own = namespace["inner"]
    student = NamespaceStudent(namespace)
    student.begin_test("t", {"inner": REFERENCE.inner})
    assert student.outer(1) == 3
    student.end_test("t")
    assert namespace["inner"] is own and student.outer(1) == 4


def test_callees_are_graded_before_their_callers():
    calls = {"c": ("b",), "b": ("a",)}
    assert runner._callees_first(["c", "b", "a", "d"], calls) == ["a", "b", "c", "d"]


@pytest.mark.parametrize("assignment", NUMPY_ASSIGNMENTS)
def test_every_function_has_a_value_test_and_calls_name_graded_functions(assignment):
    from autograder.testing import calls_of, graded_tests

    module = runner.hidden_module(assignment)
    metas = [meta for _, _, meta in graded_tests(module)]
    functions = {meta.function for meta in metas}
    for function in functions:
        assert any(m.function == function and not m.structure for m in metas), function
    for caller, callees in calls_of(module).items():
        assert caller in functions and set(callees) <= functions, (caller, callees)
