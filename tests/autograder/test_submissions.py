"""Finding submissions and reading their code: ids, nbgrader's submitted/ layout,
and Python files read as if they were the notebook's code cells."""

from __future__ import annotations

import json

import pytest

from autograder.submissions import (
    InputError,
    SubmissionError,
    discover,
    python_cells,
    read_program,
    safe_id,
)

A = "logistic_regression"


def run_order(cells) -> str:
    """Every cell's code, with the line padding removed, joined in order."""
    return "|".join(c.source.strip() for c in cells)


def test_top_level_statements_become_cells_with_file_line_numbers():
    source = "import numpy as np\n\n@decorate\ndef f(x):\n    return x\n\nx = f(1)\nraise SystemExit\n"
    cells = python_cells(source)
    assert [c.label for c in cells] == ["line 1", "line 3", "line 7", "line 8"]
    assert cells[1].source.startswith("\n\n@decorate") and cells[1].source.strip().endswith("return x")
    assert run_order(cells).count("|") == 3


def test_a_file_that_does_not_parse_is_split_into_top_level_blocks():
    source = (
        "import numpy as np\n"
        "def good(x):\n    return x\n"
        "def bad(x)\n    return x\n"
        "try:\n    y = 1\nexcept ValueError:\n    y = 2\n"
        "@staticmethod\ndef decorated():\n    pass\n"
        "z = (1,\n2)\n"
        'def doc():\n    """\nText at column 0 (x\n"""\n'
    )
    cells = python_cells(source)
    assert [c.label for c in cells] == ["line 1", "line 2", "line 4", "line 6", "line 10", "line 13", "line 15"]
    for cell in cells:
        if cell.label != "line 4":
            compile(cell.source, "x", "exec")  # every other block compiles on its own
    with pytest.raises(SyntaxError) as err:
        compile(cells[2].source, "x", "exec")
    assert err.value.lineno == 4  # the line of the whole file


def test_percent_cells_honour_nbgrader_metadata():
    source = (
        "# ---\n# jupyter: header\n# ---\n"
        '# %% nbgrader={"grade": false, "solution": false, "grade_id": "setup", "locked": true} tags=["setup"]\n'
        "import numpy as np\n"
        "# %% [markdown]\n# Some text\n"
        '# %% nbgrader={"grade": false, "solution": true, "grade_id": "sigmoid", "locked": false}\n'
        "def sigmoid(z):\n    return z\n"
        '# %% nbgrader={"grade": true, "solution": false, "grade_id": "test_sigmoid", "points": 10}\n'
        "check_sigmoid(sigmoid)\n"
        '# %% nbgrader={"grade": false, "solution": false, "grade_id": "train", "locked": true}\n'
        "train_for_an_hour()\n"
        "# %%\n"
        "print('my own cell')\n"
    )
    cells = python_cells(source)
    assert [c.label for c in cells] == ["setup", "sigmoid", "line 16"]
    assert "train_for_an_hour" not in run_order(cells) and "check_sigmoid" not in run_order(cells)


def test_ids_are_safe_unique_and_follow_nbgrader_students(tmp_path):
    sub = tmp_path / "submitted"
    for student in ("zoe", "adam", ".hidden"):
        (sub / student / A).mkdir(parents=True)
        (sub / student / A / f"{A}.ipynb").write_text("{}")
    (sub / "adam" / A / "scratch.ipynb").write_text("{}")
    (sub / "adam" / A / ".ipynb_checkpoints").mkdir()
    (sub / "adam" / A / ".ipynb_checkpoints" / f"{A}-checkpoint.ipynb").write_text("{}")
    (sub / "nobody" / "other_assignment").mkdir(parents=True)
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "adam.py").write_text("")
    (tmp_path / "../adam.py").resolve().write_text("")
    found = discover([sub, tmp_path / "x" / "adam.py", tmp_path.parent / "adam.py"], A)
    assert [(s.id, s.student) for s in found] == [
        ("adam", "adam"),
        ("adam-scratch", None),
        ("zoe", "zoe"),
        ("x", None),  # a loose file whose name collides takes its folder's name
        (safe_id(tmp_path.parent.name), None),
    ]
    assert found[0].primary and not found[1].primary and not found[3].primary
    assert safe_id("../../etc/passwd") == "etc_passwd"
    assert safe_id("élève ü.py") == "élève_ü.py"
    assert safe_id("...") == "submission"
    with pytest.raises(InputError):
        discover([tmp_path / "missing.ipynb"], A)


