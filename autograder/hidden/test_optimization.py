"""Hidden tests of the optimization assignment (mini-batches, momentum, RMSProp, Adam, decay).

Parameters, gradients and running averages are random, for networks of several depths
and widths. Tolerances: rtol=1e-7 (atol=1e-12 for values that cancel to about 0) for a
single update or a closed-form learning rate; rtol=1e-6 for several updates in a row.
``random_mini_batches`` is graded by properties that do not depend on the random draw
(the number and sizes of the batches, a partition of the examples, X and Y columns kept
together, a shuffled order) and separately by the exact draw of the contract,
``perm = rng.permutation(m)``.
"""

from __future__ import annotations

import math

import numpy as np

from autograder.testing import (
    Mismatch,
    as_float,
    check_array,
    check_float,
    check_keys,
    check_shape,
    check_tuple,
    graded,
)
from dlcourse.compare import as_numeric_array, close

RTOL, ATOL = 1e-7, 1e-12
ITER_RTOL = 1e-6


def _parameters(dims, seed):
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(dims)):
        parameters[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1]))
        parameters[f"b{layer}"] = rng.standard_normal((dims[layer], 1))
    return parameters


def _like(parameters, seed, positive=False, scale=1.0, floor=0.0):
    """Random arrays keyed "dW{l}", "db{l}". ``floor`` keeps their magnitudes away from 0, so that
    epsilon (1e-8) changes the updates by less than the tolerance wherever it is not the point."""
    rng = np.random.default_rng(seed)
    out = {}
    for key, value in parameters.items():
        a = rng.standard_normal(value.shape) * scale
        a = np.sign(a) * (floor + np.abs(a))
        out["d" + key] = a**2 if positive else a
    return out


def _distinct(mistakes, expected):
    """The mistakes whose result differs from the expected one (so none is named by accident)."""
    return {label: wrong for label, wrong in mistakes.items() if not close(wrong, expected, rtol=1e-6)}


def _zeros(parameters):
    return {"d" + k: np.zeros_like(v) for k, v in parameters.items()}


def _layers(dims) -> str:
    return f"for layers {list(dims)}"


def _check_dict(name, got, reference_dict):
    """Exactly the keys of ``reference_dict``, each with its shape."""
    if isinstance(got, dict):
        names = set(got)
        if names and names == {k[1:] for k in reference_dict if k.startswith("d")}:
            raise Mismatch(f"{name} uses the parameters' keys ('W1', ...); its keys should be 'dW1', 'db1', ...")
        if names and names == {"d" + k for k in reference_dict}:
            raise Mismatch(f"{name} has gradient-style keys ('dW1', ...); it should use the keys 'W1', 'b1', ...")
    check_keys(name, got, list(reference_dict))
    for key, value in reference_dict.items():
        check_shape(f"{name}['{key}']", got[key], np.shape(value))
    return got


def _scalar(got):
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "iuf":
        return float(got.ravel()[0])
    return got


# ---------------------------------------------------------------------- random_mini_batches

# (n_x, m, mini_batch_size, seed): a multiple and non-multiples, a last batch of 1,
# a batch larger than m, batches of 1 (stochastic gradient descent).
MINI_BATCH_CASES = [
    (4, 150, 64, 101),
    (2, 128, 32, 102),
    (5, 7, 10, 103),
    (3, 65, 64, 104),
    (1, 33, 1, 105),
    (3, 100, 30, 106),
]


def _mini_batch_inputs(n_x, m, seed):
    """Row 0 of X holds the example's index; Y holds a distinct value per example."""
    rng = np.random.default_rng(seed + 500)
    X = rng.standard_normal((n_x, m))
    X[0] = np.arange(m)
    Y = rng.random((1, m))
    return X, Y


