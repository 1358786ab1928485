"""Null submissions score 0: code that computes nothing earns nothing.

``fixtures/null/<assignment>.py`` defines every graded function of a NumPy assignment with the
contract's signature, but each answer ignores the inputs: a constant, zeros or ones of the right
shape, the inputs returned unchanged, parameters not updated, a constant cost. Checks of keys,
shapes, caches or types must not pay for such code, and neither may a value test whose input makes
the null answer right by chance (keep_prob = 1, pad = 0, epoch 0).
"""

from __future__ import annotations

import re

import pytest

from autograder.grading import grade_batch

from .conftest import FIXTURES, NUMPY_ASSIGNMENTS, earned, fast_config, results_of

NULL = FIXTURES / "null"
ASSIGNMENTS = NUMPY_ASSIGNMENTS


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The results of every null submission; one grade_batch for each assignment."""
    cache: dict[str, dict] = {}

    def results(assignment: str) -> dict:
        if assignment not in cache:
            out = tmp_path_factory.mktemp(assignment) / "out"
            report = grade_batch(fast_config(assignment, [NULL / f"{assignment}.py"], out, jobs=2))
            [row] = report.rows  # a file named after its assignment takes its folder's name as id
            cache[assignment] = results_of(out, row.id)
        return cache[assignment]

    return results


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_null_submission_defines_every_graded_function(graded, assignment):
    defined = set(re.findall(r"^def (\w+)", (NULL / f"{assignment}.py").read_text(encoding="utf-8"), flags=re.M))
    graded_functions = set(earned(graded(assignment)))
    assert graded_functions and graded_functions <= defined, graded_functions - defined


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_a_null_submission_scores_zero_for_every_function(graded, assignment):
    results = graded(assignment)
    paid = {f: got for f, (got, _) in earned(results).items() if got > 0}
    passed = [f"{t['tags'][0]}: {t['name']}" for t in results["tests"] if t["status"] == "passed"]
    assert not paid, (
        f"null/{assignment}.py computes nothing, but it earned {paid} "
        f"(total {results['score']:g}); the tests that paid:\n  " + "\n  ".join(passed)
    )
