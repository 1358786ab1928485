"""Compare a student's result with the expected one and say what is wrong in words.

Used by the public checks that ship with each assignment (which may reveal the
expected value of their public inputs) and by the autograder's hidden tests
(which never do: ``reveal=False``). Every failure raises :class:`Mismatch`, an
``AssertionError`` whose message a student can act on.

Tolerance: an element passes when ``|got - expected| <= atol + rtol * |expected|``
(numpy.isclose's rule).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

DEFAULT_RTOL = 1e-7


class Mismatch(AssertionError):
    """A result that differs from what the assignment asks; the message is for the student."""


def _error(got: float, expected: float) -> str:
    """Relative error, or the absolute one where the expected value is 0."""
    if expected == 0:
        return f"absolute error {abs(got):.1e}"
    return f"relative error {abs(got - expected) / abs(expected):.1e}"


def how_far(got: float, expected: float) -> str:
    """How far ``got`` is from ``expected``, in words that give neither value back: the
    sign, or the size of the error as a rough factor or order of magnitude. For hidden
    cases, whose expected values the student must not learn (and whose own result the
    message therefore does not print either)."""
    if not np.isfinite(got):
        return f"yours is {got}"
    if got == 0 or expected == 0:
        error = abs(got - expected)
        return "yours is 0" if got == 0 else f"the error is of the order of 1e{int(np.floor(np.log10(error)))}"
    if np.sign(got) != np.sign(expected):
        return "yours has the wrong sign"
    ratio = abs(got / expected)
    larger = ratio > 1
    factor = ratio if larger else 1 / ratio
    way = "too large" if larger else "too small"
    if factor < 1.01:
        return f"yours is slightly {way} (by less than 1%)"
    if factor < 1.1:
        return f"yours is {way} by a few percent"
    if factor < 1.6:
        return f"yours is {way} by tens of percent"
    if factor < 3:
        return f"yours is about twice {way}"
    if factor < 30:
        return f"yours is about ten times {way}"
    return f"yours is many orders of magnitude {way}"


def _fmt(x: Any) -> str:
    return f"{x:.6g}" if isinstance(x, (float, np.floating)) else repr(x)


def as_numeric_array(name: str, got: Any) -> np.ndarray:
    """``got`` as a numeric ndarray, or a Mismatch saying what it is instead."""
    if got is None:
        raise Mismatch(f"{name} is None: did the function forget to `return` it?")
    if isinstance(got, (tuple, list, dict, str)):
        raise Mismatch(f"{name} should be a NumPy array, but it is a {type(got).__name__}.")
    try:
        arr = np.asarray(got)
    except Exception as exc:  # an exotic object
        raise Mismatch(f"{name} is not an array ({type(got).__name__}): {exc}") from None
    if arr.dtype.kind not in "biuf":
        raise Mismatch(f"{name} should hold numbers, but its dtype is {arr.dtype}.")
    return arr


def _shape_hint(got: tuple, want: tuple) -> str:
    if len(got) + 1 == len(want) and want[-1] == 1 and got == want[:-1]:
        return " It lost its column dimension: keep it (keepdims=True, or reshape to (n, 1))."
    if len(got) == len(want) + 1 and got[-1] == 1 and got[:-1] == want:
        return " It has an extra trailing dimension of size 1."
    if len(got) == 2 and got == want[::-1] and got != want:
        return " It looks transposed: check which side of the product each matrix is on."
    return ""


def check_shape(name: str, got: Any, shape: tuple[int, ...]) -> np.ndarray:
    arr = as_numeric_array(name, got)
    if arr.shape != tuple(shape):
        raise Mismatch(
            f"{name} has shape {arr.shape}, but it should have shape {tuple(shape)}."
            + _shape_hint(arr.shape, tuple(shape))
        )
    return arr


def check_float_dtype(name: str, got: Any) -> np.ndarray:
    """An array of numbers. Integers and booleans are accepted where the contract says
    floats: a harmless type (0 for 0.0, bool 0/1 predictions) costs nothing, and a value
    rounded too early is caught by the value checks."""
    return as_numeric_array(name, got)


def close(got: Any, expected: Any, rtol: float = DEFAULT_RTOL, atol: float = 0.0) -> bool:
    """True when ``got`` has ``expected``'s shape and every element is within tolerance."""
    try:
        g = np.asarray(got, dtype=np.float64)
    except Exception:
        return False
    e = np.asarray(expected, dtype=np.float64)
    return g.shape == e.shape and bool(np.all(np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)))


def _recognised(got: Any, mistakes: Mapping[str, Any] | None, rtol: float, atol: float) -> str:
    for label, wrong in (mistakes or {}).items():
        if close(got, wrong, rtol=max(rtol, 1e-6), atol=atol):
            return f" This is exactly what {label} gives."
    return ""