def _batches(student, n_x, m, size, seed):
    X, Y = _mini_batch_inputs(n_x, m, seed)
    where = f"for X of shape {X.shape} and mini_batch_size = {size}"
    batches = student.random_mini_batches(X, Y, size, np.random.default_rng(seed))
    if not isinstance(batches, (list, tuple)):
        raise Mismatch(
            f"random_mini_batches should return a list of (X_batch, Y_batch), not a {type(batches).__name__}."
        )
    want = -(-m // size)
    if len(batches) != want:
        hint = ""
        if len(batches) == m // size:
            hint = " The last, smaller batch is missing: keep the remaining examples as a last batch."
        elif len(batches) == want + 1:
            hint = " There is one batch too many: is the last one empty?"
        raise Mismatch(f"{where} there should be {want} mini-batches, but there are {len(batches)}." + hint)
    out = []
    for k, batch in enumerate(batches):
        X_b, Y_b = check_tuple(f"mini-batch {k} {where}", batch, 2)
        out.append((X_b, Y_b))
    return X, Y, out, where


def _sized(X, out, size, where):
    n_x, m = X.shape
    sized = []
    for k, (X_b, Y_b) in enumerate(out):
        n = min(size, m - k * size)
        if np.shape(Y_b) == (n,):
            raise Mismatch(f"Y_batch {k} {where} has shape {(n,)}; keep its row dimension: shape {(1, n)}.")
        sized.append(
            (check_shape(f"X_batch {k} {where}", X_b, (n_x, n)), check_shape(f"Y_batch {k} {where}", Y_b, (1, n)))
        )
    return sized


@graded(points=3, function="random_mini_batches", structure=True)
def test_mini_batches_count(student, reference):
    """random_mini_batches returns ceil(m / mini_batch_size) (X_batch, Y_batch) pairs"""
    for case in MINI_BATCH_CASES:
        _batches(student, *case)


@graded(points=3, function="random_mini_batches", structure=True)
def test_mini_batches_sizes(student, reference):
    """every batch holds mini_batch_size examples but the last, which holds the rest; Y_batch is (1, m_t)"""
    for n_x, m, size, seed in MINI_BATCH_CASES:
        X, _, out, where = _batches(student, n_x, m, size, seed)
        _sized(X, out, size, where)


@graded(points=4, function="random_mini_batches", structure=True)
def test_mini_batches_partition(student, reference):
    """the batches hold every example exactly once, each X column with its own Y column"""
    for n_x, m, size, seed in MINI_BATCH_CASES:
        X, Y, out, where = _batches(student, n_x, m, size, seed)
        seen = []
        for k, (X_b, Y_b) in enumerate(_sized(X, out, size, where)):
            idx = X_b[0]
            if not np.array_equal(idx, np.round(idx)) or idx.min() < 0 or idx.max() >= m:
                raise Mismatch(
                    f"X_batch {k} {where} holds columns that are not columns of X: shuffle whole columns "
                    "(X[:, perm]), not rows or single entries."
                )
            idx = idx.astype(int)
            if not np.array_equal(X_b, X[:, idx]):
                raise Mismatch(
                    f"X_batch {k} {where} holds columns that are not columns of X: shuffle whole columns "
                    "(X[:, perm]), not rows or single entries."
                )
            if not np.array_equal(Y_b, Y[:, idx]):
                raise Mismatch(
                    f"in mini-batch {k} {where}, the columns of Y_batch are not the labels of the columns of "
                    "X_batch: shuffle X and Y with the same permutation."
                )
            seen.extend(idx.tolist())
        if sorted(seen) != list(range(m)):
            raise Mismatch(
                f"{where} the mini-batches do not hold every example exactly once: slice consecutive, "
                "non-overlapping blocks of the shuffled columns."
            )


@graded(points=2, function="random_mini_batches")
def test_mini_batches_shuffled(student, reference):
    """the examples are shuffled before they are split"""
    for n_x, m, size, seed in MINI_BATCH_CASES:
        if m < 10:
            continue
        X, _, out, where = _batches(student, n_x, m, size, seed)
        order = np.concatenate([np.asarray(X_b, dtype=np.float64)[0] for X_b, _ in out])
        if np.array_equal(order, np.arange(m)):
            raise Mismatch(f"{where} the examples are in their original order: shuffle them first.")


@graded(points=6, function="random_mini_batches")
def test_mini_batches_exact_draw(student, reference):
    """the shuffle is the draw perm = rng.permutation(m), applied to the columns of X and Y"""
    for n_x, m, size, seed in MINI_BATCH_CASES:
        X, Y, out, where = _batches(student, n_x, m, size, seed)
        expected = reference.random_mini_batches(X, Y, size, np.random.default_rng(seed))
        for k, ((X_b, Y_b), (X_ref, Y_ref)) in enumerate(zip(_sized(X, out, size, where), expected, strict=True)):
            if not (np.array_equal(X_b, X_ref) and np.array_equal(Y_b, Y_ref)):
                raise Mismatch(
                    f"{where}, mini-batch {k} does not hold the examples the seeded draw gives: draw "
                    "perm = rng.permutation(m), once, use X[:, perm] and Y[:, perm], and cut consecutive "
                    "batches from the start."
                )


# ------------------------------------------------------------------ the three initializers

INIT_DIMS = [(4, 5, 3, 1), (6, 1), (2, 3, 3, 3, 3, 1)]


def _check_zero_state(name, got, parameters):
    _check_dict(name, got, _zeros(parameters))
    for key in parameters:
        arr = as_numeric_array(f"{name}['d{key}']", got["d" + key])
        if np.any(arr != 0):
            raise Mismatch(f"{name}['d{key}'] should be all zeros.")


@graded(points=3, function="initialize_velocity", structure=True)
def test_initialize_velocity_keys(student, reference):
    """initialize_velocity returns exactly the keys dW1, db1, ..., dWL, dbL, with the parameters' shapes"""
    for dims in INIT_DIMS:
        parameters = _parameters(dims, 1)
        _check_dict(f"v {_layers(dims)}", student.initialize_velocity(parameters), _zeros(parameters))


@graded(points=3, function="initialize_velocity")
def test_initialize_velocity_zeros(student, reference):
    """initialize_velocity returns float zeros"""
    for dims in INIT_DIMS:
        parameters = _parameters(dims, 2)
        _check_zero_state(f"v {_layers(dims)}", student.initialize_velocity(parameters), parameters)


@graded(points=3, function="initialize_rmsprop", structure=True)
def test_initialize_rmsprop_keys(student, reference):
    """initialize_rmsprop returns exactly the keys dW1, db1, ..., dWL, dbL, with the parameters' shapes"""
    for dims in INIT_DIMS:
        parameters = _parameters(dims, 3)
        _check_dict(f"s {_layers(dims)}", student.initialize_rmsprop(parameters), _zeros(parameters))


@graded(points=2, function="initialize_rmsprop")
def test_initialize_rmsprop_zeros(student, reference):
    """initialize_rmsprop returns float zeros"""
    for dims in INIT_DIMS:
        parameters = _parameters(dims, 4)
        _check_zero_state(f"s {_layers(dims)}", student.initialize_rmsprop(parameters), parameters)


def _adam_init(student, dims, seed):
    parameters = _parameters(dims, seed)
    v, s = check_tuple(f"initialize_adam(parameters) {_layers(dims)}", student.initialize_adam(parameters), 2)
    return parameters, v, s


@graded(points=2, function="initialize_adam", structure=True)
def test_initialize_adam_returns_two_dicts(student, reference):
    """initialize_adam returns a tuple (v, s)"""
    for dims in INIT_DIMS:
        _adam_init(student, dims, 5)


@graded(points=2, function="initialize_adam", structure=True)
def test_initialize_adam_keys(student, reference):
    """v and s have exactly the keys dW1, db1, ..., dWL, dbL, with the parameters' shapes"""
    for dims in INIT_DIMS:
        parameters, v, s = _adam_init(student, dims, 6)
        _check_dict(f"v {_layers(dims)}", v, _zeros(parameters))
        _check_dict(f"s {_layers(dims)}", s, _zeros(parameters))


@graded(points=2, function="initialize_adam")
def test_initialize_adam_zeros(student, reference):
    """v and s are float zeros"""
    for dims in INIT_DIMS:
        parameters, v, s = _adam_init(student, dims, 7)
        _check_zero_state(f"v {_layers(dims)}", v, parameters)
        _check_zero_state(f"s {_layers(dims)}", s, parameters)


# ------------------------------------------------------------------------------- momentum

MOMENTUM_CASES = [((3, 4, 1), 11, 0.9, 0.05), ((5, 3, 2, 1), 12, 0.8, 0.3), ((4, 6, 1), 13, 0.95, 0.01)]


def _momentum(student, parameters, grads, v, beta, lr, where):
    out = check_tuple(
        f"update_parameters_with_momentum(...) {where}",
        student.update_parameters_with_momentum(parameters, grads, v, beta, lr),
        2,
    )
    return _check_dict(f"the returned parameters {where}", out[0], parameters), _check_dict(
        f"the returned v {where}", out[1], v
    )


def _momentum_mistakes(parameters, grads, v, beta, lr):
    def variant(vf, pf):
        new_v = {k: vf(v[k], grads[k]) for k in v}
        return {k: pf(parameters[k], new_v["d" + k], v["d" + k], grads["d" + k]) for k in parameters}, new_v

    return {
        "v = beta * v + grad, without the (1 - beta)": variant(
            lambda a, g: beta * a + g, lambda x, nv, ov, g: x - lr * nv
        ),
        "stepping along the gradient instead of the velocity": variant(
            lambda a, g: beta * a + (1 - beta) * g, lambda x, nv, ov, g: x - lr * g
        ),
        "swapping beta and 1 - beta": variant(lambda a, g: (1 - beta) * a + beta * g, lambda x, nv, ov, g: x - lr * nv),
        "stepping with the old velocity instead of the updated one": variant(
            lambda a, g: beta * a + (1 - beta) * g, lambda x, nv, ov, g: x - lr * ov
        ),
        "adding the step instead of subtracting it": variant(
            lambda a, g: beta * a + (1 - beta) * g, lambda x, nv, ov, g: x + lr * nv
        ),
    }


def _compare_state(label, got_p, got_s, exp_p, exp_s, mistakes, rtol=RTOL, state="v"):
    for key in exp_s:
        check_array(
            f"{state}['{key}'] {label}",
            got_s[key],
            exp_s[key],
            rtol=rtol,
            atol=ATOL,
            mistakes=_distinct({lab: w[1][key] for lab, w in mistakes.items()}, exp_s[key]),
        )
    for key in exp_p:
        check_array(
            f"parameters['{key}'] {label}",
            got_p[key],
            exp_p[key],
            rtol=rtol,
            atol=ATOL,
            mistakes=_distinct({lab: w[0][key] for lab, w in mistakes.items()}, exp_p[key]),
        )


@graded(points=3, function="update_parameters_with_momentum", structure=True)
def test_momentum_structure(student, reference):
    """update_parameters_with_momentum returns (parameters, v) with the same keys and shapes"""
    for dims, seed, beta, lr in MOMENTUM_CASES:
        parameters = _parameters(dims, seed)
        _momentum(
            student, parameters, _like(parameters, seed + 1), _like(parameters, seed + 2), beta, lr, _layers(dims)
        )


@graded(points=6, function="update_parameters_with_momentum")
def test_momentum_values(student, reference):
    """one momentum step matches the reference"""
    for dims, seed, beta, lr in MOMENTUM_CASES:
        parameters = _parameters(dims, seed)
        grads, v = _like(parameters, seed + 1), _like(parameters, seed + 2, scale=0.5)
        where = f"{_layers(dims)}, beta = {beta}, learning_rate = {lr}"
        got_p, got_v = _momentum(student, parameters, grads, v, beta, lr, where)
        exp_p, exp_v = reference.update_parameters_with_momentum(parameters, grads, v, beta, lr)
        _compare_state(where, got_p, got_v, exp_p, exp_v, _momentum_mistakes(parameters, grads, v, beta, lr))


@graded(points=3, function="update_parameters_with_momentum")
def test_momentum_several_steps(student, reference):
    """five momentum steps in a row, from zero velocity, match the reference"""
    dims, seed, beta, lr = MOMENTUM_CASES[1]
    p_s = p_r = _parameters(dims, seed)
    v_s = v_r = _zeros(p_s)
    for step in range(5):
        grads = _like(p_r, 100 + step)
        p_s, v_s = _momentum(student, p_s, grads, v_s, beta, lr, f"at step {step + 1}")
        p_r, v_r = reference.update_parameters_with_momentum(p_r, grads, v_r, beta, lr)
    _compare_state(f"after 5 steps {_layers(dims)}", p_s, v_s, p_r, v_r, {}, rtol=ITER_RTOL)


@graded(points=2, function="update_parameters_with_momentum")
def test_momentum_without_momentum(student, reference):
    """with beta = 0 the step is a plain gradient-descent step"""
    dims, seed, _, lr = MOMENTUM_CASES[0]
    parameters = _parameters(dims, seed)
    grads, v = _like(parameters, seed + 1), _like(parameters, seed + 2)
    got_p, got_v = _momentum(student, parameters, grads, v, 0.0, lr, "with beta = 0")
    for key in parameters:
        check_array(
            f"parameters['{key}'] with beta = 0 (it should be W - learning_rate * dW)",
            got_p[key],
            parameters[key] - lr * grads["d" + key],
            rtol=RTOL,
            atol=ATOL,
        )


# -------------------------------------------------------------------------------- RMSProp

RMSPROP_CASES = [((3, 4, 1), 21, 0.9, 0.01), ((5, 3, 2, 1), 22, 0.999, 0.001), ((4, 6, 1), 23, 0.5, 0.1)]


def _rmsprop(student, parameters, grads, s, beta, lr, where, *eps):
    out = check_tuple(
        f"update_parameters_with_rmsprop(...) {where}",
        student.update_parameters_with_rmsprop(parameters, grads, s, beta, lr, *eps),
        2,
    )
    return _check_dict(f"the returned parameters {where}", out[0], parameters), _check_dict(
        f"the returned s {where}", out[1], s
    )


def _rmsprop_mistakes(parameters, grads, s, beta, lr, eps):
    def variant(sf, pf):
        with np.errstate(invalid="ignore", divide="ignore"):
            new_s = {k: sf(s[k], grads[k]) for k in s}
            return {k: pf(parameters[k], new_s["d" + k], s["d" + k], grads["d" + k]) for k in parameters}, new_s

    ok = lambda a, g: beta * a + (1 - beta) * g**2  # noqa: E731
    return {
        "putting epsilon inside the square root": variant(ok, lambda x, ns, os, g: x - lr * g / np.sqrt(ns + eps)),
        "leaving out the square root": variant(ok, lambda x, ns, os, g: x - lr * g / (ns + eps)),
        "swapping beta and 1 - beta": variant(
            lambda a, g: (1 - beta) * a + beta * g**2, lambda x, ns, os, g: x - lr * g / (np.sqrt(ns) + eps)
        ),
        "stepping with the old s instead of the updated one": variant(
            ok, lambda x, ns, os, g: x - lr * g / (np.sqrt(os) + eps)
        ),
        "not squaring the gradient in s": variant(
            lambda a, g: beta * a + (1 - beta) * g, lambda x, ns, os, g: x - lr * g / (np.sqrt(ns) + eps)
        ),
        "ignoring the epsilon argument (using 1e-8)": variant(
            ok, lambda x, ns, os, g: x - lr * g / (np.sqrt(ns) + 1e-8)
        ),
    }


@graded(points=3, function="update_parameters_with_rmsprop", structure=True)
def test_rmsprop_structure(student, reference):
    """update_parameters_with_rmsprop returns (parameters, s) with the same keys and shapes"""
    for dims, seed, beta, lr in RMSPROP_CASES:
        parameters = _parameters(dims, seed)
        _rmsprop(
            student,
            parameters,
            _like(parameters, seed + 1),
            _like(parameters, seed + 2, positive=True),
            beta,
            lr,
            _layers(dims),
        )


@graded(points=6, function="update_parameters_with_rmsprop")
def test_rmsprop_values(student, reference):
    """one RMSProp step with the default epsilon matches the reference"""
    for dims, seed, beta, lr in RMSPROP_CASES:
        parameters = _parameters(dims, seed)
        grads = _like(parameters, seed + 1, floor=0.5)
        s = _like(parameters, seed + 2, positive=True, scale=0.5, floor=0.3)
        where = f"{_layers(dims)}, beta = {beta}, learning_rate = {lr}"
        got_p, got_s = _rmsprop(student, parameters, grads, s, beta, lr, where)
        exp_p, exp_s = reference.update_parameters_with_rmsprop(parameters, grads, s, beta, lr)
        mistakes = _rmsprop_mistakes(parameters, grads, s, beta, lr, 1e-8)
        del mistakes["ignoring the epsilon argument (using 1e-8)"], mistakes["putting epsilon inside the square root"]
        _compare_state(where, got_p, got_s, exp_p, exp_s, mistakes, state="s")


@graded(points=3, function="update_parameters_with_rmsprop")
def test_rmsprop_epsilon(student, reference):
    """epsilon is an argument, added after the square root"""
    dims, seed, beta, lr = RMSPROP_CASES[0]
    parameters = _parameters(dims, seed)
    grads, s = _like(parameters, seed + 1), _like(parameters, seed + 2, positive=True, scale=0.5)
    where = f"{_layers(dims)}, beta = {beta}, learning_rate = {lr}, epsilon = 0.1"
    got_p, got_s = _rmsprop(student, parameters, grads, s, beta, lr, where, 0.1)
    exp_p, exp_s = reference.update_parameters_with_rmsprop(parameters, grads, s, beta, lr, 0.1)
    _compare_state(where, got_p, got_s, exp_p, exp_s, _rmsprop_mistakes(parameters, grads, s, beta, lr, 0.1), state="s")


@graded(points=2, function="update_parameters_with_rmsprop")
def test_rmsprop_several_steps(student, reference):
    """five RMSProp steps in a row, from zero, match the reference"""
    dims, seed, beta, lr = RMSPROP_CASES[1]
    p_s = p_r = _parameters(dims, seed)
    s_s = s_r = _zeros(p_s)
    for step in range(5):
        grads = _like(p_r, 200 + step, floor=0.5)
        p_s, s_s = _rmsprop(student, p_s, grads, s_s, beta, lr, f"at step {step + 1}")
        p_r, s_r = reference.update_parameters_with_rmsprop(p_r, grads, s_r, beta, lr)
    _compare_state(f"after 5 steps {_layers(dims)}", p_s, s_s, p_r, s_r, {}, rtol=ITER_RTOL, state="s")


# ----------------------------------------------------------------------------------- Adam

ADAM_CASES = [
    ((3, 4, 1), 31, 3, (0.01, 0.9, 0.999, 1e-8)),
    ((5, 3, 2, 1), 32, 7, (0.003, 0.85, 0.99, 1e-8)),
    ((4, 6, 1), 33, 2, (0.02, 0.8, 0.995, 0.1)),
]


def _adam(student, parameters, grads, v, s, t, hyper, where):
    out = check_tuple(
        f"update_parameters_with_adam(...) {where}",
        student.update_parameters_with_adam(parameters, grads, v, s, t, *hyper),
        3,
    )
    p = _check_dict(f"the returned parameters {where}", out[0], parameters)
    return p, _check_dict(f"the returned v {where}", out[1], v), _check_dict(f"the returned s {where}", out[2], s)


def _adam_variant(
    parameters,
    grads,
    v,
    s,
    t,
    lr,
    b1,
    b2,
    eps,
    tv=None,
    corr=True,
    store_hat=False,
    eps_in=False,
    square=True,
    swap=False,
):
    tv = t if tv is None else tv
    new_p, new_v, new_s = {}, {}, {}
    with np.errstate(divide="ignore", invalid="ignore"):
        for key in parameters:
            g = grads["d" + key]
            nv = b1 * v["d" + key] + (1 - b1) * g
            ns = b2 * s["d" + key] + (1 - b2) * (g**2 if square else g)
            cv, cs = (1 - b2**tv, 1 - b1**tv) if swap else (1 - b1**tv, 1 - b2**tv)
            vh, sh = (nv / cv, ns / cs) if corr else (nv, ns)
            step = vh / (np.sqrt(sh + eps) if eps_in else np.sqrt(sh) + eps)
            new_p[key] = parameters[key] - lr * step
            new_v["d" + key] = vh if store_hat else nv
            new_s["d" + key] = sh if store_hat else ns
    return new_p, new_v, new_s


def _adam_mistakes(parameters, grads, v, s, t, lr, b1, b2, eps):
    args = (parameters, grads, v, s, t, lr, b1, b2, eps)
    mistakes = {
        "leaving out the bias correction": _adam_variant(*args, corr=False),
        "the bias correction with t + 1 (t already counts from 1)": _adam_variant(*args, tv=t + 1),
        "storing the corrected v_hat and s_hat in v and s (they must keep the uncorrected averages)": _adam_variant(
            *args, store_hat=True
        ),
        "correcting v with beta2 and s with beta1": _adam_variant(*args, swap=True),
        "not squaring the gradient in s": _adam_variant(*args, square=False),
        "putting epsilon inside the square root": _adam_variant(*args, eps_in=True),
    }
    if t > 1:
        mistakes["the bias correction with t - 1 (t counts the updates from 1)"] = _adam_variant(*args, tv=t - 1)
    return mistakes


def _compare_adam(label, got, expected, mistakes, rtol=RTOL):
    names = ("parameters", "v", "s")
    for i in (1, 2, 0):
        for key in expected[i]:
            check_array(
                f"{names[i]}['{key}'] {label}",
                got[i][key],
                expected[i][key],
                rtol=rtol,
                atol=ATOL,
                mistakes=_distinct({lab: w[i][key] for lab, w in mistakes.items()}, expected[i][key]),
            )


@graded(points=3, function="update_parameters_with_adam", structure=True)
def test_adam_structure(student, reference):
    """update_parameters_with_adam returns (parameters, v, s) with the same keys and shapes"""
    for dims, seed, t, hyper in ADAM_CASES:
        parameters = _parameters(dims, seed)
        v, s = _like(parameters, seed + 2, scale=0.3), _like(parameters, seed + 3, positive=True, scale=0.3)
        _adam(student, parameters, _like(parameters, seed + 1), v, s, t, hyper, _layers(dims))


@graded(points=6, function="update_parameters_with_adam")
def test_adam_values(student, reference):
    """one Adam step matches the reference, for several t and hyperparameters"""
    for dims, seed, t, hyper in ADAM_CASES:
        parameters = _parameters(dims, seed)
        grads = _like(parameters, seed + 1, floor=0.5)
        v = _like(parameters, seed + 2, scale=0.3)
        s = _like(parameters, seed + 3, positive=True, scale=0.3, floor=0.3)
        lr, b1, b2, eps = hyper
        where = f"{_layers(dims)}, t = {t}, learning_rate = {lr}, beta1 = {b1}, beta2 = {b2}, epsilon = {eps}"
        got = _adam(student, parameters, grads, v, s, t, hyper, where)
        expected = reference.update_parameters_with_adam(parameters, grads, v, s, t, *hyper)
        _compare_adam(where, got, expected, _adam_mistakes(parameters, grads, v, s, t, *hyper))


@graded(points=4, function="update_parameters_with_adam")
def test_adam_defaults(student, reference):
    """the defaults are learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8"""
    dims, seed = (4, 5, 2, 1), 34
    parameters = _parameters(dims, seed)
    grads = _like(parameters, seed + 1, floor=0.5)
    v = _like(parameters, seed + 2, scale=0.3)
    s = _like(parameters, seed + 3, positive=True, scale=0.3, floor=0.3)
    where = f"{_layers(dims)}, t = 4, with the default hyperparameters"
    got = _adam(student, parameters, grads, v, s, 4, (), where)
    expected = reference.update_parameters_with_adam(parameters, grads, v, s, 4)
    mistakes = _adam_mistakes(parameters, grads, v, s, 4, 0.01, 0.9, 0.999, 1e-8)
    mistakes["a default beta2 = 0.99 instead of 0.999"] = _adam_variant(
        parameters, grads, v, s, 4, 0.01, 0.9, 0.99, 1e-8
    )
    mistakes["a default learning_rate = 0.001 instead of 0.01"] = _adam_variant(
        parameters, grads, v, s, 4, 0.001, 0.9, 0.999, 1e-8
    )
    mistakes["a default beta1 = 0.99 instead of 0.9"] = _adam_variant(
        parameters, grads, v, s, 4, 0.01, 0.99, 0.999, 1e-8
    )
    _compare_adam(where, got, expected, mistakes)


@graded(points=4, function="update_parameters_with_adam")
def test_adam_first_step(student, reference):
    """the first step (t = 1, from v = s = 0) moves each parameter by learning_rate * g / (|g| + epsilon)"""
    dims, seed, lr = (3, 5, 1), 35, 0.02
    parameters = _parameters(dims, seed)
    grads = _like(parameters, seed + 1, floor=0.5)
    where = f"at the first step (t = 1, v = s = 0), {_layers(dims)}, learning_rate = {lr}"
    got = _adam(student, parameters, grads, _zeros(parameters), _zeros(parameters), 1, (lr,), where)
    for key in parameters:
        value = as_numeric_array(f"parameters['{key}'] {where}", got[0][key])
        if not np.all(np.isfinite(value)):
            raise Mismatch(
                f"parameters['{key}'] {where} is not finite: t counts the updates from 1, so the bias correction "
                "divides by 1 - beta**t with t = 1 (with t - 1 = 0 it divides by 0)."
            )
        g = grads["d" + key]
        check_array(
            f"parameters['{key}'] {where}",
            value,
            parameters[key] - lr * g / (np.abs(g) + 1e-8),
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "leaving out the bias correction": _adam_variant(
                    parameters, grads, _zeros(parameters), _zeros(parameters), 1, lr, 0.9, 0.999, 1e-8, corr=False
                )[0][key],
                "the bias correction with t + 1 (t already counts from 1)": _adam_variant(
                    parameters, grads, _zeros(parameters), _zeros(parameters), 1, lr, 0.9, 0.999, 1e-8, tv=2
                )[0][key],
            },
        )


