"""Hidden tests of the regularization assignment (L2, inverted dropout, gradient checking).

Networks are small, with random weights, biases and inputs of several shapes and seeds;
the provided deep-network functions come from the reference module, so each graded
function is tested on its own. Tolerances: rtol=1e-7 (atol=1e-12 for values that cancel
to about 0) for closed-form results; rtol=1e-5, atol=1e-7 against centered finite
differences (autograder/oracle.py, eps=1e-6, error about 1e-9). The dropout functions
are graded by properties that do not depend on how the random numbers are drawn (mask
consistency, inverted scaling, the keep rate within 5 standard deviations), and
separately by the exact draw the contract fixes, ``D = rng.random(A.shape) < keep_prob``.
``gradient_check`` on correct gradients returns rounding noise, which differs between
correct implementations, so it is graded by a threshold there (< 1e-7) and by value
(rtol=1e-5) where planted bugs dominate the difference.
"""

from __future__ import annotations

import numpy as np

from autograder.oracle import numerical_gradient
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
from dlcourse.compare import close

# graded function -> the graded functions it calls: while a test of the caller runs, the
# reference stands in for them (autograder/testing.py), so a mistake costs points once
CALLS = {
    "L_model_forward_with_dropout": ("dropout_forward",),
    "L_model_backward_with_dropout": ("dropout_backward",),
}

RTOL, ATOL = 1e-7, 1e-12
FD_RTOL, FD_ATOL = 1e-5, 1e-7


def _network(dims, m, seed):
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(dims)):
        parameters[f"W{layer}"] = rng.standard_normal((dims[layer], dims[layer - 1])) * 0.7
        parameters[f"b{layer}"] = rng.standard_normal((dims[layer], 1)) * 0.3
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    Y[0, 0], Y[0, -1] = 0.0, 1.0  # both classes present
    return parameters, X, Y


def _scalar(got):
    """A size-1 array as a float, so that value tests grade the value (the type has its own test)."""
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "iuf":
        return float(got.ravel()[0])
    return got


def _distinct(mistakes, expected):
    """The mistakes whose result differs from the expected one (so none is named by accident)."""
    return {label: wrong for label, wrong in mistakes.items() if not close(wrong, expected, rtol=1e-6)}


def _where(dims, m) -> str:
    return f"for a network {list(dims)} and m = {m}"


def _grad_keys(L):
    return [f"{p}{layer}" for layer in range(1, L + 1) for p in ("dW", "db")]


def _check_grads(name, grads, parameters):
    """A dict holding dW{l}, db{l} of the parameters' shapes; other keys only dA{l}."""
    L = len(parameters) // 2
    check_keys(name, grads, _grad_keys(L), exact=False)
    extra = [k for k in grads if k not in _grad_keys(L) and not str(k).startswith("dA")]
    if extra:
        raise Mismatch(f"{name} has unexpected key(s) {', '.join(map(repr, extra))}.")
    for layer in range(1, L + 1):
        check_shape(f"{name}['dW{layer}']", grads[f"dW{layer}"], parameters[f"W{layer}"].shape)
        check_shape(f"{name}['db{layer}']", grads[f"db{layer}"], parameters[f"b{layer}"].shape)
    return grads


# ------------------------------------------------------- compute_cost_with_regularization

COST_CASES = [
    ((3, 4, 2, 1), 5, 10, 0.7),
    ((5, 3, 1), 8, 11, 0.1),
    ((4, 6, 5, 3, 1), 7, 12, 2.0),
    ((2, 8, 1), 12, 13, 0.05),
]


def _cost_mistakes(reference, AL, Y, parameters, lambd):
    m = Y.shape[1]
    L = len(parameters) // 2
    ce = reference.compute_cost(AL, Y)
    W = [parameters[f"W{layer}"] for layer in range(1, L + 1)]
    b = [parameters[f"b{layer}"] for layer in range(1, L + 1)]
    SW = sum(np.sum(w**2) for w in W)
    mistakes = {
        "a missing 1/2 (lambd / m instead of lambd / (2 m))": ce + lambd / m * SW,
        "lambd / 2 without the 1/m": ce + lambd / 2 * SW,
        "including the biases in the penalty": ce + lambd / (2 * m) * (SW + sum(np.sum(v**2) for v in b)),
        "summing the absolute values of the weights instead of their squares": ce
        + lambd / (2 * m) * sum(np.sum(np.abs(w)) for w in W),
        "the Frobenius norms without squaring them": ce + lambd / (2 * m) * sum(np.linalg.norm(w) for w in W),
        "averaging the squared weights (np.mean) instead of summing them": ce
        + lambd / (2 * m) * sum(np.mean(w**2) for w in W),
        "the penalty alone, without the cross-entropy": lambd / (2 * m) * SW,
        "taking m as the number of rows of Y (it is the number of examples, Y.shape[1])": ce + lambd / 2 * SW,
    }
    if L > 3:
        mistakes["penalizing only W1, W2 and W3 (the number of layers hard-coded)"] = ce + lambd / (2 * m) * sum(
            np.sum(w**2) for w in W[:3]
        )
    if L > 1:
        mistakes["penalizing only the last layer"] = ce + lambd / (2 * m) * np.sum(W[-1] ** 2)
    return mistakes


