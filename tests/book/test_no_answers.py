"""No chapter of the book solves an assignment.

For every assignment, the top-level definitions of every chapter notebook (functions,
classes, and the imports and constants they use: tests/book/chapter_code.py) are
written out as a ``.py`` submission and graded, all in one batch, by the project's
grader (sandboxed when bubblewrap is there, as ``python -m autograder grade`` does).
Each chapter must score at most ``MAX_SCORE`` of 100.

The same batch proves the harness can fail: the reference solution notebook's
definitions, extracted the same way, must score 100; a submission that defines
nothing must score 0.

Which chapters are graded against which assignment: only those defining at least one
name the assignment's grader can look up. That is sound, not a shortcut: the hidden
tests reach a submission only through ``student.<name>(...)`` and
``student.drive(<driver>, ...)``; ``SandboxStudent._call`` (autograder/sandboxed.py)
raises ``StudentError`` for a ``<name>`` the submission does not define, and a driver
looks its functions up by name in the submission's namespace (autograder/sandbox/
drivers/), raising when they are missing. Both end the test with an error, which
``run_tests`` (autograder/runner.py) scores 0. (The stand-ins of a module's ``CALLS``
replace a graded function's callees while the function's own tests run; the function
itself must still be the submission's.) ``lookup_names`` below collects every name the
hidden test module and the drivers could look up, generously (every graded function,
every ``student.`` attribute, every module-level string constant of the hidden tests,
every literal name a driver looks up); the ``nothing`` submission checks the claim on
every assignment it grades: with no name defined, every test scores 0. It also keeps
the test fast: a chapter that imports TensorFlow is not graded (at ~7 CPU-seconds an
import) against NumPy assignments it shares no name with,
and a TensorFlow assignment that no chapter shares a name with is not graded at all
(``BOOK_GRADE_ALL=1`` grades its reference and the empty submission anyway): the
empty submission of every NumPy assignment exercises the same runner and lookup path.
"""

from __future__ import annotations

import ast
import importlib.util
import os
from pathlib import Path

import pytest

from autograder import paths
from autograder.config import GradeConfig, default_limits
from autograder.grading import grade_batch
from autograder.runner import hidden_module
from autograder.testing import graded_tests
from tests.book.chapter_code import definitions

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
ASSIGNMENTS = sorted(p.name for p in (ROOT / "solutions").iterdir() if (p / f"{p.name}.ipynb").is_file())
MAX_SCORE = 10.0
# TensorFlow assignments cost ~10 CPU-seconds a submission (an import of TensorFlow, and
# the reference's Keras models): one no chapter shares a name with is not graded at all,
# unless BOOK_GRADE_ALL=1 (then its reference and the empty submission are graded too).
GRADE_ALL = os.environ.get("BOOK_GRADE_ALL") == "1"
NOTHING = "nothing"
REFERENCE = "reference"


def _student_attributes(tree: ast.AST) -> set[str]:
    """``X`` of every ``student.X`` (the hidden tests' direct calls)."""
    return {
        n.attr for n in ast.walk(tree)
        if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id == "student"
    } - {"drive", "begin_test", "end_test"}  # fmt: skip


def _module_strings(tree: ast.Module) -> set[str]:
    """Module-level ``NAME = "text"`` constants (the builder names tests pass to drivers)."""
    return {
        n.value.value for n in tree.body
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str)
    }  # fmt: skip


def _driver_lookups(tree: ast.AST) -> set[str]:
    """Literal names the drivers look up: ``student_function(namespace, "name")``,
    ``namespace.get("name")``, ``namespace["name"]``."""
    found = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Call):
            args = [a.value for a in n.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            func = n.func
            if isinstance(func, ast.Name) and func.id == "student_function":
                found |= set(args)
            if isinstance(func, ast.Attribute) and func.attr == "get" and getattr(func.value, "id", "") == "namespace":
                found |= set(args)
        if isinstance(n, ast.Subscript) and getattr(n.value, "id", "") == "namespace":
            if isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str):
                found.add(n.slice.value)
    return found


