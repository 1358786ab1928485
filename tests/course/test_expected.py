"""The public checks' data files (solutions/<name>/<name>_expected.json) are what
scripts/generate_expected.py computes now from the reference solutions and
dlcourse.mistakes, and the released folders carry the same files."""

from __future__ import annotations

import filecmp
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from dlcourse import expected

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "generate_expected.py"


def _generator():
    spec = importlib.util.spec_from_file_location("generate_expected", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATOR = _generator()
NAMES = GENERATOR.assignments()


def _same(a, b, where):
    if isinstance(b, dict):
        assert isinstance(a, dict) and list(a) == list(b), f"{where}: keys differ"
        for k in b:
            _same(a[k], b[k], f"{where}/{k}")
    elif isinstance(b, (list, tuple)):
        assert type(a) is type(b) and len(a) == len(b), f"{where}: structure differs"
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _same(x, y, f"{where}/{i}")
    elif isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and a.shape == b.shape and a.dtype == b.dtype, f"{where}: array differs"
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-300, err_msg=where)
    else:
        assert type(a) is type(b) and (a == b or np.isclose(a, b, rtol=1e-12)), f"{where}: {a!r} != {b!r}"


def test_the_numpy_assignments_have_data_files():
    numpy = {"logistic_regression", "shallow_network", "deep_network", "regularization", "optimization"}
    assert numpy | {"convolution", "recurrent"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_data_file_is_fresh(tmp_path, name):
    committed = ROOT / "solutions" / name / f"{name}_expected.json"
    assert committed.is_file(), f"{committed.name} is missing: run scripts/generate_expected.py {name}"
    GENERATOR.main([name, "--out", str(tmp_path)])
    fresh = tmp_path / name / committed.name
    old, new = expected.Expected(committed), expected.Expected(fresh)
    stale = f"solutions/{name}/{committed.name} is stale: run scripts/generate_expected.py {name}"
    assert list(old.cases) == list(new.cases), stale
    for case in new.cases:
        _same(old.cases[case], new.cases[case], f"{stale} ({case})")
    assert json.loads(committed.read_text())["format"] == expected.FORMAT


@pytest.mark.parametrize("name", NAMES)
def test_release_carries_the_data_file(name):
    source = ROOT / "solutions" / name / f"{name}_expected.json"
    release = ROOT / "assignments" / name / source.name
    assert release.is_file() and filecmp.cmp(source, release, shallow=False), (
        f"assignments/{name}/{source.name} differs from the source: run `make release`"
    )


@pytest.mark.parametrize("name", NAMES)
def test_every_case_calls_a_graded_function_of_the_reference(name):
    reference = GENERATOR.load_reference(name)
    for case, spec in GENERATOR.checks_module(name).CASES.items():
        assert callable(getattr(reference, spec.function, None)), f"{name}: case {case} calls {spec.function}"


def test_the_encoding_round_trips(tmp_path):
    value = (np.arange(6.0).reshape(2, 3), {"a": [1.5, None, "x"], "b": np.array([True, False])}, 3)
    wrong = (np.arange(6.0).reshape(2, 3), {"a": [2.5, None, "x"], "b": np.array([True, False])}, 3)
    text = expected.dumps("demo", {"c": {"function": "f", "value": value, "mistakes": {"off by one": wrong}}})
    assert json.loads(text)["cases"]["c"]["mistakes"]["off by one"]["tuple"][0] == {"same": 1}
    path = tmp_path / "demo_expected.json"
    path.write_text(text)
    e = expected.Expected(path)
    _same(e.value("c"), value, "value")
    _same(e.cases["c"]["mistakes"]["off by one"], wrong, "mistake")
    assert e.mistakes("c", 0) == {}  # the same as the value: never named as a mistake
    assert list(e.mistakes("c", (1, "a", 0))) == ["off by one"]
    assert expected.path_beside("/x/demo_checks.py") == Path("/x/demo_expected.json")