@graded(points=2, function="compute_cost_with_regularization", structure=True)
def test_cost_with_regularization_is_a_number(student, reference):
    """compute_cost_with_regularization returns a single number"""
    parameters, X, Y = _network((3, 4, 2, 1), 5, 10)
    AL = reference.L_model_forward(X, parameters)[0]
    value = as_float(
        "compute_cost_with_regularization(...)", student.compute_cost_with_regularization(AL, Y, parameters, 0.7)
    )
    if not np.isfinite(value):
        raise Mismatch(f"compute_cost_with_regularization(...) is {value}: look for a log of 0 or a division by zero.")


@graded(points=6, function="compute_cost_with_regularization")
def test_cost_with_regularization_values(student, reference):
    """compute_cost_with_regularization matches the reference on networks of 1 to 4 hidden layers"""
    for dims, m, seed, lambd in COST_CASES:
        parameters, X, Y = _network(dims, m, seed)
        AL = reference.L_model_forward(X, parameters)[0]
        expected = reference.compute_cost_with_regularization(AL, Y, parameters, lambd)
        check_float(
            f"the regularized cost {_where(dims, m)}, lambd = {lambd}",
            _scalar(student.compute_cost_with_regularization(AL, Y, parameters, lambd)),
            expected,
            rtol=RTOL,
            mistakes=_distinct(_cost_mistakes(reference, AL, Y, parameters, lambd), expected),
        )


@graded(points=2, function="compute_cost_with_regularization")
def test_cost_with_regularization_zero_lambda(student, reference):
    """with lambd = 0 the regularized cost is the plain cross-entropy"""
    for dims, m, seed, _ in COST_CASES[:2]:
        parameters, X, Y = _network(dims, m, seed)
        AL = reference.L_model_forward(X, parameters)[0]
        check_float(
            f"the regularized cost with lambd = 0 {_where(dims, m)} (it should equal compute_cost(AL, Y))",
            _scalar(student.compute_cost_with_regularization(AL, Y, parameters, 0.0)),
            reference.compute_cost(AL, Y),
            rtol=RTOL,
        )


@graded(points=2, function="compute_cost_with_regularization")
def test_cost_with_regularization_every_layer(student, reference):
    """the penalty covers every layer, for a network of any depth"""
    for dims, m, seed, lambd in [((3, 4, 4, 3, 3, 2, 1), 6, 14, 1.0), ((6, 1), 9, 15, 0.8)]:
        parameters, X, Y = _network(dims, m, seed)
        AL = reference.L_model_forward(X, parameters)[0]
        expected = reference.compute_cost_with_regularization(AL, Y, parameters, lambd)
        check_float(
            f"the regularized cost {_where(dims, m)} ({len(dims) - 1} layer(s)), lambd = {lambd}",
            _scalar(student.compute_cost_with_regularization(AL, Y, parameters, lambd)),
            expected,
            rtol=RTOL,
            mistakes=_distinct(_cost_mistakes(reference, AL, Y, parameters, lambd), expected),
        )


# --------------------------------------------------- L_model_backward_with_regularization

BACKWARD_REG_CASES = [
    ((3, 4, 2, 1), 5, 20, 0.7),
    ((5, 6, 1), 9, 21, 0.2),
    ((4, 5, 5, 3, 1), 6, 22, 1.5),
]


def _reg_grad_mistakes(reference, AL, Y, caches, parameters, lambd):
    m = Y.shape[1]
    plain = reference.L_model_backward(AL, Y, caches)

    def variant(fW=None, fb=None):
        return {
            "dW": {k: plain[f"dW{k}"] + (fW(parameters[f"W{k}"]) if fW else 0) for k in range(1, len(caches) + 1)},
            "db": {k: plain[f"db{k}"] + (fb(parameters[f"b{k}"]) if fb else 0) for k in range(1, len(caches) + 1)},
        }

    return plain, {
        "the L2 term lambd / (2 m) * W (the 1/2 of the cost disappears when you differentiate W**2)": variant(
            lambda W: lambd / (2 * m) * W
        ),
        "the L2 term lambd * W, without the 1/m": variant(lambda W: lambd * W),
        "the L2 term 2 * lambd / m * W": variant(lambda W: 2 * lambd / m * W),
        "no L2 term at all": variant(),
        "the L2 term lambd / m * W**2 (differentiate W**2 / 2: it gives W)": variant(lambda W: lambd / m * W**2),
        "regularizing the biases too (db + lambd / m * b)": variant(lambda W: lambd / m * W, lambda b: lambd / m * b),
    }


def _check_reg_grads(student, reference, dims, m, seed, lambd):
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = reference.L_model_forward(X, parameters)
    grads = _check_grads(
        f"the grads {_where(dims, m)}",
        student.L_model_backward_with_regularization(AL, Y, caches, lambd),
        parameters,
    )
    expected = reference.L_model_backward_with_regularization(AL, Y, caches, lambd)
    _, mistakes = _reg_grad_mistakes(reference, AL, Y, caches, parameters, lambd)
    for layer in range(1, len(dims)):
        for p in ("dW", "db"):
            check_array(
                f"grads['{p}{layer}'] {_where(dims, m)}, lambd = {lambd}",
                grads[f"{p}{layer}"],
                expected[f"{p}{layer}"],
                rtol=RTOL,
                atol=ATOL,
                mistakes=_distinct({label: v[p][layer] for label, v in mistakes.items()}, expected[f"{p}{layer}"]),
            )


