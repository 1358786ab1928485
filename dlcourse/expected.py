"""The expected values of the public checks, stored beside each checks module.

``scripts/generate_expected.py`` computes them from the reference solutions and
:mod:`dlcourse.mistakes`, and writes ``solutions/<name>/<name>_expected.json``; nbgrader
copies it into the released folder with the checks. Never edit one by hand: run
``.venv/bin/python scripts/generate_expected.py`` (a test fails when one is stale).

The file is JSON, read with the standard library and NumPy only::

    {"format": 1, "assignment": "...", "cases": {
        "<case>": {"function": "<graded function>", "value": <encoded>,
                   "mistakes": {"<hint>": <encoded>, ...}}}}

where an array is ``{"array": [...nested lists...], "dtype": "float64"}``, a tuple
``{"tuple": [...]}``, a dict ``{"dict": {...}}``, and numbers, strings, lists and
``None`` are themselves. In a mistake, a piece equal to the same piece of the value is
written ``{"same": 1}``. Each value and each mistake takes one line. A case is one call
of a graded function on public inputs that the checks module declares in its ``CASES``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from .compare import check_array, check_float, close

FORMAT = 1


def encode(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return {"array": value.tolist(), "dtype": str(value.dtype)}
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple):
        return {"tuple": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, Mapping):
        return {"dict": {str(k): encode(v) for k, v in value.items()}}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    raise TypeError(f"cannot store a {type(value).__name__} as an expected value")


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and isinstance(b, np.ndarray)
            and a.dtype == b.dtype
            and a.shape == b.shape
            and bool(np.array_equal(a, b, equal_nan=True))
        )
    return type(a) is type(b) and not isinstance(a, (tuple, list, Mapping)) and a == b


def encode_against(value: Any, reference: Any) -> Any:
    """``encode(value)``, with every piece equal to the same piece of ``reference`` as ``{"same": 1}``."""
    if _equal(value, reference):
        return {"same": 1}
    if isinstance(value, (tuple, list)) and type(reference) is type(value) and len(value) == len(reference):
        items = [encode_against(v, r) for v, r in zip(value, reference, strict=True)]
        return {"tuple": items} if isinstance(value, tuple) else items
    if isinstance(value, Mapping) and isinstance(reference, Mapping):
        return {"dict": {str(k): encode_against(v, reference.get(k)) for k, v in value.items()}}
    return encode(value)


def decode(data: Any, reference: Any = None) -> Any:
    """The inverse of :func:`encode_against` (and of :func:`encode`, with no ``reference``)."""
    if isinstance(data, list):
        refs = reference if isinstance(reference, list) and len(reference) == len(data) else [None] * len(data)
        return [decode(v, r) for v, r in zip(data, refs, strict=True)]
    if isinstance(data, dict):
        if "same" in data:
            return reference
        if "tuple" in data:
            items = data["tuple"]
            ok = isinstance(reference, tuple) and len(reference) == len(items)
            return tuple(decode(v, reference[i] if ok else None) for i, v in enumerate(items))
        if "dict" in data:
            ref = reference if isinstance(reference, Mapping) else {}
            return {k: decode(v, ref.get(k)) for k, v in data["dict"].items()}
        if "array" in data:
            return np.array(data["array"], dtype=data["dtype"])
    return data


def dumps(assignment: str, cases: Mapping[str, Mapping[str, Any]]) -> str:
    """The file's text: ``cases`` maps a case to ``{"function", "value", "mistakes"}``."""

    def line(obj: Any) -> str:
        return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))

    out = ["{", f' "format": {FORMAT},', f' "assignment": {line(assignment)},']
    out.append(' "generated_by": "scripts/generate_expected.py (do not edit by hand)",')
    out.append(' "cases": {')
    for i, (case, c) in enumerate(cases.items()):
        out.append(f"  {line(case)}: {{")
        out.append(f'   "function": {line(c["function"])},')
        out.append(f'   "value": {line(encode(c["value"]))},')
        hints = [f"    {line(h)}: {line(encode_against(v, c['value']))}" for h, v in c["mistakes"].items()]
        out.append('   "mistakes": {' + ("\n" + ",\n".join(hints) + "\n   }" if hints else "}"))
        out.append("  }" + ("," if i < len(cases) - 1 else ""))
    out += [" }", "}"]
    return "\n".join(out) + "\n"


