"""The instructor notebooks in solutions/ follow the authoring conventions of CONTRIBUTING.md,
and their graded functions are exactly those of docs/graded-api.md."""

from __future__ import annotations

import ast

import nbformat
import pytest

from autograder.paths import SOLUTIONS, assignments
from autograder.runner import hidden_module
from autograder.testing import graded_tests
from tests.course.graded_api import arguments, graded_functions

API = graded_functions()
SOURCES = sorted(p.name for p in SOLUTIONS.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))


def notebook(name: str) -> nbformat.NotebookNode:
    return nbformat.read(SOLUTIONS / name / f"{name}.ipynb", as_version=4)


def code_cells(name: str) -> list:
    return [c for c in notebook(name).cells if c.cell_type == "code"]


def test_every_source_assignment_is_documented_and_graded():
    assert SOURCES, "no assignments in solutions/"
    for name in SOURCES:
        assert name in API, f"{name} is not documented in docs/graded-api.md"
        assert name in assignments(), f"{name} has no hidden tests in autograder/hidden/"


@pytest.mark.parametrize("name", SOURCES)
def test_every_code_cell_carries_nbgrader_metadata(name):
    for i, cell in enumerate(code_cells(name)):
        meta = cell.metadata.get("nbgrader")
        assert meta is not None, f"{name}: code cell {i} has no nbgrader metadata"
        assert meta.get("schema_version") == 3 and meta.get("grade_id"), f"{name}: code cell {i}"


@pytest.mark.parametrize("name", SOURCES)
def test_source_notebook_has_no_stored_outputs(name):
    for i, cell in enumerate(code_cells(name)):
        assert not cell.get("outputs") and cell.get("execution_count") is None, f"{name}: cell {i}"


@pytest.mark.parametrize("name", SOURCES)
def test_graded_functions_match_the_contract(name):
    solution_cells = {c.metadata.nbgrader.grade_id: c for c in code_cells(name) if c.metadata.nbgrader.get("solution")}
    for function, expected in API[name].items():
        assert function in solution_cells, f"{name}: no solution cell with grade_id {function!r}"
        tree = ast.parse(solution_cells[function].source)
        defs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function]
        assert defs, f"{name}: the cell {function!r} does not define {function}()"
        assert arguments(defs[0]) == expected, f"{name}.{function}: signature differs from the contract"
        assert ast.get_docstring(defs[0]), f"{name}.{function} has no docstring"
        source = solution_cells[function].source
        assert "### BEGIN SOLUTION" in source and "### END SOLUTION" in source


@pytest.mark.parametrize("name", SOURCES)
def test_check_cells_carry_the_hidden_points_of_their_function(name):
    points: dict[str, float] = {}
    for _, _, meta in graded_tests(hidden_module(name)):
        points[meta.primary] = points.get(meta.primary, 0.0) + meta.points
    assert sum(points.values()) == pytest.approx(100), f"{name}: hidden points sum to {sum(points.values())}"
    cells = {c.metadata.nbgrader.grade_id: c for c in code_cells(name) if c.metadata.nbgrader.get("grade")}
    for function, total in points.items():
        cell = cells.get(f"test_{function}")
        assert cell is not None, f"{name}: no check cell test_{function}"
        assert cell.metadata.nbgrader.get("points") == pytest.approx(total), f"{name}: test_{function} points"
        assert "### BEGIN HIDDEN TESTS" in cell.source
        assert f'run_hidden_tests("{name}", "{function}", globals())' in cell.source
    assert set(points) == set(API[name]), f"{name}: hidden tests and the contract name different functions"