@graded(points=3, function="L_model_backward_with_regularization", structure=True)
def test_backward_with_regularization_keys_and_shapes(student, reference):
    """L_model_backward_with_regularization returns dW{l}, db{l} for every layer, with the parameters' shapes"""
    for dims, m, seed, lambd in BACKWARD_REG_CASES:
        parameters, X, Y = _network(dims, m, seed)
        AL, caches = reference.L_model_forward(X, parameters)
        _check_grads(
            f"the grads {_where(dims, m)}",
            student.L_model_backward_with_regularization(AL, Y, caches, lambd),
            parameters,
        )


@graded(points=5, function="L_model_backward_with_regularization")
def test_backward_with_regularization_values(student, reference):
    """L_model_backward_with_regularization matches the reference"""
    for case in BACKWARD_REG_CASES:
        _check_reg_grads(student, reference, *case)


def _check_regularized_fd(reference, grads, parameters, X, Y, lambd, where):
    for key in parameters:

        def cost(value, key=key):
            shifted = dict(parameters, **{key: value})
            AL = reference.L_model_forward(X, shifted)[0]
            return reference.compute_cost_with_regularization(AL, Y, shifted, lambd)

        check_array(
            f"grads['d{key}'] {where}, lambd = {lambd}, against finite differences of the regularized cost",
            grads[f"d{key}"],
            numerical_gradient(cost, parameters[key]),
            rtol=FD_RTOL,
            atol=FD_ATOL,
        )


@graded(points=4, function="L_model_backward_with_regularization")
def test_backward_with_regularization_finite_differences(student, reference):
    """the regularized gradients match centered finite differences of the regularized cost"""
    for dims, m, seed, lambd in [((3, 4, 2, 1), 5, 23, 0.9), ((2, 5, 1), 7, 24, 0.4)]:
        parameters, X, Y = _network(dims, m, seed)
        AL, caches = reference.L_model_forward(X, parameters)
        grads = _check_grads(
            f"the grads {_where(dims, m)}",
            student.L_model_backward_with_regularization(AL, Y, caches, lambd),
            parameters,
        )
        _check_regularized_fd(reference, grads, parameters, X, Y, lambd, _where(dims, m))


@graded(points=2, function="L_model_backward_with_regularization")
def test_backward_with_regularization_zero_lambda(student, reference):
    """with lambd = 0 the gradients are those of L_model_backward"""
    for dims, m, seed, _ in BACKWARD_REG_CASES[:2]:
        parameters, X, Y = _network(dims, m, seed)
        AL, caches = reference.L_model_forward(X, parameters)
        grads = _check_grads(
            f"the grads {_where(dims, m)}", student.L_model_backward_with_regularization(AL, Y, caches, 0.0), parameters
        )
        plain = reference.L_model_backward(AL, Y, caches)
        for key in _grad_keys(len(dims) - 1):
            check_array(
                f"grads['{key}'] with lambd = 0 {_where(dims, m)}", grads[key], plain[key], rtol=RTOL, atol=ATOL
            )


@graded(points=2, function="L_model_backward_with_regularization")
def test_backward_with_regularization_leaves_biases(student, reference):
    """the biases' gradients are not regularized"""
    dims, m, seed, lambd = BACKWARD_REG_CASES[2]
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = reference.L_model_forward(X, parameters)
    grads = _check_grads(
        f"the grads {_where(dims, m)}", student.L_model_backward_with_regularization(AL, Y, caches, lambd), parameters
    )
    plain = reference.L_model_backward(AL, Y, caches)
    for layer in range(1, len(dims)):
        check_array(
            f"grads['db{layer}'] {_where(dims, m)}, lambd = {lambd}",
            grads[f"db{layer}"],
            plain[f"db{layer}"],
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "regularizing the biases (the penalty holds the weights only, so db is unchanged)": plain[f"db{layer}"]
                + lambd / m * parameters[f"b{layer}"]
            },
        )


# ------------------------------------------------------------------------ dropout_forward

DROPOUT_CASES = [((5, 7), 0.8, 30), ((1, 10), 0.5, 31), ((8, 3), 0.9, 32), ((6, 6), 0.35, 33)]


def _activations(shape, seed):
    # ReLU-like activations: some exact zeros, like the hidden layers dropout is used on.
    return np.maximum(np.random.default_rng(seed + 1000).standard_normal(shape), 0.0) + (
        np.random.default_rng(seed + 2000).random(shape) * 0.1
    )


def _dropout(student, A, keep_prob, rng, where):
    out = check_tuple(f"dropout_forward(A, keep_prob, rng) {where}", student.dropout_forward(A, keep_prob, rng), 2)
    A_drop = check_shape(f"A_drop {where}", out[0], A.shape)
    D = check_shape(f"D {where}", out[1], A.shape)
    if not (D.dtype == bool or np.all((D == 0) | (D == 1))):
        raise Mismatch(f"D {where} should hold only True/False (or 1/0): it is the mask, not the activations.")
    return A_drop, D.astype(bool)


@graded(points=2, function="dropout_forward", structure=True)
def test_dropout_forward_structure(student, reference):
    """dropout_forward returns (A_drop, D), both of A's shape, A_drop in floats and D a 0/1 mask"""
    for shape, keep_prob, seed in DROPOUT_CASES:
        A = _activations(shape, seed)
        A_drop, _ = _dropout(student, A, keep_prob, np.random.default_rng(seed), f"for A of shape {shape}")
        if A_drop.dtype.kind != "f":
            raise Mismatch(f"A_drop for A of shape {shape} has dtype {A_drop.dtype}; it should hold floats.")