@graded(points=3, function="update_parameters_with_adam")
def test_adam_several_steps(student, reference):
    """ten Adam steps in a row (t = 1, ..., 10), from zero, match the reference"""
    dims, seed = (5, 3, 2, 1), 36
    p_s = p_r = _parameters(dims, seed)
    v_s = s_s = v_r = s_r = _zeros(p_s)
    for t in range(1, 11):
        grads = _like(p_r, 300 + t, floor=0.5)
        p_s, v_s, s_s = _adam(student, p_s, grads, v_s, s_s, t, (0.01,), f"at step t = {t}")
        p_r, v_r, s_r = reference.update_parameters_with_adam(p_r, grads, v_r, s_r, t, 0.01)
    _compare_adam(f"after 10 steps {_layers(dims)}", (p_s, v_s, s_s), (p_r, v_r, s_r), {}, rtol=ITER_RTOL)


# --------------------------------------------------------------------- learning-rate decay

UPDATE_LR_CASES = [(0.5, 0, 1.0), (0.5, 3, 0.2), (0.01, 250, 0.05), (0.2, 17, 1.5), (1.0, 1000, 0.001)]


def _update_lr_mistakes(lr0, epoch, decay):
    return {
        "learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)": lr0 / (1 + decay) * epoch,
        "learning_rate0 / 1 + decay_rate * epoch_num (parentheses)": lr0 / 1 + decay * epoch,
        "an exponential decay learning_rate0 * decay_rate ** epoch_num": lr0 * decay**epoch,
        "counting epochs from 1 (epoch_num + 1)": lr0 / (1 + decay * (epoch + 1)),
    }


