"""Public checks of the recurrent assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs, compares the results with
the expected ones stored in ``recurrent_expected.json`` (computed from the reference
solution by scripts/generate_expected.py), says what is wrong in words and names the typical
mistakes it recognises. Passing them is necessary, not sufficient: the hidden tests try
more sizes and seeds.

Public sizes: n_x = 3 inputs, n_a = 4 hidden units, n_y = 2 classes, m = 5 examples,
T_x = 3 steps.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from dlcourse import expected
from dlcourse.checking import call, passed
from dlcourse.compare import Mismatch, check_array, check_keys, check_shape, check_tuple
from dlcourse.expected import Case

RNN_CACHE = ("a_next", "a_prev", "xt", "parameters")
LSTM_CACHE = ("a_next", "c_next", "a_prev", "c_prev", "ft", "it", "cct", "ot", "xt", "parameters")
RNN_KEYS = ("Wax", "Waa", "Wya", "ba", "by")
LSTM_KEYS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")
N_X, N_A, N_Y, M, T_X = 3, 4, 2, 5, 3


def _public_scores() -> np.ndarray:
    return np.random.default_rng(1).standard_normal((N_Y + 1, M)) * 2


def _public_rnn_inputs() -> tuple[np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(2)
    p = {
        "Wax": rng.standard_normal((N_A, N_X)) * 0.8,
        "Waa": rng.standard_normal((N_A, N_A)) * 0.5,
        "Wya": rng.standard_normal((N_Y, N_A)),
        "ba": rng.standard_normal((N_A, 1)) * 0.5,
        "by": rng.standard_normal((N_Y, 1)) * 0.5,
    }
    return rng.standard_normal((N_X, M, T_X)), rng.standard_normal((N_A, M)) * 0.5, p


def _public_lstm_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray, dict]:
    rng = np.random.default_rng(3)
    p = {}
    for g in "fico":
        p[f"W{g}"] = rng.standard_normal((N_A, N_A + N_X)) * 0.7
        p[f"b{g}"] = rng.standard_normal((N_A, 1)) * 0.5
    p["Wy"] = rng.standard_normal((N_Y, N_A))
    p["by"] = rng.standard_normal((N_Y, 1)) * 0.5
    x = rng.standard_normal((N_X, M, T_X))
    return x, rng.standard_normal((N_A, M)) * 0.5, rng.standard_normal((N_A, M)), p


def _rnn_cell_case() -> tuple:
    x, a0, p = _public_rnn_inputs()
    return x[:, :, 0], a0, p


def _lstm_cell_case() -> tuple:
    x, a0, c0, p = _public_lstm_inputs()
    return x[:, :, 0], a0, c0, p


def _lstm_case() -> tuple:
    x, a0, _, p = _public_lstm_inputs()
    return x, a0, p


# The caches hold the parameters and the inputs again: only what the checks compare is stored.
CASES = {
    "softmax": Case("softmax", (_public_scores(),)),
    "rnn_cell_forward": Case("rnn_cell_forward", _rnn_cell_case(), keep=lambda out: tuple(out[:2])),
    "rnn_forward": Case("rnn_forward", _public_rnn_inputs(), keep=lambda out: tuple(out[:2])),
    "lstm_cell_forward": Case("lstm_cell_forward", _lstm_cell_case(), keep=lambda out: (*out[:3], tuple(out[3][:9]))),
    "lstm_forward": Case("lstm_forward", _lstm_case(), keep=lambda out: tuple(out[:3])),
}
EXPECTED = expected.load(__file__, CASES)


def _check_params(name: str, got: Any, want: dict, keys: Iterable[str]) -> None:
    got = check_keys(name, got, keys, exact=False)
    for k in keys:
        check_array(f'{name}["{k}"]', got[k], want[k], reveal=True)


def _moved_item(name: str, got_cache: Any, want: list, i: int, names: tuple) -> str:
    """When item ``i`` of a cell cache holds another item of the cache, say so."""
    try:
        got = np.asarray(got_cache[i], dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    for j, other in enumerate(names[:-1]):
        if (
            j != i
            and want[j] is not None
            and np.any(want[j] != 0)
            and got.shape == want[j].shape
            and np.allclose(got, want[j], rtol=1e-7)
        ):
            return (
                f"{name}[{i}] holds {other}, but it should hold {names[i]}: the cache is "
                f"({', '.join(names)}), in this order."
            )
    return ""


def _check_cache(
    name: str, cache: Any, want: list, items: Iterable[int], names: tuple = LSTM_CACHE, mistakes: dict | None = None
) -> None:
    """The items ``items`` of a cell cache against ``want``, saying so when one holds another item."""
    for i in items:
        try:
            check_array(
                f"{name}[{i}] ({names[i]})", cache[i], want[i], reveal=True, mistakes=(mistakes or {}).get(names[i])
            )
        except Mismatch as exc:
            moved = _moved_item(name, cache, want, i, names)
            raise Mismatch(moved or str(exc)) from None


# --------------------------------------------------------------------------- softmax


def check_softmax(softmax: Callable[..., Any]) -> None:
    (x,) = CASES["softmax"].arguments(EXPECTED.value)
    s = EXPECTED.value("softmax")
    name = f"softmax(x) for x of shape {x.shape}"
    EXPECTED.check(name, EXPECTED.run("softmax", softmax), "softmax", None)

    shift = np.array([1000.0, -1000.0, 0.0, 500.0, -3.0])
    got = call("softmax", softmax, x + shift)  # column j shifted by shift[j]
    name = "softmax(x + c) with columns shifted by 1000, -1000, 0, 500, -3"
    if isinstance(got, np.ndarray) and not np.all(np.isfinite(got)):
        raise Mismatch(
            f"{name} contains nan or inf: exp overflowed. Subtract each column's maximum from x before "
            "np.exp: the softmax does not change, and the largest exponent becomes 0."
        )
    try:
        check_array(name, got, s, reveal=True)
    except Mismatch as exc:
        raise Mismatch(
            f"{exc} Adding a constant to a column must not change its softmax: subtract each column's own "
            "maximum (axis=0, keepdims=True), not the maximum of the whole array."
        ) from None

    check_array(
        "softmax(x) for x of shape (1, 5): one class, so every probability is 1",
        call("softmax", softmax, x[:1]),
        np.ones((1, M)),
        reveal=True,
    )
    check_array(
        "softmax(x[:, :1]) for one example, shape (3, 1)", call("softmax", softmax, x[:, :1]), s[:, :1], reveal=True
    )
    passed("softmax")


# --------------------------------------------------------------------------- rnn_cell_forward


def check_rnn_cell_forward(rnn_cell_forward: Callable[..., Any]) -> None:
    case = "rnn_cell_forward"
    xt, a0, p = CASES[case].arguments(EXPECTED.value)
    where = f"(n_x={N_X}, n_a={N_A}, n_y={N_Y}, m={M})"
    out = check_tuple("rnn_cell_forward(xt, a_prev, parameters)", EXPECTED.run(case, rnn_cell_forward), 3)
    a_next, yt_pred, cache = out
    EXPECTED.check(f"a_next {where}", a_next, case, 0)
    EXPECTED.check(f"yt_pred {where}", yt_pred, case, 1)
    cache = check_tuple("the cache of rnn_cell_forward", cache, 4)
    _check_cache("cache", cache, [EXPECTED.value(case, 0), a0, xt], range(3), names=RNN_CACHE)
    _check_params("cache[3] (parameters)", cache[3], p, RNN_KEYS)
    passed("rnn_cell_forward")


# --------------------------------------------------------------------------- rnn_forward


def check_rnn_forward(rnn_forward: Callable[..., Any]) -> None:
    case = "rnn_forward"
    x, a0, _ = CASES[case].arguments(EXPECTED.value)
    a_want = EXPECTED.value(case, 0)
    where = f"(n_x={N_X}, n_a={N_A}, n_y={N_Y}, m={M}, T_x={T_X})"
    a, y_pred, caches = check_tuple("rnn_forward(x, a0, parameters)", EXPECTED.run(case, rnn_forward), 3)
    check_shape(f"a {where}", a, (N_A, M, T_X))
    check_shape(f"y_pred {where}", y_pred, (N_Y, M, T_X))
    EXPECTED.check(f"a {where}", a, case, 0)
    EXPECTED.check(f"y_pred {where}", y_pred, case, 1)
    caches = check_tuple("the caches of rnn_forward", caches, 2)
    if not isinstance(caches[0], (list, tuple)) or len(caches[0]) != T_X:
        raise Mismatch(f"caches[0] should be the list of the {T_X} caches of rnn_cell_forward, one per step.")
    check_array("caches[1] (x)", caches[1], x, reveal=True)
    for t in range(T_X):
        cache = check_tuple(f"caches[0][{t}]", caches[0][t], 4)
        want = [a_want[:, :, t], a0 if t == 0 else a_want[:, :, t - 1], x[:, :, t]]
        _check_cache(f"caches[0][{t}]", cache, want, range(3), names=RNN_CACHE)
    passed("rnn_forward")


# --------------------------------------------------------------------------- lstm_cell_forward


def check_lstm_cell_forward(lstm_cell_forward: Callable[..., Any]) -> None:
    case = "lstm_cell_forward"
    xt, a0, c0, p = CASES[case].arguments(EXPECTED.value)
    where = f"(n_x={N_X}, n_a={N_A}, n_y={N_Y}, m={M})"
    out = check_tuple("lstm_cell_forward(xt, a_prev, c_prev, parameters)", EXPECTED.run(case, lstm_cell_forward), 4)
    a_next, c_next, yt_pred, cache = out
    check_shape(f"a_next {where}", a_next, (N_A, M))
    check_shape(f"c_next {where}", c_next, (N_A, M))
    check_shape(f"yt_pred {where}", yt_pred, (N_Y, M))
    cache = check_tuple("the cache of lstm_cell_forward", cache, 10)
    want = list(EXPECTED.value(case, 3)[:9])
    # The gates first: when one is wrong, c_next and a_next are wrong too.
    gate_mistakes = {LSTM_CACHE[i]: EXPECTED.mistakes(case, (3, i)) for i in range(4, 8)}
    _check_cache("cache", cache, want, range(4, 8), mistakes=gate_mistakes)
    EXPECTED.check(f"c_next {where}", c_next, case, 1)
    EXPECTED.check(f"a_next {where}", a_next, case, 0)
    EXPECTED.check(f"yt_pred {where}", yt_pred, case, 2)
    _check_cache("cache", cache, want, (0, 1, 2, 3, 8))
    _check_params("cache[9] (parameters)", cache[9], p, LSTM_KEYS)
    passed("lstm_cell_forward")


# --------------------------------------------------------------------------- lstm_forward


def check_lstm_forward(lstm_forward: Callable[..., Any]) -> None:
    case = "lstm_forward"
    x, a0, _ = CASES[case].arguments(EXPECTED.value)
    a_want, c_want = EXPECTED.value(case, 0), EXPECTED.value(case, 2)
    where = f"(n_x={N_X}, n_a={N_A}, n_y={N_Y}, m={M}, T_x={T_X})"
    a, y, c, caches = check_tuple("lstm_forward(x, a0, parameters)", EXPECTED.run(case, lstm_forward), 4)
    check_shape(f"a {where}", a, (N_A, M, T_X))
    check_shape(f"y {where}", y, (N_Y, M, T_X))
    check_shape(f"c {where}", c, (N_A, M, T_X))
    EXPECTED.check(f"c {where}", c, case, 2)
    EXPECTED.check(f"a {where}", a, case, 0)
    EXPECTED.check(f"y {where}", y, case, 1)
    caches = check_tuple("the caches of lstm_forward", caches, 2)
    if not isinstance(caches[0], (list, tuple)) or len(caches[0]) != T_X:
        raise Mismatch(f"caches[0] should be the list of the {T_X} caches of lstm_cell_forward, one per step.")
    check_array("caches[1] (x)", caches[1], x, reveal=True)
    zeros = np.zeros((N_A, M))
    for t in range(T_X):
        cache = check_tuple(f"caches[0][{t}]", caches[0][t], 10)
        prev_a = a0 if t == 0 else a_want[:, :, t - 1]
        prev_c = zeros if t == 0 else c_want[:, :, t - 1]
        # The gates were checked with lstm_cell_forward; here, what links the steps.
        want = [a_want[:, :, t], c_want[:, :, t], prev_a, prev_c, None, None, None, None, x[:, :, t]]
        _check_cache(f"caches[0][{t}]", cache, want, (0, 1, 2, 3, 8))
    passed("lstm_forward")