@graded(points=4, function="dropout_forward")
def test_dropout_forward_mask_and_scaling(student, reference):
    """A_drop is A with the returned mask applied, kept units divided by keep_prob (inverted dropout)"""
    for shape, keep_prob, seed in DROPOUT_CASES:
        A = np.random.default_rng(seed + 3000).standard_normal(shape) + 2.0  # no zeros: every drop shows
        where = f"for A of shape {shape}, keep_prob = {keep_prob}"
        A_drop, D = _dropout(student, A, keep_prob, np.random.default_rng(seed), where)
        if np.any(A_drop[~D] != 0):
            raise Mismatch(f"A_drop {where} is not 0 where the mask D is False: multiply A by the mask you return.")
        check_array(
            f"A_drop where D is True, {where}",
            A_drop[D],
            A[D] / keep_prob,
            rtol=RTOL,
            mistakes={
                "applying the mask without dividing by keep_prob (inverted dropout divides by keep_prob)": A[D],
                "multiplying by keep_prob instead of dividing": A[D] * keep_prob,
                "dividing by 1 - keep_prob instead of keep_prob": A[D] / (1 - keep_prob),
            },
        )


@graded(points=3, function="dropout_forward")
def test_dropout_forward_keep_rate(student, reference):
    """each unit is kept with probability keep_prob (the keep rate is within 5 standard deviations)"""
    for keep_prob, seed in [(0.8, 34), (0.35, 35)]:
        A = np.ones((300, 400))
        _, D = _dropout(student, A, keep_prob, np.random.default_rng(seed), "for A of shape (300, 400)")
        rate = float(D.mean())
        sigma = np.sqrt(keep_prob * (1 - keep_prob) / D.size)
        if abs(rate - keep_prob) > 5 * sigma:
            hint = ""
            if abs(rate - (1 - keep_prob)) <= 5 * sigma:
                hint = (
                    " That is 1 - keep_prob: the mask drops units with probability keep_prob instead of "
                    "keeping them (D must be True where the random number is below keep_prob)."
                )
            raise Mismatch(
                f"with keep_prob = {keep_prob}, your mask keeps a fraction {rate:.4f} of {D.size} units; it "
                f"should keep each unit with probability {keep_prob}." + hint
            )


@graded(points=2, function="dropout_forward", structure=True)
def test_dropout_forward_keep_all(student, reference):
    """with keep_prob = 1 nothing is dropped and A_drop equals A"""
    A = _activations((4, 9), 36)
    A_drop, D = _dropout(student, A, 1.0, np.random.default_rng(36), "with keep_prob = 1")
    if not D.all():
        raise Mismatch("with keep_prob = 1 the mask D should be True everywhere.")
    check_array("A_drop with keep_prob = 1", A_drop, A, rtol=RTOL)


@graded(points=5, function="dropout_forward")
def test_dropout_forward_exact_draw(student, reference):
    """the mask is the draw D = rng.random(A.shape) < keep_prob"""
    for shape, keep_prob, seed in DROPOUT_CASES:
        A = _activations(shape, seed)
        where = f"for A of shape {shape}, keep_prob = {keep_prob}"
        A_drop, D = _dropout(student, A, keep_prob, np.random.default_rng(seed), where)
        A_ref, D_ref = reference.dropout_forward(A, keep_prob, np.random.default_rng(seed))
        if not np.array_equal(D, D_ref):
            if np.array_equal(D, ~D_ref):
                raise Mismatch(
                    f"the mask {where} is the complement of the draw the assignment specifies: D must be True "
                    "where the random number is below keep_prob, D = rng.random(A.shape) < keep_prob."
                )
            raise Mismatch(
                f"the mask {where} is not the draw the assignment specifies: draw it with exactly one call, "
                "D = rng.random(A.shape) < keep_prob, before anything else uses rng."
            )
        check_array(f"A_drop {where}", A_drop, A_ref, rtol=RTOL)


# ----------------------------------------------------------------------- dropout_backward

BACKWARD_DROPOUT_CASES = [((4, 6), 0.7, 40), ((1, 5), 0.5, 41), ((7, 3), 0.85, 42)]


def _dropout_backward_inputs(shape, keep_prob, seed):
    rng = np.random.default_rng(seed)
    dA = rng.standard_normal(shape)
    D = rng.random(shape) < keep_prob
    D.flat[0], D.flat[-1] = True, False  # both kinds of units present
    return dA, D


@graded(points=2, function="dropout_backward", structure=True)
def test_dropout_backward_shape_and_dtype(student, reference):
    """dropout_backward returns a float array of dA's shape"""
    for shape, keep_prob, seed in BACKWARD_DROPOUT_CASES:
        dA, D = _dropout_backward_inputs(shape, keep_prob, seed)
        got = check_shape(
            f"dropout_backward(...) for dA of shape {shape}", student.dropout_backward(dA, D, keep_prob), shape
        )
        if got.dtype.kind != "f":
            raise Mismatch(f"dropout_backward(...) has dtype {got.dtype}; it should hold floats.")


