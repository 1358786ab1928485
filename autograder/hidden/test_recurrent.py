"""Hidden tests of the recurrent assignment (time on the last axis: x is (n_x, m, T_x)).

Each test compares the student's function with the reference in float64 on random
sizes and seeds, and names the typical mistake a wrong result matches; the mistakes
are computed by the small variants of the forward passes below. Tolerances: rtol=1e-7
for a single step (closed form); rtol=1e-6 over a sequence (iterated); atol=1e-12 in
both, for values that round to about 0.
"""

from __future__ import annotations

import numpy as np

from autograder.testing import Mismatch, check_array, check_keys, check_shape, check_tuple, graded

# graded function -> the graded functions it calls: while a test of the caller runs, the
# reference stands in for them (autograder/testing.py), so a mistake costs points once
CALLS = {
    "rnn_cell_forward": ("softmax",),
    "rnn_forward": ("rnn_cell_forward",),
    "lstm_cell_forward": ("softmax",),
    "lstm_forward": ("lstm_cell_forward",),
}

RTOL, ITER_RTOL, ATOL = 1e-7, 1e-6, 1e-12

# (n_x, n_a, n_y, m, T_x, seed): sizes differ from one another except in the last case,
# where n_x = n_a = n_y (a swapped weight matrix still multiplies) and T_x = 1.
SIZES = [
    (3, 5, 2, 4, 4, 11),
    (4, 3, 3, 6, 2, 12),
    (2, 6, 4, 1, 5, 13),
    (5, 5, 5, 3, 1, 14),
]
RNN_CACHE = ("a_next", "a_prev", "xt", "parameters")
LSTM_CACHE = ("a_next", "c_next", "a_prev", "c_prev", "ft", "it", "cct", "ot", "xt", "parameters")
RNN_KEYS = ("Wax", "Waa", "Wya", "ba", "by")
LSTM_KEYS = ("Wf", "bf", "Wi", "bi", "Wc", "bc", "Wo", "bo", "Wy", "by")


def _sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def _softmax(z, axis=0):
    e = np.exp(z - np.max(z, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def _rnn_inputs(sizes):
    n_x, n_a, n_y, m, T_x, seed = sizes
    rng = np.random.default_rng(seed)
    p = {
        "Wax": rng.standard_normal((n_a, n_x)) * 0.8,
        "Waa": rng.standard_normal((n_a, n_a)) * 0.5,
        "Wya": rng.standard_normal((n_y, n_a)),
        "ba": rng.standard_normal((n_a, 1)) * 0.5,
        "by": rng.standard_normal((n_y, 1)) * 0.5,
    }
    return rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m)) * 0.5, p


def _lstm_inputs(sizes):
    n_x, n_a, n_y, m, T_x, seed = sizes
    rng = np.random.default_rng(seed + 100)
    p = {}
    for g in "fico":
        p[f"W{g}"] = rng.standard_normal((n_a, n_a + n_x)) * 0.7
        p[f"b{g}"] = rng.standard_normal((n_a, 1)) * 0.5
    p["Wy"] = rng.standard_normal((n_y, n_a))
    p["by"] = rng.standard_normal((n_y, 1)) * 0.5
    x = rng.standard_normal((n_x, m, T_x))
    return x, rng.standard_normal((n_a, m)) * 0.5, rng.standard_normal((n_a, m)), p


# --------------------------------------------------------------------------- mistakes
# Variants of the forward passes, each with one typical mistake switched on.


def _rnn_cell(xt, a_prev, p, mistake=None):
    act = _sigmoid if mistake == "sigmoid" else np.tanh
    z = p["Waa"] @ a_prev + p["Wax"] @ xt
    if mistake == "swap_W":
        z = p["Wax"] @ a_prev + p["Waa"] @ xt
    a_next = act(z + (0.0 if mistake == "no_ba" else p["ba"]))
    src = a_prev if mistake == "y_from_a_prev" else a_next
    scores = p["Wya"] @ src + (0.0 if mistake == "no_by" else p["by"])
    if mistake == "softmax_axis1":
        y = _softmax(scores, axis=1)
    elif mistake == "no_softmax":
        y = scores
    else:
        y = _softmax(scores)
    return a_next, y


