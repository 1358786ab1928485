"""dlcourse.checking: a public check says which line of the student's code failed, and why."""

from __future__ import annotations

import importlib.util
import linecache
import textwrap

import numpy as np
import pytest

from dlcourse import checking
from dlcourse.checking import SHAPE_ERROR, Hint, StudentError, call, check_like, copy, passed
from dlcourse.compare import Mismatch

STUDENT = """
import numpy as np


def helper(caches, l):
    return caches[l]


def L_model_backward(AL, Y, caches):
    grads = {}
    for l in range(len(caches), 0, -1):
        grads[f"dW{l}"] = helper(caches, l)
    return grads


def shapes(A, B):
    return np.dot(A, B)


def stub(x):
    raise NotImplementedError()


def calls_a_stub(x):
    return stub(x) + 1
"""


@pytest.fixture
def student(tmp_path):
    path = tmp_path / "student_code.py"
    path.write_text(STUDENT)
    spec = importlib.util.spec_from_file_location("student_code", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _message(function, f, *args, hints=()):
    with pytest.raises(StudentError) as info:
        call(function, f, *args, hints=hints)
    assert isinstance(info.value, Mismatch)
    return str(info.value)


def test_the_outermost_student_frame_is_named_with_its_line_and_the_exception(student):
    hints = [Hint((KeyError, IndexError), "caches[l] holds layer l+1's cache: check your index.")]
    message = _message("L_model_backward", student.L_model_backward, None, None, [1, 2, 3], hints=hints)
    lines = message.splitlines()
    assert lines[0] == "✗ L_model_backward raised IndexError: list index out of range"
    assert lines[1] == "  where: student_code.py, line 12, in L_model_backward"
    assert lines[2].strip() == 'grads[f"dW{l}"] = helper(caches, l)'
    # the innermost frame, in the student's helper, is named too, after the outermost one
    assert "student_code.py, line 6, in helper: return caches[l]" in lines[3]
    assert lines[-1] == "  hint: caches[l] holds layer l+1's cache: check your index."


def test_frames_in_numpy_are_not_the_students(student):
    hints = [Hint(ValueError, "walk the layers from L down to 1", message=SHAPE_ERROR)]
    message = _message("shapes", student.shapes, np.ones((2, 3)), np.ones((2, 3)), hints=hints)
    assert message.startswith("✗ shapes raised ValueError: shapes (2,3) and (2,3) not aligned")
    assert "student_code.py, line 17, in shapes" in message
    assert "numpy" not in message.split("\n", 1)[1].replace("np.dot", "")
    assert message.endswith("hint: walk the layers from L down to 1")


def test_a_hint_that_does_not_match_is_not_shown(student):
    hints = [Hint(KeyError, "not this one"), Hint(ValueError, "nor this one", message="never matches")]
    message = _message("shapes", student.shapes, np.ones((2, 3)), np.ones((2, 3)), hints=hints)
    assert "hint" not in message


def test_not_implemented_reads_the_same_everywhere(student):
    assert _message("linear_backward", student.stub, 1) == (
        "✗ linear_backward: not implemented yet (it raises NotImplementedError). Write its body in the cell above."
    )
    assert _message("calls_a_stub", student.calls_a_stub, 1) == (
        "✗ calls_a_stub: it calls stub, which is not implemented yet (it raises NotImplementedError). Write stub first."
    )


def test_a_notebook_cell_is_named_as_a_cell():
    filename = "/tmp/ipykernel_4242/1234567.py"
    source = textwrap.dedent("""\
        def compute_cost(AL, Y):
            m = Y.shape[1]
            return float(-(Y * np.log(AL)).sum()) / m
        """)
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
    namespace: dict = {}
    exec(compile(source, filename, "exec"), namespace)  # no `np` in the cell's namespace: NameError
    message = _message("compute_cost", namespace["compute_cost"], np.ones((1, 2)), np.ones((1, 2)))
    assert message.splitlines()[:3] == [
        "✗ compute_cost raised NameError: name 'np' is not defined",
        "  where: line 3 of your cell, in compute_cost",
        "      return float(-(Y * np.log(AL)).sum()) / m",
    ]
    assert checking.is_notebook_cell("<ipython-input-3-abc>") and not checking.is_notebook_cell("/tmp/x.py")


def test_the_student_gets_copies_of_the_inputs():
    A = np.zeros((2, 2))
    rng = np.random.default_rng(3)

    def vandal(A, rng):
        A += 1
        return rng.random()

    first, second = call("vandal", vandal, A, rng), call("vandal", vandal, A, rng)
    assert not A.any() and first == second == np.random.default_rng(3).random()
    nested = {"a": (np.ones(2), [np.ones(1)])}
    copied = copy(nested)
    copied["a"][0][0] = 5
    assert nested["a"][0][0] == 1 and isinstance(copied["a"], tuple) and isinstance(copied["a"][1], list)


def test_something_that_is_not_a_function():
    assert "should be a function, but it is a NoneType" in _message("sigmoid", None)


def test_passed_prints_the_same_line_everywhere(capsys):
    passed("sigmoid")
    assert capsys.readouterr().out == "✓ sigmoid passed its public checks\n"


def test_check_like_compares_structure_and_shapes():
    want = (np.zeros((2, 1)), {"dW1": np.zeros((3, 2))})
    check_like("result", (np.ones((2, 1)), {"dW1": np.ones((3, 2))}), want)
    with pytest.raises(Mismatch, match=r"result\[0\] has shape \(2,\), but it should have shape \(2, 1\)"):
        check_like("result", (np.ones(2), {"dW1": np.ones((3, 2))}), want)
    with pytest.raises(Mismatch, match="missing the key"):
        check_like("result", (np.ones((2, 1)), {}), want)
    with pytest.raises(Mismatch, match="should have 2 items"):
        check_like("result", (np.ones((2, 1)),), want)