@graded(points=4, function="dropout_backward")
def test_dropout_backward_values(student, reference):
    """dropout_backward masks the gradient and divides it by keep_prob"""
    for shape, keep_prob, seed in BACKWARD_DROPOUT_CASES:
        dA, D = _dropout_backward_inputs(shape, keep_prob, seed)
        check_array(
            f"dropout_backward(dA, D, keep_prob) for dA of shape {shape}, keep_prob = {keep_prob}",
            student.dropout_backward(dA, D, keep_prob),
            reference.dropout_backward(dA, D, keep_prob),
            rtol=RTOL,
            mistakes={
                "applying the mask without dividing by keep_prob": dA * D,
                "dividing by keep_prob without applying the mask": dA / keep_prob,
                "multiplying by keep_prob instead of dividing": dA * D * keep_prob,
                "dividing by 1 - keep_prob instead of keep_prob": dA * D / (1 - keep_prob),
                "using the inverted mask (1 - D)": dA * (~D) / keep_prob,
            },
        )


@graded(points=2, function="dropout_backward")
def test_dropout_backward_float_mask(student, reference):
    """dropout_backward accepts a mask of 0.0/1.0 as well as a boolean one"""
    dA, D = _dropout_backward_inputs((5, 4), 0.6, 43)
    check_array(
        "dropout_backward(dA, D, keep_prob) with D an array of 0.0 and 1.0",
        student.dropout_backward(dA, D.astype(np.float64), 0.6),
        reference.dropout_backward(dA, D, 0.6),
        rtol=RTOL,
    )


# ---------------------------------------------------------- L_model_forward_with_dropout

FORWARD_DROPOUT_CASES = [
    ((4, 6, 5, 1), 8, 50, 0.8),
    ((3, 5, 5, 5, 1), 6, 51, 0.6),
    ((2, 7, 1), 9, 52, 0.5),
]


def _forward_dropout(student, dims, m, seed, keep_prob):
    parameters, X, Y = _network(dims, m, seed)
    L = len(dims) - 1
    where = _where(dims, m)
    out = check_tuple(
        f"L_model_forward_with_dropout(...) {where}",
        student.L_model_forward_with_dropout(X, parameters, keep_prob, np.random.default_rng(seed)),
        3,
    )
    AL = check_shape(f"AL {where}", out[0], (1, m))
    caches, masks = out[1], out[2]
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        raise Mismatch(f"caches {where} should be a list of {L} caches, one per layer.")
    for layer, cache in enumerate(caches, start=1):
        cache = check_tuple(f"the cache of layer {layer} {where}", cache, 2)
        check_tuple(f"the linear cache (A_prev, W, b) of layer {layer} {where}", cache[0], 3)
    if not isinstance(masks, (list, tuple)):
        raise Mismatch(f"masks {where} should be a list of {L - 1} masks, but it is a {type(masks).__name__}.")
    if len(masks) == L:
        raise Mismatch(
            f"masks {where} has {L} masks, one per layer: dropout goes on the hidden layers 1..L-1 only, "
            "never on the output layer."
        )
    if len(masks) != L - 1:
        raise Mismatch(f"masks {where} should hold {L - 1} masks (one per hidden layer), but it has {len(masks)}.")
    if L > 1 and np.shape(masks[0]) == X.shape and X.shape != (dims[1], m):
        raise Mismatch(f"the first mask {where} has the shape of X: dropout must not be applied to the input.")
    masks = [
        check_shape(f"masks[{layer - 1}] {where}", masks[layer - 1], (dims[layer], m)).astype(bool)
        for layer in range(1, L)
    ]
    return parameters, X, AL, caches, masks


@graded(points=3, function="L_model_forward_with_dropout", structure=True)
def test_forward_with_dropout_structure(student, reference):
    """L_model_forward_with_dropout returns AL (1, m), L caches and L-1 masks of the hidden layers' shapes"""
    for case in FORWARD_DROPOUT_CASES:
        _forward_dropout(student, *case)


@graded(points=5, function="L_model_forward_with_dropout")
def test_forward_with_dropout_consistency(student, reference):
    """each hidden activation is dropped out with its mask, scaled by 1/keep_prob and fed to the next layer"""
    for dims, m, seed, keep_prob in FORWARD_DROPOUT_CASES:
        parameters, X, AL, caches, masks = _forward_dropout(student, dims, m, seed, keep_prob)
        where = _where(dims, m)
        L = len(dims) - 1
        check_array(
            f"the input stored in layer 1's cache {where} (X itself: dropout is not applied to the input)",
            caches[0][0][0],
            X,
            rtol=RTOL,
        )
        for layer in range(1, L + 1):
            (A_prev, W, b), Z = caches[layer - 1]
            check_array(f"W in layer {layer}'s cache {where}", W, parameters[f"W{layer}"], rtol=RTOL)
            check_array(
                f"Z of layer {layer} {where} (it should be W{layer} @ A_prev + b{layer}, with the A_prev of its cache)",
                Z,
                parameters[f"W{layer}"] @ np.asarray(A_prev, dtype=np.float64) + parameters[f"b{layer}"],
                rtol=RTOL,
                atol=ATOL,
            )
        for layer in range(1, L):
            A = np.maximum(np.asarray(caches[layer - 1][1], dtype=np.float64), 0.0)
            D = masks[layer - 1]
            fed = caches[layer][0][0]
            check_array(
                f"the input of layer {layer + 1} {where} "
                f"(layer {layer}'s activation after dropout with masks[{layer - 1}])",
                fed,
                np.where(D, A / keep_prob, 0.0),
                rtol=RTOL,
                atol=ATOL,
                mistakes={
                    f"feeding layer {layer + 1} the activation without dropout (feed it the dropped-out A)": A,
                    "applying the mask without dividing by keep_prob": np.where(D, A, 0.0),
                },
            )
        check_array(
            f"AL {where} (the sigmoid of the last Z in the caches)",
            AL,
            reference.sigmoid(np.asarray(caches[L - 1][1], dtype=np.float64)),
            rtol=RTOL,
        )