RNN_CELL_MISTAKES = {
    "sigmoid": "using a sigmoid instead of tanh for a_next",
    "no_ba": "forgetting the bias ba",
    "swap_W": "swapping Waa and Wax (Waa multiplies a_prev, Wax multiplies xt)",
    "y_from_a_prev": "computing yt_pred from a_prev instead of a_next",
    "no_by": "forgetting the bias by",
    "softmax_axis1": "taking the softmax over axis 1, across the examples, instead of over the classes (axis 0)",
    "no_softmax": "forgetting the softmax on yt_pred",
}


def _rnn_forward(x, a0, p, mistake=None):
    T_x = x.shape[2]
    a, y = [], []
    a_prev = a0
    for t in range(T_x):
        start = a0 if mistake == "no_carry" else a_prev
        a_next, yt = _rnn_cell(x[:, :, t], start, p, None if mistake in RNN_FORWARD_MISTAKES else mistake)
        a.append(a_prev if mistake == "store_prev" else a_next)
        y.append(yt)
        a_prev = a_next
    return np.stack(a, axis=-1), np.stack(y, axis=-1)


RNN_FORWARD_MISTAKES = {
    "no_carry": "starting every step from a0 instead of the previous step's a_next",
    "store_prev": "storing a_prev instead of a_next at each step",
}


def _lstm_cell(xt, a_prev, c_prev, p, mistake=None):
    concat = np.concatenate([xt, a_prev] if mistake == "concat_order" else [a_prev, xt], axis=0)
    ft = _sigmoid(p["Wf"] @ concat + p["bf"])
    it = _sigmoid(p["Wi"] @ concat + p["bi"])
    cct = (_sigmoid if mistake == "sigmoid_cct" else np.tanh)(p["Wc"] @ concat + p["bc"])
    ot = _sigmoid(p["Wo"] @ concat + p["bo"])
    if mistake == "no_forget":
        c_next = c_prev + it * cct
    elif mistake == "gates_swapped":
        c_next = it * c_prev + ft * cct
    elif mistake == "no_update":
        c_next = ft * c_prev + cct
    else:
        c_next = ft * c_prev + it * cct
    if mistake == "no_tanh_c":
        a_next = ot * c_next
    elif mistake == "tanh_c_prev":
        a_next = ot * np.tanh(c_prev)
    else:
        a_next = ot * np.tanh(c_next)
    y = _softmax(p["Wy"] @ a_next + p["by"], axis=1 if mistake == "softmax_axis1" else 0)
    return a_next, c_next, y, (ft, it, cct, ot)


LSTM_CELL_MISTAKES = {
    "concat_order": "concatenating [xt; a_prev] instead of [a_prev; xt]",
    "no_forget": "not multiplying c_prev by the forget gate ft",
    "gates_swapped": "swapping the gates in c_next (it is ft * c_prev + it * cct)",
    "no_update": "not multiplying the candidate cct by the update gate it",
    "sigmoid_cct": "using a sigmoid instead of tanh for the candidate cct",
    "no_tanh_c": "forgetting the tanh in a_next = ot * tanh(c_next)",
    "tanh_c_prev": "using c_prev instead of c_next in a_next = ot * tanh(c_next)",
    "softmax_axis1": "taking the softmax over axis 1, across the examples, instead of over the classes (axis 0)",
}


def _lstm_forward(x, a0, p, mistake=None):
    n_a, m = a0.shape
    a, c, y = [], [], []
    a_prev, c_prev = a0, (a0 if mistake == "c0_is_a0" else np.zeros((n_a, m)))
    cell_mistake = None if mistake in LSTM_FORWARD_MISTAKES else mistake
    for t in range(x.shape[2]):
        a_in = a0 if mistake == "no_carry_a" else a_prev
        c_in = np.zeros((n_a, m)) if mistake == "no_carry_c" else c_prev
        a_next, c_next, yt, _ = _lstm_cell(x[:, :, t], a_in, c_in, p, cell_mistake)
        a.append(a_next)
        c.append(c_next)
        y.append(yt)
        a_prev, c_prev = a_next, c_next
    return np.stack(a, axis=-1), np.stack(y, axis=-1), np.stack(c, axis=-1)


LSTM_FORWARD_MISTAKES = {
    "no_carry_a": "starting every step from a0 instead of the previous step's a_next",
    "no_carry_c": "starting every step from an empty memory instead of the previous step's c_next",
    "c0_is_a0": "starting the memory from a0 (c0 is zeros)",
}


def _named(variant, mistakes, pick, *args):
    """{description: output} of ``variant`` for every mistake; ``pick`` selects the output compared."""
    return {label: pick(variant(*args, mistake=key)) for key, label in mistakes.items()}