@graded(points=2, function="update_lr", structure=True)
def test_update_lr_is_a_number(student, reference):
    """update_lr returns a single number"""
    as_float("update_lr(0.5, 3, 0.2)", student.update_lr(0.5, 3, 0.2))


@graded(points=5, function="update_lr")
def test_update_lr_values(student, reference):
    """update_lr gives learning_rate0 / (1 + decay_rate * epoch_num)"""
    for lr0, epoch, decay in UPDATE_LR_CASES:
        expected = reference.update_lr(lr0, epoch, decay)
        check_float(
            f"update_lr({lr0}, {epoch}, {decay})",
            _scalar(student.update_lr(lr0, epoch, decay)),
            expected,
            rtol=RTOL,
            mistakes=_distinct(_update_lr_mistakes(lr0, epoch, decay), expected),
        )


SCHEDULE_CASES = [
    (0.3, 270, 0.5, 100),
    (0.5, 99, 1.0, 100),
    (0.2, 10, 2.0, 5),
    (0.05, 1234, 0.3, 200),
    (0.1, 0, 1.0, 50),
]


def _schedule_mistakes(lr0, epoch, decay, interval):
    return {
        "no floor: that decays a little at every epoch instead of once per time_interval": lr0
        / (1 + decay * epoch / interval),
        "decaying at every epoch (update_lr's formula) instead of once per time_interval": lr0 / (1 + decay * epoch),
        "rounding epoch_num / time_interval instead of taking its floor": lr0 / (1 + decay * round(epoch / interval)),
        "the ceiling of epoch_num / time_interval instead of its floor": lr0
        / (1 + decay * math.ceil(epoch / interval)),
    }


