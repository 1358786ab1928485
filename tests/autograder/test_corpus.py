"""A corpus of independently written submissions, graded with verdicts checked by hand.

Each file under ``fixtures/corpus/<assignment>/`` is a public implementation of one of the classic
exercises, adapted to this course's graded API with the smallest changes (its header names the
source and the changes), or one written for the corpus: one mistake in a helper, or harmless types.
Its header gives, for every graded function it defines, a verdict of that function on its own,
judged against the contract (docs/graded-api.md)::

    # Verdicts (each function on its own, against the contract):
    #   propagate: wrong: dw = X (A - Y)^T without the 1/m
    #   optimize: right

The header is the one source of the verdicts. A fair grader gives a "right" function full points,
whatever the other functions of the file do (a caller is graded with the reference versions of the
graded functions it calls), and a "wrong" one fewer than full points.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from autograder.config import default_limits
from autograder.grading import grade_batch

from .conftest import FIXTURES, NUMPY_ASSIGNMENTS, earned, fast_config, results_of

CORPUS = FIXTURES / "corpus"
ASSIGNMENTS = NUMPY_ASSIGNMENTS
_VERDICT = re.compile(r"^#\s+(\w+): (right|wrong)\b:?\s*(.*)$")


def verdicts(path: Path) -> dict[str, tuple[str, str]]:
    """{function: ("right" or "wrong", the reason)} from the header of a corpus file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Verdicts"))
    found = {}
    for line in lines[start + 1 :]:
        if not line.startswith("#"):
            break
        match = _VERDICT.match(line)
        if match:
            found[match.group(1)] = (match.group(2), match.group(3))
    return found


def files(assignment: str) -> list[Path]:
    return sorted((CORPUS / assignment).glob("*.py"))


CASES = [
    pytest.param(a, path.stem, function, verdict, why, id=f"{a}/{path.stem}/{function}")
    for a in ASSIGNMENTS
    for path in files(a)
    for function, (verdict, why) in verdicts(path).items()
]


def test_the_corpus_is_large_and_varied():
    counts = {a: len(files(a)) for a in ASSIGNMENTS}
    assert sum(counts.values()) >= 40, counts
    assert min(counts.values()) >= 4, counts
    for a in ASSIGNMENTS:
        public = [p for p in files(a) if not p.stem.startswith("own_")]
        assert public, f"{a} has no public implementation"
        for path in files(a):
            header = path.read_text(encoding="utf-8")
            assert header.startswith("# Source: "), path
            found = verdicts(path)
            assert found, f"{path} has no verdicts"
            # every verdict names a function the file defines, and every wrong one says why
            defined = set(re.findall(r"^def (\w+)", header, flags=re.M))
            assert set(found) <= defined, (path.name, set(found) - defined)
            assert all(why for verdict, why in found.values() if verdict == "wrong"), path.name
    one_mistake = [p for a in ASSIGNMENTS for p in files(a) if _wrong_count(p) == 1 and p.stem.startswith("own_")]
    assert len(one_mistake) >= 6, [p.name for p in one_mistake]


def _wrong_count(path: Path) -> int:
    return sum(verdict == "wrong" for verdict, _ in verdicts(path).values())


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The results of every corpus file, one grade_batch per assignment, graded on first use."""
    cache: dict[str, Path] = {}

    def results(assignment: str, name: str) -> dict:
        if assignment not in cache:
            out = tmp_path_factory.mktemp(assignment) / "out"
            limits = default_limits(assignment)  # the limits students are graded under
            config = fast_config(
                assignment,
                files(assignment),
                out,
                jobs=2,
                test_timeout=limits.test_timeout,
                cell_timeout=limits.cell_timeout,
                cpu_seconds=limits.cpu_seconds,
                submission_seconds=limits.submission_seconds,
            )
            report = grade_batch(config)
            assert sorted(row.id for row in report.rows) == sorted(p.stem for p in files(assignment))
            cache[assignment] = out
        return results_of(cache[assignment], name)

    return results


def _feedback(results: dict, function: str) -> str:
    failed = [
        f"  - {t['name']}: {t['output'].strip()}"
        for t in results["tests"]
        if function in t["tags"][:1] and t["status"] != "passed"
    ]
    return "\n".join(failed) or "  (no failed test)"


@pytest.mark.parametrize("assignment, name, function, verdict, why", CASES)
def test_each_function_gets_the_points_its_verdict_says(graded, assignment, name, function, verdict, why):
    results = graded(assignment, name)
    points = earned(results)
    assert function in points, f"{assignment}/{name}.py: the grader reports no points for {function}"
    got, most = points[function]
    where = f"{assignment}/{name}.py, {function}"
    if verdict == "right":
        assert got == most, (
            f"{where} is right{' (' + why.strip('()') + ')' if why else ''}, but it earned {got:g} of "
            f"{most:g} points. Feedback:\n{_feedback(results, function)}"
        )
    else:
        assert got < most, f"{where} is wrong ({why}), but it earned full points ({got:g} of {most:g})."
