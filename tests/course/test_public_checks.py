"""The public checks pass the reference, name typical mistakes from dlcourse.mistakes, and
say where a student's function failed."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dlcourse import deepnet, mistakes
from dlcourse.checking import StudentError
from dlcourse.compare import Mismatch

ROOT = Path(__file__).resolve().parents[2]

STUDENT = """
from dlcourse.deepnet import linear_activation_backward


def L_model_backward_wrong_index(AL, Y, caches):
    grads = {}
    L = len(caches)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    grads[f"dA{L-1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(dAL, caches[L], "sigmoid")
    return grads


def L_model_backward_wrong_order(AL, Y, caches):
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(1, len(caches) + 1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(dA, caches[l - 1], "relu")
    return grads


def linear_backward(dZ, cache):
    raise NotImplementedError()
"""


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def checks():
    return _load("deep_network_checks_under_test", ROOT / "solutions/deep_network/deep_network_checks.py")


@pytest.fixture
def student(tmp_path):
    (tmp_path / "student.py").write_text(STUDENT)
    return _load("student", tmp_path / "student.py")


GRADED = [
    "initialize_parameters_deep",
    "linear_forward",
    "linear_activation_forward",
    "L_model_forward",
    "compute_cost",
    "linear_backward",
    "linear_activation_backward",
    "L_model_backward",
    "update_parameters",
]


def _generator():
    return _load("generate_expected_for_checks", ROOT / "scripts" / "generate_expected.py")


GENERATOR = _generator()
NAMES = GENERATOR.assignments()
FUNCTIONS = [(name, function) for name in NAMES for function in mistakes.registered().get(name, [])]


@pytest.fixture(scope="module")
def references():
    return {name: GENERATOR.load_reference(name) for name in NAMES}


@pytest.fixture(scope="module")
def all_checks():
    return {name: GENERATOR.checks_module(name) for name in NAMES}


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_passes_every_check(references, all_checks, capsys, name):
    module = all_checks[name]
    functions = [
        n.removeprefix("check_")
        for n, f in vars(module).items()
        if n.startswith("check_") and getattr(f, "__module__", None) == module.__name__
    ]
    assert set(functions) >= {case.function for case in module.CASES.values()}
    for function in functions:
        getattr(all_checks[name], f"check_{function}")(getattr(references[name], function))
    assert capsys.readouterr().out == "".join(f"✓ {f} passed its public checks\n" for f in functions)


@pytest.mark.parametrize("function", GRADED)
def test_the_course_library_passes_the_deep_network_checks(checks, capsys, function):
    getattr(checks, f"check_{function}")(getattr(deepnet, function))
    assert capsys.readouterr().out == f"✓ {function} passed its public checks\n"


@pytest.mark.parametrize(("name", "function"), FUNCTIONS)
def test_every_known_mistake_fails_its_check_and_most_are_named(references, all_checks, name, function):
    """Each mistake of the library that applies to the public inputs, run as the student's
    function, fails its public check; where the check reaches the piece that mistake changes,
    it names it."""
    reference = getattr(references[name], function)
    known = mistakes.for_function(name, function)
    named, applied = [], []
    for hint, compute in known.items():
        used = []

        def wrong(*args, compute=compute, used=used, **kwargs):
            out = compute(*args, **kwargs)
            used.append(out is not None)
            return reference(*args, **kwargs) if out is None else out

        try:
            getattr(all_checks[name], f"check_{function}")(wrong)
        except Mismatch as exc:
            named += [hint] if hint in str(exc) else []
            applied.append(hint)
        else:
            assert not any(used), f"the check passes with the mistake {hint!r}"
    assert applied and len(named) >= len(applied) / 2, f"named only {named} of {applied}"


def test_a_wrong_cache_index_names_the_line_and_gives_the_hint(checks, student):
    with pytest.raises(StudentError) as info:
        checks.check_L_model_backward(student.L_model_backward_wrong_index)
    lines = str(info.value).splitlines()
    assert lines[0] == "✗ L_model_backward raised IndexError: list index out of range"
    assert lines[1] == "  where: student.py, line 9, in L_model_backward_wrong_index"
    assert "caches[L]" in lines[2]
    assert lines[-1].startswith("  hint: caches[l] holds layer l+1's cache")


def test_layers_in_the_wrong_order_get_the_hint(checks, student):
    with pytest.raises(StudentError) as info:
        checks.check_L_model_backward(student.L_model_backward_wrong_order)
    message = str(info.value)
    assert message.startswith("✗ L_model_backward raised ValueError: operands could not be broadcast")
    assert "student.py, line 17, in L_model_backward_wrong_order" in message
    assert message.endswith(
        "hint: walk the layers from L down to 1: layer l's backward step needs dA{l}, which layer l+1 gives."
    )


def test_a_stub_is_not_implemented_yet(checks, student):
    with pytest.raises(
        StudentError,
        match=r"^✗ linear_backward: not implemented yet \(it raises NotImplementedError\)"
        r"\. Write its body in the cell above\.$",
    ):
        checks.check_linear_backward(student.linear_backward)


@pytest.mark.parametrize("name", sorted({*NAMES, "logistic_regression"}))
def test_a_released_folder_runs_as_students_get_it(tmp_path, name):
    """The released folder alone (copied away from the repository), with the course
    environment: the setup cell imports, the checks find their data file."""
    import shutil
    import subprocess
    import sys

    import nbformat

    folder = tmp_path / name
    shutil.copytree(ROOT / "assignments" / name, folder)
    nb = nbformat.read(folder / f"{name}.ipynb", 4)
    setup = next(c for c in nb.cells if "setup" in c.metadata.get("tags", []))
    code = setup.source + "\nimport sys\nprint(sorted(m for m in sys.modules if m.endswith('_checks')))\n"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=folder,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert f"{name}_checks" in result.stdout