@graded(points=2, function="L_model_forward_with_dropout")
def test_forward_with_dropout_keep_all(student, reference):
    """with keep_prob = 1 the forward pass is L_model_forward's"""
    dims, m, seed, _ = FORWARD_DROPOUT_CASES[0]
    parameters, X, AL, caches, masks = _forward_dropout(student, dims, m, seed, 1.0)
    if not all(D.all() for D in masks):
        raise Mismatch("with keep_prob = 1 every unit must be kept: all masks should be True everywhere.")
    check_array(f"AL with keep_prob = 1 {_where(dims, m)}", AL, reference.L_model_forward(X, parameters)[0], rtol=RTOL)


@graded(points=6, function="L_model_forward_with_dropout")
def test_forward_with_dropout_exact_draws(student, reference):
    """the masks are dropout_forward's draws, layer 1 first, and AL matches the reference"""
    for dims, m, seed, keep_prob in FORWARD_DROPOUT_CASES:
        parameters, X, AL, caches, masks = _forward_dropout(student, dims, m, seed, keep_prob)
        AL_ref, _, masks_ref = reference.L_model_forward_with_dropout(
            X, parameters, keep_prob, np.random.default_rng(seed)
        )
        where = _where(dims, m)
        for layer in range(1, len(dims) - 1):
            if not np.array_equal(masks[layer - 1], masks_ref[layer - 1]):
                raise Mismatch(
                    f"masks[{layer - 1}] {where} is not the draw the assignment specifies: call dropout_forward "
                    "once per hidden layer, in order from layer 1 to L-1, right after that layer's activation, "
                    "with the rng you were given, and draw nothing else from it."
                )
        check_array(f"AL {where}, keep_prob = {keep_prob}", AL, AL_ref, rtol=RTOL)


# --------------------------------------------------------- L_model_backward_with_dropout

BACKWARD_WITH_DROPOUT_CASES = [
    ((4, 6, 5, 1), 8, 60, 0.8),
    ((3, 5, 5, 5, 1), 6, 61, 0.6),
    ((2, 7, 1), 9, 62, 0.5),
]


def _forward_with_masks(reference, X, parameters, masks, keep_prob):
    """The dropout forward pass with given masks (for finite differences and for mistakes)."""
    L = len(parameters) // 2
    caches = []
    A = X
    for layer in range(1, L):
        A, cache = reference.linear_activation_forward(A, parameters[f"W{layer}"], parameters[f"b{layer}"], "relu")
        caches.append(cache)
        A = np.where(masks[layer - 1], A / keep_prob, 0.0)
    AL, cache = reference.linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def _backward_with_dropout(student, AL, Y, caches, masks, keep_prob):
    """The student's gradients; a broadcasting error is explained in terms of the masks."""
    try:
        return student.L_model_backward_with_dropout(AL, Y, caches, masks, keep_prob)
    except Mismatch as exc:
        if "broadcast" not in str(exc):
            raise
        raise Mismatch(
            f"{exc}. A mask does not have the shape of the gradient it is applied to: layer l's gradient "
            "goes through masks[l - 1], of shape (n_l, m), and the output layer has no mask."
        ) from None


def _dropout_backward_mistakes(reference, AL, Y, caches, masks, keep_prob):
    keys = _grad_keys(len(caches))
    nomask = reference.L_model_backward(AL, Y, caches)
    noscale = reference.L_model_backward_with_dropout(AL, Y, caches, masks, 1.0)
    mistakes = {
        "not applying the masks in backpropagation": {k: nomask[k] for k in keys},
        "applying the masks without dividing by keep_prob": {k: noscale[k] for k in keys},
    }
    L = len(caches)
    if L > 2 and all(np.shape(masks[i]) == np.shape(masks[0]) for i in range(L - 1)):
        shifted = list(masks[1:]) + [np.ones_like(masks[0])]
        wrong = reference.L_model_backward_with_dropout(AL, Y, caches, shifted, keep_prob)
        mistakes["using the mask of the wrong layer (layer l's gradient goes through masks[l - 1])"] = {
            k: wrong[k] for k in keys
        }
    return mistakes


@graded(points=2, function="L_model_backward_with_dropout", structure=True)
def test_backward_with_dropout_keys_and_shapes(student, reference):
    """L_model_backward_with_dropout returns dW{l}, db{l} for every layer, with the parameters' shapes"""
    for dims, m, seed, keep_prob in BACKWARD_WITH_DROPOUT_CASES:
        parameters, X, Y = _network(dims, m, seed)
        AL, caches, masks = reference.L_model_forward_with_dropout(
            X, parameters, keep_prob, np.random.default_rng(seed)
        )
        _check_grads(
            f"the grads {_where(dims, m)}",
            _backward_with_dropout(student, AL, Y, caches, masks, keep_prob),
            parameters,
        )