def _where(sizes) -> str:
    n_x, n_a, n_y, m, T_x, _ = sizes
    return f"(n_x={n_x}, n_a={n_a}, n_y={n_y}, m={m})"


def _where_seq(sizes) -> str:
    n_x, n_a, n_y, m, T_x, _ = sizes
    return f"(n_x={n_x}, n_a={n_a}, n_y={n_y}, m={m}, T_x={T_x})"


def _check_params(name, got, want, keys):
    got = check_keys(name, got, keys, exact=False)
    for k in keys:
        check_array(f'{name}["{k}"]', got[k], want[k], rtol=RTOL)


# --------------------------------------------------------------------------- softmax


def _check_finite(name, got):
    arr = np.asarray(got, dtype=np.float64) if isinstance(got, np.ndarray) else None
    if arr is not None and not np.all(np.isfinite(arr)):
        raise Mismatch(
            f"{name} contains nan or inf: exp overflowed. Subtract each column's maximum from x "
            "before np.exp (the softmax does not change, and the largest exponent becomes 0)."
        )


@graded(points=4, function="softmax")
def test_softmax_values(student, reference):
    """softmax on random scores: a distribution over the classes (axis 0) for every example"""
    rng = np.random.default_rng(21)
    for shape in ((4, 6), (3, 1), (7, 3), (2, 5)):
        x = rng.standard_normal(shape) * 3
        name = f"softmax(x) for x of shape {shape}"
        check_array(
            name,
            student.softmax(x),
            reference.softmax(x),
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "taking the softmax over axis 1, across the examples, instead of over the classes (axis 0)": _softmax(
                    x, axis=1
                ),
                "normalising over the whole array instead of each column": np.exp(x) / np.exp(x).sum(),
            },
        )


@graded(points=3, function="softmax")
def test_softmax_is_numerically_stable(student, reference):
    """softmax of very large and very negative scores (no overflow)"""
    rng = np.random.default_rng(22)
    x = rng.standard_normal((5, 4)) * 3
    x[:, 0] += 1000.0
    x[:, 1] -= 1000.0
    x[:, 3] *= 300.0
    name = "softmax(x) for scores of size about 1000"
    got = student.softmax(x)
    _check_finite(name, got)
    check_array(name, got, reference.softmax(x), rtol=RTOL, atol=ATOL)


@graded(points=3, function="softmax", structure=True)
def test_softmax_shapes(student, reference):
    """softmax keeps the shape of its input: one row, one column, and a whole sequence (n_y, m, T_x)"""
    rng = np.random.default_rng(23)
    for shape in ((1, 5), (4, 1), (3, 4, 6)):
        x = rng.standard_normal(shape)
        got = check_shape(f"softmax(x) for x of shape {shape}", student.softmax(x), shape)
        check_array(f"softmax(x) for x of shape {shape}", got, reference.softmax(x), rtol=RTOL, atol=ATOL)


# --------------------------------------------------------------------------- rnn_cell_forward


def _rnn_cell_case(student, reference, sizes, t=0):
    x, a0, p = _rnn_inputs(sizes)
    xt = x[:, :, t]
    out = check_tuple("rnn_cell_forward(...)", student.rnn_cell_forward(xt, a0, p), 3)
    return out, reference.rnn_cell_forward(xt, a0, p), (xt, a0, p)


def _rnn_cell_mistakes(args, pick, sizes):
    mistakes = dict(RNN_CELL_MISTAKES)
    if sizes[0] != sizes[1]:
        mistakes.pop("swap_W")  # the shapes would not even multiply
    return _named(_rnn_cell, mistakes, pick, *args)


@graded(points=6, function="rnn_cell_forward")
def test_rnn_cell_forward_a_next(student, reference):
    """rnn_cell_forward's a_next = tanh(Waa a_prev + Wax xt + ba)"""
    for sizes in SIZES:
        got, want, args = _rnn_cell_case(student, reference, sizes)
        check_array(
            f"a_next {_where(sizes)}",
            got[0],
            want[0],
            rtol=RTOL,
            atol=ATOL,
            mistakes=_rnn_cell_mistakes(args, lambda o: o[0], sizes),
        )