def test_loose_files_take_their_folders_name_when_names_collide(tmp_path):
    for folder in ("alice", "bob"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / f"{A}.ipynb").write_text("{}")
    (tmp_path / "carol_1234_5678_lr.py").write_text("")
    (tmp_path / "dan").mkdir()
    (tmp_path / "dan" / "mine.py").write_text("")
    found = discover([tmp_path / "alice" / f"{A}.ipynb", tmp_path / "bob" / f"{A}.ipynb",
                      tmp_path / "carol_1234_5678_lr.py", tmp_path / "dan" / "mine.py"], A)  # fmt: skip
    assert [s.id for s in found] == ["alice", "bob", "carol_1234_5678_lr", "mine"]
    alone = discover([tmp_path / "alice" / f"{A}.ipynb"], A)  # the assignment's name says nothing
    assert [s.id for s in alone] == ["alice"]


def test_one_student_of_a_submitted_directory_can_be_named(tmp_path):
    sub = tmp_path / "submitted"
    for student in ("ann", "ben", "cat"):
        (sub / student / A).mkdir(parents=True)
        (sub / student / A / f"{A}.ipynb").write_text("{}")
    assert [(s.id, s.student) for s in discover([sub / "ben"], A)] == [("ben", "ben")]
    assert [(s.id, s.student) for s in discover([sub / "cat" / A], A)] == [("cat", "cat")]
    assert [s.id for s in discover([sub], A, students=["ann", "cat"])] == ["ann", "cat"]
    with pytest.raises(InputError, match="no submission of zed"):
        discover([sub], A, students=["zed"])


def test_the_course_of_a_submitted_directory_is_found(tmp_path):
    (tmp_path / "nbgrader_config.py").write_text("")
    folder = tmp_path / "submitted" / "ann" / A
    folder.mkdir(parents=True)
    (folder / f"{A}.ipynb").write_text("{}")
    [sub] = discover([tmp_path / "submitted"], A)
    assert sub.course == tmp_path.resolve()


def test_notebooks_keep_graded_cells_only(tmp_path):
    nb = {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": "# Title"},
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"grade_id": "setup"}, "tags": ["setup"]},
                "source": ["import numpy ", "as np\n"],
            },
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade_id": "f"}},
                "source": "def f(): pass",
            },
            {"cell_type": "code", "metadata": {"nbgrader": {"grade": True, "grade_id": "test_f"}}, "source": "check()"},
            {"cell_type": "code", "metadata": {"nbgrader": {"grade_id": "plot"}}, "source": "plot()"},
            {"cell_type": "code", "metadata": {}, "source": "mine = 1"},
            {
                "cell_type": "code",
                "metadata": {"nbgrader": {"solution": True, "grade_id": "f"}},
                "source": "def f(): 2",
            },
        ],
    }
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    program = read_program(path, 10**6)
    assert [c.label for c in program.cells] == ["setup", "f", "cell 6", "f (cell 7)"]
    assert program.cells[0].source == "import numpy as np\n" and program.kind == "notebook"


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "the file is empty"),
        (b"{", "not valid notebook JSON"),
        (b'{"nbformat": 4}', "not a Jupyter notebook"),
        (b'{"nbformat": 5, "cells": []}', "nbformat 5 is not supported"),
        (b'{"nbformat": 4, "cells": {}}', "no list of cells"),
        (b"\xff\xfe\x00{", "binary data"),
        (b"\xe9t\xe9", "not UTF-8"),
    ],
)
def test_unreadable_notebooks_say_why(tmp_path, data, reason):
    path = tmp_path / "n.ipynb"
    path.write_bytes(data)
    with pytest.raises(SubmissionError, match=reason):
        read_program(path, 10**6)