def check_array(
    name: str,
    got: Any,
    expected: Any,
    *,
    rtol: float = DEFAULT_RTOL,
    atol: float = 0.0,
    mistakes: Mapping[str, Any] | None = None,
    reveal: bool = False,
) -> np.ndarray:
    """Check shape, dtype kind and values of an array result.

    ``mistakes`` maps a description of a typical error ("a missing 1/m") to the
    output that error produces; a wrong result that matches one is named.
    ``reveal`` shows the expected value of the first wrong element (public inputs only).
    """
    want = np.asarray(expected, dtype=np.float64)
    arr = check_shape(name, got, want.shape)
    g = arr.astype(np.float64)
    bad_finite = ~np.isfinite(g) & np.isfinite(want)
    if bad_finite.any():
        idx = tuple(int(i) for i in np.argwhere(bad_finite)[0])
        raise Mismatch(
            f"{name} contains {g[idx]} at index {idx}: look for a division by zero, "
            "a log of 0, or an exp that overflows."
        )
    ok = np.isclose(g, want, rtol=rtol, atol=atol, equal_nan=True)
    if ok.all():
        return arr
    wrong = np.argwhere(~ok)
    idx = tuple(int(i) for i in wrong[0])
    if reveal:
        msg = (
            f"{name}: {len(wrong)} of {g.size} values are off; the first is at index {idx}, "
            f"where you have {_fmt(g[idx])} but it should be {_fmt(want[idx])}"
            f" ({_error(g[idx], want[idx])}; tolerance rtol={rtol:g}" + (f", atol={atol:g}" if atol else "") + ")."
        )
    else:
        tolerance = f"rtol={rtol:g}" + (f", atol={atol:g}" if atol else "")
        msg = (
            f"{name}: {len(wrong)} of {g.size} values are off; at index {idx}, "
            f"{how_far(float(g[idx]), float(want[idx]))} (tolerance {tolerance})."
        )
    raise Mismatch(msg + _recognised(g, mistakes, rtol, atol))


def as_float(name: str, got: Any) -> float:
    """A result the contract makes a float (a Python number or a 0-d array), as a float."""
    if got is None:
        raise Mismatch(f"{name} is None: did the function forget to `return` it?")
    if isinstance(got, (bool, np.bool_)):
        raise Mismatch(f"{name} should be a float, but it is a bool.")
    if isinstance(got, (int, float, np.integer, np.floating)):
        return float(got)
    arr = as_numeric_array(name, got)
    if arr.ndim != 0:
        raise Mismatch(
            f"{name} should be a single number (a float), but it is an array of shape "
            f"{arr.shape}. Return a number: `x.item()` or `float(np.squeeze(x))`."
        )
    return float(arr[()])


def number_in(name: str, got: Any) -> float:
    """The number in a result meant to be a float, accepting any one-element numeric array:
    for tests that grade the value while other tests grade the type."""
    if isinstance(got, (int, float, np.integer, np.floating)) and not isinstance(got, (bool, np.bool_)):
        return float(got)
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "iuf":
        return float(got.item())
    shape = f" of shape {got.shape}" if isinstance(got, np.ndarray) else ""
    raise Mismatch(f"{name} should be a single number, but it is a {type(got).__name__}{shape}.")


def check_float(
    name: str,
    got: Any,
    expected: float,
    *,
    rtol: float = DEFAULT_RTOL,
    atol: float = 0.0,
    mistakes: Mapping[str, Any] | None = None,
    reveal: bool = False,
) -> float:
    """A scalar result: a Python float, or a 0-d array."""
    value = as_float(name, got)
    if not np.isfinite(value) and np.isfinite(expected):
        raise Mismatch(f"{name} is {value}: look for a log of 0 or a division by zero.")
    if np.isclose(value, expected, rtol=rtol, atol=atol):
        return value
    if reveal:
        msg = (
            f"{name} is {_fmt(value)} but it should be {_fmt(float(expected))}"
            f" ({_error(value, float(expected))}; tolerance rtol={rtol:g})."
        )
    else:
        msg = f"{name} is not right: {how_far(value, float(expected))} (tolerance rtol={rtol:g})."
    raise Mismatch(msg + _recognised(value, mistakes, rtol, atol))


def check_keys(name: str, got: Any, keys: Iterable[str], *, exact: bool = True) -> Mapping:
    """A dict result with exactly (or at least, when ``exact=False``) these keys."""
    if not isinstance(got, Mapping):
        raise Mismatch(f"{name} should be a dict, but it is a {type(got).__name__}.")
    want = list(keys)
    missing = [k for k in want if k not in got]
    if missing:
        raise Mismatch(f"{name} is missing the key(s) {', '.join(map(repr, missing))}.")
    extra = [k for k in got if k not in want]
    if exact and extra:
        raise Mismatch(f"{name} has unexpected key(s) {', '.join(map(repr, extra))}.")
    return got


def check_tuple(name: str, got: Any, length: int) -> tuple:
    """A tuple (or list) result of ``length`` items."""
    if not isinstance(got, (tuple, list)):
        raise Mismatch(f"{name} should be a tuple of {length} values, but it is a {type(got).__name__}.")
    if len(got) != length:
        raise Mismatch(f"{name} should have {length} items, but it has {len(got)}.")
    return tuple(got)