@graded(points=6, function="L_model_backward_with_dropout")
def test_backward_with_dropout_values(student, reference):
    """L_model_backward_with_dropout matches the reference, given the reference's forward pass"""
    for dims, m, seed, keep_prob in BACKWARD_WITH_DROPOUT_CASES:
        parameters, X, Y = _network(dims, m, seed)
        AL, caches, masks = reference.L_model_forward_with_dropout(
            X, parameters, keep_prob, np.random.default_rng(seed)
        )
        where = _where(dims, m)
        grads = _check_grads(
            f"the grads {where}", _backward_with_dropout(student, AL, Y, caches, masks, keep_prob), parameters
        )
        expected = reference.L_model_backward_with_dropout(AL, Y, caches, masks, keep_prob)
        mistakes = _dropout_backward_mistakes(reference, AL, Y, caches, masks, keep_prob)
        for key in reversed(_grad_keys(len(dims) - 1)):
            check_array(
                f"grads['{key}'] {where}, keep_prob = {keep_prob}",
                grads[key],
                expected[key],
                rtol=RTOL,
                atol=ATOL,
                mistakes=_distinct({label: v[key] for label, v in mistakes.items()}, expected[key]),
            )


def _check_dropout_fd(reference, grads, parameters, X, Y, masks, keep_prob, where):
    for key in parameters:

        def cost(value, key=key):
            shifted = dict(parameters, **{key: value})
            return reference.compute_cost(_forward_with_masks(reference, X, shifted, masks, keep_prob)[0], Y)

        check_array(
            f"grads['d{key}'] {where}, keep_prob = {keep_prob}, against finite differences with the masks fixed",
            grads[f"d{key}"],
            numerical_gradient(cost, parameters[key]),
            rtol=FD_RTOL,
            atol=FD_ATOL,
        )


@graded(points=5, function="L_model_backward_with_dropout")
def test_backward_with_dropout_finite_differences(student, reference):
    """with the masks held fixed, the gradients match centered finite differences of the cost"""
    for dims, m, seed, keep_prob in [((3, 4, 3, 1), 5, 63, 0.7), ((2, 6, 1), 6, 64, 0.5)]:
        parameters, X, Y = _network(dims, m, seed)
        _, _, masks = reference.L_model_forward_with_dropout(X, parameters, keep_prob, np.random.default_rng(seed))
        AL, caches = _forward_with_masks(reference, X, parameters, masks, keep_prob)
        grads = _check_grads(
            f"the grads {_where(dims, m)}",
            _backward_with_dropout(student, AL, Y, caches, masks, keep_prob),
            parameters,
        )
        _check_dropout_fd(reference, grads, parameters, X, Y, masks, keep_prob, _where(dims, m))


@graded(points=3, function="L_model_backward_with_dropout")
def test_backward_with_dropout_keep_all(student, reference):
    """with keep_prob = 1 and masks of ones the gradients are those of L_model_backward"""
    dims, m, seed, _ = BACKWARD_WITH_DROPOUT_CASES[1]
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = reference.L_model_forward(X, parameters)
    masks = [np.ones((n, m), dtype=bool) for n in dims[1:-1]]
    grads = _check_grads(
        f"the grads {_where(dims, m)}", _backward_with_dropout(student, AL, Y, caches, masks, 1.0), parameters
    )
    plain = reference.L_model_backward(AL, Y, caches)
    for key in _grad_keys(len(dims) - 1):
        check_array(
            f"grads['{key}'] with keep_prob = 1 {_where(dims, m)}", grads[key], plain[key], rtol=RTOL, atol=ATOL
        )


# ------------------------------------------------------------------------- gradient_check

GRADCHECK_CASES = [((3, 4, 2, 1), 5, 70), ((2, 5, 1), 6, 71)]


def _gradcheck_inputs(reference, dims, m, seed):
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = reference.L_model_forward(X, parameters)
    return parameters, X, Y, reference.L_model_backward(AL, Y, caches)


def _plant(grads, W_bug=True, b_bug=True):
    buggy = {k: np.array(v, copy=True) for k, v in grads.items()}
    if W_bug:
        buggy["dW1"][0, 0] += 0.1
        buggy["dW2"] = buggy["dW2"] * 1.5
    if b_bug:
        buggy["db1"] = -buggy["db1"]
    return buggy


def _gradcheck_variant(reference, parameters, grads, X, Y, eps, diff="centered", norm="relative", skip_b=False):
    """What a gradient check with a typical mistake returns."""
    L = len(parameters) // 2
    J0 = reference.compute_cost(reference.L_model_forward(X, parameters)[0], Y)
    approx, exact = [], []
    for layer in range(1, L + 1):
        for name in (f"W{layer}",) if skip_b else (f"W{layer}", f"b{layer}"):
            theta = parameters[name]
            for index in np.ndindex(theta.shape):
                shifted = dict(parameters)
                plus = theta.copy()
                plus[index] += eps
                shifted[name] = plus
                Jp = reference.compute_cost(reference.L_model_forward(X, shifted)[0], Y)
                minus = theta.copy()
                minus[index] -= eps
                shifted[name] = minus
                Jm = reference.compute_cost(reference.L_model_forward(X, shifted)[0], Y)
                approx.append(
                    {"centered": (Jp - Jm) / (2 * eps), "one-sided": (Jp - J0) / eps, "no2": (Jp - Jm) / eps}[diff]
                )
                exact.append(grads["d" + name][index])
    a, g = np.array(approx), np.array(exact)
    if norm == "numerator":
        return float(np.linalg.norm(a - g))
    if norm == "squared":
        return float(np.sum((a - g) ** 2) / (np.sum(a**2) + np.sum(g**2)))
    if norm == "norm of sum":
        return float(np.linalg.norm(a - g) / np.linalg.norm(a + g))
    return float(np.linalg.norm(a - g) / (np.linalg.norm(a) + np.linalg.norm(g)))