@graded(points=6, function="rnn_cell_forward")
def test_rnn_cell_forward_yt_pred(student, reference):
    """rnn_cell_forward's yt_pred = softmax(Wya a_next + by)"""
    for sizes in SIZES:
        got, want, args = _rnn_cell_case(student, reference, sizes)
        check_array(
            f"yt_pred {_where(sizes)}",
            got[1],
            want[1],
            rtol=RTOL,
            atol=ATOL,
            mistakes=_rnn_cell_mistakes(args, lambda o: o[1], sizes),
        )


@graded(points=3, function="rnn_cell_forward", structure=True)
def test_rnn_cell_forward_shapes(student, reference):
    """rnn_cell_forward returns a_next (n_a, m) and yt_pred (n_y, m)"""
    for sizes in SIZES:
        n_x, n_a, n_y, m, _, _ = sizes
        got, _, _ = _rnn_cell_case(student, reference, sizes)
        check_shape(f"a_next {_where(sizes)}", got[0], (n_a, m))
        check_shape(f"yt_pred {_where(sizes)}", got[1], (n_y, m))


@graded(points=5, function="rnn_cell_forward", structure=True)
def test_rnn_cell_forward_cache(student, reference):
    """rnn_cell_forward's cache is (a_next, a_prev, xt, parameters)"""
    for sizes in SIZES[:2]:
        got, want, (xt, a_prev, p) = _rnn_cell_case(student, reference, sizes)
        cache = check_tuple("the cache of rnn_cell_forward", got[2], 4)
        for i in range(3):
            _check_cache_item("cache", _where(sizes), cache, want[2], i, RTOL, names=RNN_CACHE)
        _check_params("cache[3] (parameters)", cache[3], p, RNN_KEYS)


# --------------------------------------------------------------------------- rnn_forward


def _rnn_forward_case(student, reference, sizes):
    x, a0, p = _rnn_inputs(sizes)
    out = check_tuple("rnn_forward(...)", student.rnn_forward(x, a0, p), 3)
    n_x, n_a, n_y, m, T_x, _ = sizes
    check_shape(f"a {_where_seq(sizes)}", out[0], (n_a, m, T_x))
    check_shape(f"y_pred {_where_seq(sizes)}", out[1], (n_y, m, T_x))
    return out, reference.rnn_forward(x, a0, p), (x, a0, p)


@graded(points=7, function="rnn_forward")
def test_rnn_forward_hidden_states(student, reference):
    """rnn_forward's hidden states a over the whole sequence"""
    for sizes in SIZES:
        got, want, args = _rnn_forward_case(student, reference, sizes)
        check_array(
            f"a {_where_seq(sizes)}",
            got[0],
            want[0],
            rtol=ITER_RTOL,
            atol=ATOL,
            mistakes=_named(_rnn_forward, RNN_FORWARD_MISTAKES, lambda o: o[0], *args),
        )


@graded(points=5, function="rnn_forward")
def test_rnn_forward_predictions(student, reference):
    """rnn_forward's predictions y_pred over the whole sequence"""
    for sizes in SIZES:
        got, want, args = _rnn_forward_case(student, reference, sizes)
        check_array(
            f"y_pred {_where_seq(sizes)}",
            got[1],
            want[1],
            rtol=ITER_RTOL,
            atol=ATOL,
            mistakes=_named(_rnn_forward, RNN_FORWARD_MISTAKES, lambda o: o[1], *args),
        )


@graded(points=3, function="rnn_forward", structure=True)
def test_rnn_forward_shapes(student, reference):
    """rnn_forward returns a (n_a, m, T_x) and y_pred (n_y, m, T_x), also for T_x = 1"""
    for sizes in SIZES:
        _rnn_forward_case(student, reference, sizes)


@graded(points=5, function="rnn_forward", structure=True)
def test_rnn_forward_caches(student, reference):
    """rnn_forward's caches are (the list of the T_x cell caches, x)"""
    for sizes in SIZES[:2]:
        got, want, (x, a0, p) = _rnn_forward_case(student, reference, sizes)
        caches = check_tuple("the caches of rnn_forward", got[2], 2)
        T_x = x.shape[2]
        cell_caches = caches[0]
        if not isinstance(cell_caches, (list, tuple)) or len(cell_caches) != T_x:
            raise Mismatch(f"caches[0] should be a list of the {T_x} caches of rnn_cell_forward, one per step.")
        check_array("caches[1] (x)", caches[1], x, rtol=RTOL)
        for t in (0, T_x - 1):
            cache = check_tuple(f"caches[0][{t}]", cell_caches[t], 4)
            for i in range(3):
                _check_cache_item(
                    f"caches[0][{t}]", _where_seq(sizes), cache, want[2][0][t], i, ITER_RTOL, names=RNN_CACHE
                )