@graded(points=2, function="schedule_lr_decay", structure=True)
def test_schedule_lr_decay_is_a_number(student, reference):
    """schedule_lr_decay returns a single number"""
    as_float("schedule_lr_decay(0.3, 270, 0.5, 100)", student.schedule_lr_decay(0.3, 270, 0.5, 100))


@graded(points=4, function="schedule_lr_decay")
def test_schedule_lr_decay_values(student, reference):
    """schedule_lr_decay gives learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval))"""
    for lr0, epoch, decay, interval in SCHEDULE_CASES:
        expected = reference.schedule_lr_decay(lr0, epoch, decay, interval)
        check_float(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}, time_interval={interval})",
            _scalar(student.schedule_lr_decay(lr0, epoch, decay, interval)),
            expected,
            rtol=RTOL,
            mistakes=_distinct(_schedule_mistakes(lr0, epoch, decay, interval), expected),
        )


@graded(points=2, function="schedule_lr_decay")
def test_schedule_lr_decay_default_interval(student, reference):
    """the default time_interval is 1000"""
    for lr0, epoch, decay in [(0.5, 999, 1.0), (0.5, 1000, 1.0), (0.4, 2500, 0.5)]:
        mistakes = _schedule_mistakes(lr0, epoch, decay, 1000)
        for interval in (100, 10, 1):
            mistakes[f"a default time_interval of {interval} (it should be 1000)"] = lr0 / (
                1 + decay * math.floor(epoch / interval)
            )
        expected = reference.schedule_lr_decay(lr0, epoch, decay)
        check_float(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}) with the default time_interval",
            _scalar(student.schedule_lr_decay(lr0, epoch, decay)),
            expected,
            rtol=RTOL,
            mistakes=_distinct(mistakes, expected),
        )


@graded(points=2, function="schedule_lr_decay")
def test_schedule_lr_decay_staircase(student, reference):
    """the scheduled rate is constant within each interval and drops at its multiples"""
    lr0, decay, interval = 0.2, 0.5, 7
    got = np.array(
        [
            as_float(
                f"schedule_lr_decay({lr0}, {e}, {decay}, {interval})",
                _scalar(student.schedule_lr_decay(lr0, e, decay, interval)),
            )
            for e in range(30)
        ]
    )
    expected = np.array([reference.schedule_lr_decay(lr0, e, decay, interval) for e in range(30)])
    check_array(
        f"the rates of epochs 0 to 29 with learning_rate0 = {lr0}, decay_rate = {decay}, time_interval = {interval}",
        got,
        expected,
        rtol=RTOL,
        mistakes={
            "no floor (a decay at every epoch)": np.array([lr0 / (1 + decay * e / interval) for e in range(30)]),
            "the ceiling instead of the floor": np.array(
                [lr0 / (1 + decay * math.ceil(e / interval)) for e in range(30)]
            ),
        },
    )