def _gradcheck_mistakes(reference, parameters, grads, X, Y, eps):
    return {
        "dividing by epsilon instead of 2 * epsilon": _gradcheck_variant(
            reference, parameters, grads, X, Y, eps, diff="no2"
        ),
        "returning the numerator alone (no division by the norms)": _gradcheck_variant(
            reference, parameters, grads, X, Y, eps, norm="numerator"
        ),
        "squared norms (no square roots)": _gradcheck_variant(reference, parameters, grads, X, Y, eps, norm="squared"),
        "dividing by ||approx + grad|| instead of ||approx|| + ||grad||": _gradcheck_variant(
            reference, parameters, grads, X, Y, eps, norm="norm of sum"
        ),
        "leaving out the biases": _gradcheck_variant(reference, parameters, grads, X, Y, eps, skip_b=True),
    }


@graded(points=2, function="gradient_check", structure=True)
def test_gradient_check_is_a_number(student, reference):
    """gradient_check returns a single non-negative number"""
    parameters, X, Y, grads = _gradcheck_inputs(reference, *GRADCHECK_CASES[0])
    value = as_float("gradient_check(...)", student.gradient_check(parameters, _plant(grads), X, Y))
    if not np.isfinite(value) or value < 0:
        raise Mismatch(f"gradient_check(...) returned {value}: a relative difference is a finite number >= 0.")


@graded(points=4, function="gradient_check", structure=True)
def test_gradient_check_passes_correct_gradients(student, reference):
    """on correct gradients the relative difference is below 1e-7"""
    for dims, m, seed in GRADCHECK_CASES:
        parameters, X, Y, grads = _gradcheck_inputs(reference, dims, m, seed)
        value = as_float("gradient_check(...)", _scalar(student.gradient_check(parameters, grads, X, Y)))
        if not (0 <= value < 1e-7):
            hint = ""
            if abs(value - 1 / 3) < 1e-3:
                hint = " This is what dividing by epsilon instead of 2 * epsilon gives."
            elif value > 0.5:
                hint = (
                    " The estimates and the gradients do not line up: collect them in the same order, entry "
                    "by entry (W{l} then b{l}, layer by layer), shifting one entry at a time."
                )
            raise Mismatch(
                f"gradient_check returned {value:.3g} on correct gradients {_where(dims, m)}; it should be "
                "below 1e-7." + hint
            )


@graded(points=5, function="gradient_check")
def test_gradient_check_detects_bugs(student, reference):
    """on gradients with planted bugs the relative difference matches the reference"""
    for dims, m, seed in GRADCHECK_CASES:
        parameters, X, Y, grads = _gradcheck_inputs(reference, dims, m, seed)
        buggy = _plant(grads)
        expected = reference.gradient_check(parameters, buggy, X, Y)
        check_float(
            f"gradient_check(...) on gradients with planted bugs {_where(dims, m)}",
            _scalar(student.gradient_check(parameters, buggy, X, Y)),
            expected,
            rtol=FD_RTOL,
            mistakes=_distinct(_gradcheck_mistakes(reference, parameters, buggy, X, Y, 1e-7), expected),
        )


@graded(points=3, function="gradient_check", structure=True)
def test_gradient_check_covers_biases(student, reference):
    """a bug in the biases' gradients alone is detected: every b{l} entry is checked"""
    dims, m, seed = GRADCHECK_CASES[0]
    parameters, X, Y, grads = _gradcheck_inputs(reference, dims, m, seed)
    buggy = _plant(grads, W_bug=False)
    expected = reference.gradient_check(parameters, buggy, X, Y)
    check_float(
        f"gradient_check(...) on gradients with a bug in db1 only {_where(dims, m)}",
        _scalar(student.gradient_check(parameters, buggy, X, Y)),
        expected,
        rtol=FD_RTOL,
        mistakes=_distinct(_gradcheck_mistakes(reference, parameters, buggy, X, Y, 1e-7), expected),
    )


@graded(points=2, function="gradient_check")
def test_gradient_check_uses_epsilon(student, reference):
    """gradient_check uses its epsilon argument (a large epsilon gives a larger difference)"""
    dims, m, seed = GRADCHECK_CASES[1]
    parameters, X, Y, grads = _gradcheck_inputs(reference, dims, m, seed)
    result = student.gradient_check(parameters, grads, X, Y, 1e-2)
    value = as_float("gradient_check(..., epsilon=1e-2)", _scalar(result))
    if value < 1e-7:
        raise Mismatch(
            "with epsilon=1e-2 the finite differences are less accurate and the difference should be well "
            "above 1e-7, but yours is below it: is the epsilon argument used?"
        )
    check_float(
        f"gradient_check(..., epsilon=1e-2) on correct gradients {_where(dims, m)}",
        value,
        reference.gradient_check(parameters, grads, X, Y, 1e-2),
        rtol=1e-4,
        mistakes={
            "a one-sided difference (J(theta + epsilon) - J(theta)) / epsilon": _gradcheck_variant(
                reference, parameters, grads, X, Y, 1e-2, diff="one-sided"
            ),
            "dividing by epsilon instead of 2 * epsilon": _gradcheck_variant(
                reference, parameters, grads, X, Y, 1e-2, diff="no2"
            ),
        },
    )