def path_beside(checks_file: str | Path) -> Path:
    """``<name>_expected.json`` beside ``<name>_checks.py``."""
    checks = Path(checks_file)
    return checks.with_name(checks.name.replace("_checks.py", "_expected.json"))


def _pick(value: Any, part: Any) -> Any:
    for key in part if isinstance(part, tuple) else (part,):
        value = value[key]
    return value


class Case:
    """One call of a graded function on public inputs: ``Case("linear_forward", (A, W, b))``.

    ``args`` may be a function of ``value``, where ``value(case, part=None)`` gives an
    earlier case's expected result (so that ``L_model_backward`` runs on the caches of
    ``L_model_forward``): the generator passes the reference's results, a check the
    stored ones. ``keep``, a function of a result, trims what is stored to what the
    check compares (the pieces keep their indices when ``keep`` returns a prefix).
    """

    def __init__(self, function: str, args: tuple | Any, keep: Any = None) -> None:
        self.function = function
        self._args = args
        self.keep = keep  # stores keep(result) instead of the whole result (and of each mistake's)

    def arguments(self, value: Any) -> tuple:
        return tuple(self._args(value)) if callable(self._args) else tuple(self._args)


class Expected:
    """The expected values of one assignment, read on first use, and the calls that
    compare a student's results with them (``cases``: the checks module's ``CASES``)."""

    def __init__(self, path: str | Path, cases: Mapping[str, Case] | None = None) -> None:
        self.path = Path(path)
        self.case_inputs = dict(cases or {})

    @cached_property
    def cases(self) -> dict[str, dict[str, Any]]:
        try:
            doc = json.loads(self.path.read_text())
        except FileNotFoundError:
            raise FileNotFoundError(
                f"{self.path.name} is missing: it must sit beside the checks module "
                "(instructors: run scripts/generate_expected.py)"
            ) from None
        cases = {}
        for case, c in doc["cases"].items():
            value = decode(c["value"])
            cases[case] = {"value": value, "mistakes": {h: decode(v, value) for h, v in c["mistakes"].items()}}
        return cases

    def value(self, case: str, part: Any = None) -> Any:
        """The reference's result for ``case`` (or a piece of it, see ``part``)."""
        v = self.cases[case]["value"]
        return v if part is None else _pick(v, part)

    def mistakes(self, case: str, part: Any = None, rtol: float = 1e-6) -> dict[str, Any]:
        """``{hint: wrong value}`` for ``case``, as ``check_array(..., mistakes=)`` takes it;
        ``part`` picks a piece of each (``1``, ``"dW2"``, ``(1, 0)``), and mistakes whose
        piece equals the expected one are left out."""
        want = self.value(case, part)
        out = {}
        for hint, v in self.cases[case]["mistakes"].items():
            got = v if part is None else _pick(v, part)
            if got is not None and not close(got, want, rtol=rtol):
                out[hint] = got
        return out

    @property
    def assignment(self) -> str:
        return self.path.name.removesuffix("_expected.json")

    def run(self, case: str, f: Any, hints: Any = None) -> Any:
        """The student's ``f`` called on ``case``'s public inputs, through :func:`dlcourse.checking.call`,
        with the hints of :mod:`dlcourse.failures` for that function unless ``hints`` are given."""
        from . import failures
        from .checking import call

        spec = self.case_inputs[case]
        if hints is None:
            hints = failures.for_function(self.assignment, spec.function)
        return call(spec.function, f, *spec.arguments(self.value), hints=hints)

    def check(self, name: str, got: Any, case: str, part: Any = None, **kwargs: Any) -> Any:
        """``got`` against the reference's result for ``case`` (or its ``part``), revealing the
        expected value (public inputs) and naming the library's mistakes."""
        want = self.value(case, part)
        compare = check_array if isinstance(want, np.ndarray) else check_float
        return compare(name, got, want, reveal=True, mistakes=self.mistakes(case, part), **kwargs)


def load(checks_file: str | Path, cases: Mapping[str, Case] | None = None) -> Expected:
    """The expected values beside a checks module: ``load(__file__, CASES)``."""
    return Expected(path_beside(checks_file), cases)