# --------------------------------------------------------------------------- lstm_cell_forward


def _lstm_cell_case(student, reference, sizes):
    x, a0, c0, p = _lstm_inputs(sizes)
    xt = x[:, :, 0]
    out = check_tuple("lstm_cell_forward(...)", student.lstm_cell_forward(xt, a0, c0, p), 4)
    n_a, m = a0.shape
    check_shape(f"a_next {_where(sizes)}", out[0], (n_a, m))
    check_shape(f"c_next {_where(sizes)}", out[1], (n_a, m))
    check_shape(f"yt_pred {_where(sizes)}", out[2], (sizes[2], m))
    return out, reference.lstm_cell_forward(xt, a0, c0, p), (xt, a0, c0, p)


def _lstm_mistakes(args, pick):
    return _named(_lstm_cell, LSTM_CELL_MISTAKES, pick, *args)


def _moved_item(name, where, got_cache, want_cache, i, names, rtol) -> str:
    """When item ``i`` of a cell cache holds another item of the cache, say so."""
    try:
        got = np.asarray(got_cache[i], dtype=np.float64)
    except (TypeError, ValueError):
        return ""
    for j, other in enumerate(names[:-1]):
        want = np.asarray(want_cache[j], dtype=np.float64)
        # An all-zero item (c0 at the first step) says nothing about the order.
        if j != i and np.any(want != 0) and got.shape == want.shape and np.allclose(got, want, rtol=rtol, atol=ATOL):
            return (
                f"{name}[{i}] {where} holds {other}, but it should hold {names[i]}: the cache is "
                f"({', '.join(names)}), in this order."
            )
    return ""


def _check_cache_item(name, where, got_cache, want_cache, i, rtol, names=LSTM_CACHE, mistakes=None):
    """Item ``i`` of a cell cache, saying which item it holds when the order is wrong."""
    try:
        check_array(
            f"{name}[{i}] ({names[i]}) {where}", got_cache[i], want_cache[i], rtol=rtol, atol=ATOL, mistakes=mistakes
        )
    except Mismatch:
        moved = _moved_item(name, where, got_cache, want_cache, i, names, rtol)
        if moved:
            raise Mismatch(moved) from None
        raise


@graded(points=8, function="lstm_cell_forward")
def test_lstm_cell_forward_gates(student, reference):
    """lstm_cell_forward's gates ft, it, cct, ot, read from the cache"""
    for sizes in SIZES:
        got, want, args = _lstm_cell_case(student, reference, sizes)
        cache = check_tuple("the cache of lstm_cell_forward", got[3], 10)
        for i in range(4, 8):
            mistakes = _named(
                _lstm_cell,
                {key: LSTM_CELL_MISTAKES[key] for key in ("concat_order", "sigmoid_cct")},
                lambda o, i=i: o[3][i - 4],
                *args,
            )
            _check_cache_item("cache", _where(sizes), cache, want[3], i, RTOL, mistakes=mistakes)


@graded(points=7, function="lstm_cell_forward")
def test_lstm_cell_forward_c_next(student, reference):
    """lstm_cell_forward's memory c_next = ft * c_prev + it * cct"""
    for sizes in SIZES:
        got, want, args = _lstm_cell_case(student, reference, sizes)
        check_array(
            f"c_next {_where(sizes)}",
            got[1],
            want[1],
            rtol=RTOL,
            atol=ATOL,
            mistakes=_lstm_mistakes(args, lambda o: o[1]),
        )


@graded(points=6, function="lstm_cell_forward")
def test_lstm_cell_forward_a_next(student, reference):
    """lstm_cell_forward's hidden state a_next = ot * tanh(c_next)"""
    for sizes in SIZES:
        got, want, args = _lstm_cell_case(student, reference, sizes)
        check_array(
            f"a_next {_where(sizes)}",
            got[0],
            want[0],
            rtol=RTOL,
            atol=ATOL,
            mistakes=_lstm_mistakes(args, lambda o: o[0]),
        )