def _driver_names(path: Path, only: set[str] | None = None) -> set[str]:
    """The lookups of a driver module (or of the functions ``only`` of it, and those they
    call), following the helpers it imports from sibling driver modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    if only is None:
        parts: list[ast.AST] = [tree]
    else:
        todo, seen = list(only & set(functions)), set()
        while todo:
            name = todo.pop()
            seen.add(name)
            calls = [c for c in ast.walk(functions[name]) if isinstance(c, ast.Call)]
            called = {c.func.id for c in calls if isinstance(c.func, ast.Name)}
            todo += [c for c in called & set(functions) if c not in seen]
        parts = [functions[n] for n in seen]
    names = set().union(*(_driver_lookups(part) for part in parts))
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module:
            imported = {a.name for a in node.names}
            names |= _driver_names(path.parent / f"{node.module}.py", imported if only is None else imported & only)
    return names


def lookup_names(assignment: str) -> set[str]:
    """Every name the grader of ``assignment`` can look up in a submission: the graded
    functions, every ``student.X``, the builder names the tests hand to drivers, and the
    names the drivers look up (a superset: not all of them are looked up by every test)."""
    names = {f for _, _, meta in graded_tests(hidden_module(assignment)) for f in meta.functions}
    tree = ast.parse(paths.hidden_file(assignment).read_text(encoding="utf-8"))
    names |= _student_attributes(tree) | _module_strings(tree)
    spec = importlib.util.find_spec(f"autograder.sandbox.drivers.{assignment}")
    if spec is not None and spec.origin:
        names |= _driver_names(Path(spec.origin))
    return {n for n in names if n.isidentifier()}


@pytest.fixture(scope="module")
def chapter_code() -> dict[str, tuple[str, set[str]]]:
    return {p.stem: definitions(p) for p in CHAPTERS}


def test_every_chapter_and_assignment_is_found():
    assert len(CHAPTERS) >= 12, [p.name for p in CHAPTERS]
    assert len(ASSIGNMENTS) >= 10, ASSIGNMENTS


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_chapter_scores_on(assignment, chapter_code, tmp_path):
    reference_code, reference_names = definitions(ROOT / "solutions" / assignment / f"{assignment}.ipynb")
    wanted = lookup_names(assignment)
    assert reference_names & wanted, f"the reference of {assignment} defines none of its graded names"
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / f"{REFERENCE}.py").write_text(reference_code, encoding="utf-8")
    (folder / f"{NOTHING}.py").write_text("# defines nothing the grader looks up\nNOTHING_HERE = 0\n")
    graded = {}
    for chapter, (code, names) in chapter_code.items():
        if names & wanted:
            (folder / f"{chapter}.py").write_text(code, encoding="utf-8")
            graded[chapter] = sorted(names & wanted)
    uses_tensorflow = "import tensorflow" in reference_code or "from tensorflow" in reference_code
    if uses_tensorflow and not graded and not GRADE_ALL:
        return  # no chapter defines a name this grader looks up: every chapter scores 0 (see above)
    slack = default_limits(assignment)  # roomy clocks: make test shares 2 cores with other work
    config = GradeConfig(
        assignment=assignment,
        test_timeout=4 * slack.test_timeout,
        cell_timeout=4 * slack.cell_timeout,
        submission_seconds=4 * slack.submission_seconds,
        submissions=sorted(folder.glob("*.py")),
        out=tmp_path / "out",
        jobs=2,
        no_db=True,
        progress=False,
        quiet=True,
    )
    report = grade_batch(config)
    rows = {r.id: r for r in report.rows}
    assert set(rows) == {REFERENCE, NOTHING, *graded}, sorted(rows)
    assert not report.errors, [(r.id, r.message) for r in report.errors]

    ref = rows[REFERENCE]
    missed = {f: v for f, v in ref.by_function.items() if v[0] < v[1]}
    assert ref.max_score == 100 and ref.score == 100, (
        f"the reference solution of {assignment}, pasted as its top-level definitions, scores "
        f"{ref.score}/{ref.max_score}, so this harness cannot tell a solved assignment: "
        f"points missed per function {missed}"
    )
    assert rows[NOTHING].score == 0, (
        f"a submission that defines nothing scores {rows[NOTHING].score} on {assignment}: "
        "some hidden test passes without calling the student, so grading only the chapters "
        "that define a graded name is not sound"
    )
    too_high = {
        chapter: (
            rows[chapter].score,
            {f: v[0] for f, v in rows[chapter].by_function.items() if v[0] > 0},
            graded[chapter],
        )
        for chapter in graded
        if rows[chapter].score > MAX_SCORE
    }
    assert not too_high, "\n".join(
        f"book/{chapter}.ipynb scores {score:g}/100 on {assignment} (at most {MAX_SCORE:g} allowed); "
        f"points earned by {earned}; it defines the graded names {names}"
        for chapter, (score, earned, names) in too_high.items()
    )