@graded(points=3, function="lstm_cell_forward")
def test_lstm_cell_forward_yt_pred(student, reference):
    """lstm_cell_forward's prediction yt_pred = softmax(Wy a_next + by)"""
    for sizes in SIZES:
        got, want, args = _lstm_cell_case(student, reference, sizes)
        check_array(
            f"yt_pred {_where(sizes)}",
            got[2],
            want[2],
            rtol=RTOL,
            atol=ATOL,
            mistakes=_lstm_mistakes(args, lambda o: o[2]),
        )


@graded(points=6, function="lstm_cell_forward", structure=True)
def test_lstm_cell_forward_cache(student, reference):
    """lstm_cell_forward's cache is (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)"""
    for sizes in SIZES[:2]:
        got, want, (xt, a0, c0, p) = _lstm_cell_case(student, reference, sizes)
        cache = check_tuple("the cache of lstm_cell_forward", got[3], 10)
        for i in range(9):
            _check_cache_item("cache", _where(sizes), cache, want[3], i, RTOL)
        _check_params("cache[9] (parameters)", cache[9], p, LSTM_KEYS)


# --------------------------------------------------------------------------- lstm_forward


def _lstm_forward_case(student, reference, sizes):
    x, a0, _, p = _lstm_inputs(sizes)
    out = check_tuple("lstm_forward(...)", student.lstm_forward(x, a0, p), 4)
    n_x, n_a, n_y, m, T_x, _ = sizes
    check_shape(f"a {_where_seq(sizes)}", out[0], (n_a, m, T_x))
    check_shape(f"y {_where_seq(sizes)}", out[1], (n_y, m, T_x))
    check_shape(f"c {_where_seq(sizes)}", out[2], (n_a, m, T_x))
    return out, reference.lstm_forward(x, a0, p), (x, a0, p)


def _lstm_forward_mistakes(args, k):
    mistakes = _named(_lstm_forward, LSTM_FORWARD_MISTAKES, lambda o: o[k], *args)
    for key in ("concat_order", "no_forget", "no_tanh_c"):
        mistakes[LSTM_CELL_MISTAKES[key]] = _lstm_forward(*args, mistake=key)[k]
    return mistakes


@graded(points=6, function="lstm_forward")
def test_lstm_forward_hidden_states(student, reference):
    """lstm_forward's hidden states a over the whole sequence"""
    for sizes in SIZES:
        got, want, args = _lstm_forward_case(student, reference, sizes)
        check_array(
            f"a {_where_seq(sizes)}",
            got[0],
            want[0],
            rtol=ITER_RTOL,
            atol=ATOL,
            mistakes=_lstm_forward_mistakes(args, 0),
        )


@graded(points=6, function="lstm_forward")
def test_lstm_forward_memory(student, reference):
    """lstm_forward's memory cells c over the whole sequence, from c0 = 0"""
    for sizes in SIZES:
        got, want, args = _lstm_forward_case(student, reference, sizes)
        check_array(
            f"c {_where_seq(sizes)}",
            got[2],
            want[2],
            rtol=ITER_RTOL,
            atol=ATOL,
            mistakes=_lstm_forward_mistakes(args, 2),
        )


@graded(points=3, function="lstm_forward")
def test_lstm_forward_predictions(student, reference):
    """lstm_forward's predictions y over the whole sequence"""
    for sizes in SIZES:
        got, want, args = _lstm_forward_case(student, reference, sizes)
        check_array(
            f"y {_where_seq(sizes)}",
            got[1],
            want[1],
            rtol=ITER_RTOL,
            atol=ATOL,
            mistakes=_lstm_forward_mistakes(args, 1),
        )


@graded(points=5, function="lstm_forward", structure=True)
def test_lstm_forward_caches(student, reference):
    """lstm_forward's caches are (the list of the T_x cell caches, x)"""
    for sizes in SIZES[:2]:
        got, want, (x, a0, p) = _lstm_forward_case(student, reference, sizes)
        caches = check_tuple("the caches of lstm_forward", got[3], 2)
        T_x = x.shape[2]
        if not isinstance(caches[0], (list, tuple)) or len(caches[0]) != T_x:
            raise Mismatch(f"caches[0] should be a list of the {T_x} caches of lstm_cell_forward, one per step.")
        check_array("caches[1] (x)", caches[1], x, rtol=RTOL)
        for t in (0, T_x - 1):
            cache = check_tuple(f"caches[0][{t}]", caches[0][t], 10)
            for i in range(9):
                _check_cache_item(f"caches[0][{t}]", _where_seq(sizes), cache, want[3][0][t], i, ITER_RTOL)
