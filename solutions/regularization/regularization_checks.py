"""Public checks of the regularization assignment.

Each ``check_<function>(f)`` calls your function on small fixed inputs, rebuilt here
from fixed seeds, and compares the result with the reference solution's, stored in
``regularization_expected.json`` (with the results of a few typical mistakes, so that a
wrong result can be named). The checks run instantly and say what is wrong; passing them
does not guarantee full marks: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from dlcourse import expected, failures
from dlcourse.checking import call, passed
from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_keys,
    check_shape,
    check_tuple,
    close,
)
from dlcourse.deepnet import L_model_backward, L_model_forward, compute_cost, relu
from dlcourse.expected import Case


def _network(dims: tuple[int, ...], m: int, seed: int) -> tuple[dict, np.ndarray, np.ndarray]:
    """Parameters of a network with layer sizes ``dims``, inputs ``X (dims[0], m)``, labels ``Y (1, m)``."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * 0.6
        parameters[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.2
    X = rng.standard_normal((dims[0], m))
    Y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    return parameters, X, Y


def _copy(parameters: Mapping[str, np.ndarray]) -> dict:
    return {k: np.array(v, copy=True) for k, v in parameters.items()}


# The public inputs.
COST_CASES = {
    "3-layer": ((3, 4, 2, 1), 5, 0, 0.7),
    "2-layer": ((4, 3, 1), 6, 1, 0.3),
    "4-layer": ((3, 4, 4, 3, 1), 4, 2, 1.5),
}
BACKWARD_REG_CASES = {"3-layer": ((3, 4, 2, 1), 5, 0, 0.7), "4-layer": ((3, 4, 4, 3, 1), 4, 2, 1.5)}
DROPOUT_NET = ((3, 5, 4, 1), 6, 3, 0.75, 11)  # dims, m, seed, keep_prob, seed of the dropout rng
GRADCHECK_NET = ((2, 3, 1), 4, 4)


def dropout_forward_inputs() -> tuple[np.ndarray, float, np.random.Generator]:
    return np.random.default_rng(10).standard_normal((4, 5)), 0.7, np.random.default_rng(2024)


def dropout_backward_inputs() -> tuple[np.ndarray, np.ndarray, float]:
    dA = np.random.default_rng(12).standard_normal((3, 4))
    D = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], dtype=bool)
    return dA, D, 0.6


def gradient_check_buggy(grads: Mapping[str, np.ndarray]) -> dict:
    """Correct gradients with two planted bugs: one entry of dW1 and the sign of db2."""
    buggy = _copy(grads)
    buggy["dW1"][0, 1] += 0.05
    buggy["db2"] = -buggy["db2"]
    return buggy


def _cost_case(dims: tuple[int, ...], m: int, seed: int, lambd: float) -> tuple:
    parameters, X, Y = _network(dims, m, seed)
    return L_model_forward(X, parameters)[0], Y, parameters, lambd


def _backward_reg_case(dims: tuple[int, ...], m: int, seed: int, lambd: float) -> tuple:
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = L_model_forward(X, parameters)
    return AL, Y, caches, lambd


def _dropout_net() -> tuple:
    dims, m, seed, keep_prob, rng_seed = DROPOUT_NET
    parameters, X, Y = _network(dims, m, seed)
    return parameters, X, Y, keep_prob, rng_seed


def _gradcheck_net() -> tuple:
    parameters, X, Y = _network(*GRADCHECK_NET)
    AL, caches = L_model_forward(X, parameters)
    return parameters, X, Y, L_model_backward(AL, Y, caches)


def _backward_dropout_case(value: Callable) -> tuple:
    _, _, Y, keep_prob, _ = _dropout_net()
    AL, caches, masks = value("L_model_forward_with_dropout")
    return AL, Y, caches, masks, keep_prob


CASES = {
    **{f"cost/{label}": Case("compute_cost_with_regularization", _cost_case(*c)) for label, c in COST_CASES.items()},
    **{
        f"backward_reg/{label}": Case("L_model_backward_with_regularization", _backward_reg_case(*c))
        for label, c in BACKWARD_REG_CASES.items()
    },
    "dropout_forward": Case("dropout_forward", dropout_forward_inputs()),
    "dropout_backward": Case("dropout_backward", dropout_backward_inputs()),
    "L_model_forward_with_dropout": Case(
        "L_model_forward_with_dropout",
        (lambda p, X, Y, k, s: (X, p, k, np.random.default_rng(s)))(*_dropout_net()),
    ),
    "L_model_backward_with_dropout": Case("L_model_backward_with_dropout", _backward_dropout_case),
    "gradient_check/buggy": Case(
        "gradient_check", (lambda p, X, Y, g: (p, gradient_check_buggy(g), X, Y))(*_gradcheck_net())
    ),
    "gradient_check/large_epsilon": Case("gradient_check", (lambda p, X, Y, g: (p, g, X, Y, 1e-2))(*_gradcheck_net())),
}
EXPECTED = expected.load(__file__, CASES)


def _run(name: str, f: Callable, *args: Any, copy_args: bool = True) -> Any:
    return call(name, f, *args, hints=failures.for_function("regularization", name), copy_args=copy_args)


def _is_binary_mask(D: np.ndarray) -> bool:
    return D.dtype == bool or bool(np.all((D == 0) | (D == 1)))


def check_compute_cost_with_regularization(f: Callable) -> None:
    for label, (_, _, _, lambd) in COST_CASES.items():
        case = f"cost/{label}"
        got = _run("compute_cost_with_regularization", f, *CASES[case].arguments(EXPECTED.value))
        EXPECTED.check(f"compute_cost_with_regularization(...) on the {label} network (lambd = {lambd})", got, case)
    parameters, X, Y = _network(*COST_CASES["3-layer"][:3])
    AL, _ = L_model_forward(X, parameters)
    got = _run("compute_cost_with_regularization", f, AL, Y, parameters, 0.0)
    check_float(
        "compute_cost_with_regularization(...) with lambd = 0 (it should equal compute_cost(AL, Y))",
        got,
        compute_cost(AL, Y),
        reveal=True,
    )
    passed("compute_cost_with_regularization")


def _check_grads_keys(name: str, grads: Any, L: int) -> None:
    required = [f"{p}{l}" for l in range(1, L + 1) for p in ("dW", "db")]
    check_keys(name, grads, required, exact=False)
    extra = [k for k in grads if k not in required and not str(k).startswith("dA")]
    if extra:
        raise Mismatch(f"{name} has unexpected key(s) {', '.join(map(repr, extra))}.")


def check_L_model_backward_with_regularization(f: Callable) -> None:
    for label, (dims, _, _, lambd) in BACKWARD_REG_CASES.items():
        case = f"backward_reg/{label}"
        grads = _run("L_model_backward_with_regularization", f, *CASES[case].arguments(EXPECTED.value))
        name = f"the grads of the {label} network"
        L = len(dims) - 1
        _check_grads_keys(name, grads, L)
        for key in (f"{p}{l}" for l in range(1, L + 1) for p in ("dW", "db")):
            EXPECTED.check(f"grads['{key}'] ({label} network, lambd = {lambd})", grads[key], case, key)
    passed("L_model_backward_with_regularization")


def check_dropout_forward(f: Callable) -> None:
    A, keep_prob, rng = CASES["dropout_forward"].arguments(EXPECTED.value)
    out = check_tuple("dropout_forward(A, keep_prob, rng)", _run("dropout_forward", f, A, keep_prob, rng), 2)
    A_drop, D = out
    D = check_shape("D (the mask)", D, A.shape)
    A_drop = check_shape("A_drop", A_drop, A.shape)
    if not _is_binary_mask(D):
        raise Mismatch("D should hold only True/False (or 1/0): it is the mask, not the dropped-out activations.")
    if A_drop.dtype.kind != "f":
        raise Mismatch(f"A_drop has dtype {A_drop.dtype}; it should hold floats.")
    kept = D.astype(bool)
    if np.any(A_drop[~kept] != 0):
        raise Mismatch("A_drop is not 0 where D is False: multiply A by the mask D that you return.")
    if not close(A_drop[kept], A[kept] / keep_prob):
        # the library's mistakes are computed with the specified draw: they apply when this mask is that draw
        same_draw = np.array_equal(kept, EXPECTED.value("dropout_forward", 1).astype(bool))
        hints = {h: wrong[kept] for h, wrong in EXPECTED.mistakes("dropout_forward", 0).items()} if same_draw else {}
        check_array("A_drop where D is True", A_drop[kept], A[kept] / keep_prob, reveal=True, mistakes=hints)
    want = EXPECTED.value("dropout_forward", 1).astype(bool)
    if not np.array_equal(kept, want):
        if np.array_equal(kept, ~want):
            raise Mismatch(
                "D is the complement of the draw the assignment specifies: D must be True where the "
                "random number is below keep_prob, D = rng.random(A.shape) < keep_prob."
            )
        raise Mismatch(
            "D is a valid mask, but not the one the seeded draw gives. Draw it with exactly one call, "
            "D = rng.random(A.shape) < keep_prob, before anything else uses rng."
        )
    check_array("A_drop", A_drop, EXPECTED.value("dropout_forward", 0), reveal=True)

    big = np.ones((200, 500))
    _, D_big = _run("dropout_forward", f, big, 0.8, np.random.default_rng(5))
    rate = float(np.mean(np.asarray(D_big, dtype=np.float64)))
    if abs(rate - 0.8) > 0.01:
        raise Mismatch(
            f"with keep_prob = 0.8, your mask keeps a fraction {rate:.3f} of 100,000 units; it should "
            "keep about 0.8 of them (each unit independently with probability keep_prob)."
        )
    passed("dropout_forward")


def check_dropout_backward(f: Callable) -> None:
    dA, D, keep_prob = CASES["dropout_backward"].arguments(EXPECTED.value)
    for mask, kind in ((D, "a boolean mask"), (D.astype(np.float64), "a mask of 0.0/1.0")):
        got = _run("dropout_backward", f, dA, mask, keep_prob)
        EXPECTED.check(f"dropout_backward(dA, D, keep_prob) with {kind}", got, "dropout_backward")
    passed("dropout_backward")


def check_L_model_forward_with_dropout(f: Callable) -> None:
    dims, m, seed, keep_prob, rng_seed = DROPOUT_NET
    parameters, X, _ = _network(dims, m, seed)
    L = len(dims) - 1
    out = _run("L_model_forward_with_dropout", f, X, parameters, keep_prob, np.random.default_rng(rng_seed))
    AL, caches, masks = check_tuple("L_model_forward_with_dropout(...)", out, 3)
    check_shape("AL", AL, (1, m))
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        raise Mismatch(f"caches should be a list of {L} caches (one per layer) for a {L}-layer network.")
    if not isinstance(masks, (list, tuple)):
        raise Mismatch(f"masks should be a list of {L - 1} masks, but it is a {type(masks).__name__}.")
    if len(masks) == L:
        raise Mismatch(
            f"masks has {L} masks, one per layer: dropout goes on the hidden layers 1..L-1 only, "
            "never on the output layer."
        )
    if len(masks) != L - 1:
        raise Mismatch(f"masks should hold {L - 1} masks (one per hidden layer), but it has {len(masks)}.")
    if np.shape(masks[0]) == X.shape and X.shape != (dims[1], m):
        raise Mismatch("the first mask has the shape of X: dropout must not be applied to the input.")
    for l in range(1, L):
        check_shape(f"masks[{l - 1}] (the mask of layer {l})", masks[l - 1], (dims[l], m))
    for l in range(1, L):
        Z = np.asarray(caches[l - 1][1])
        fed = np.asarray(caches[l][0][0])
        A = relu(Z)
        D = np.asarray(masks[l - 1]).astype(bool)
        if close(fed, A) and not D.all():
            raise Mismatch(
                f"layer {l + 1} was fed the activation of layer {l} without dropout: pass the "
                "dropped-out activation (A_drop) to the next layer."
            )
        if close(fed, np.where(D, A, 0.0)) and not close(fed, np.where(D, A / keep_prob, 0.0)):
            raise Mismatch(
                f"layer {l + 1} was fed the masked activation of layer {l} without the division by "
                "keep_prob (inverted dropout divides by keep_prob)."
            )
        if not close(fed, np.where(D, A / keep_prob, 0.0)):
            raise Mismatch(
                f"the input stored in layer {l + 1}'s cache is not layer {l}'s ReLU activation "
                f"dropped out with masks[{l - 1}]: apply dropout_forward to layer {l}'s activation and "
                "feed its result to the next layer."
            )
    want_masks = EXPECTED.value("L_model_forward_with_dropout", 2)
    for l in range(1, L):
        if not np.array_equal(np.asarray(masks[l - 1]).astype(bool), np.asarray(want_masks[l - 1]).astype(bool)):
            raise Mismatch(
                f"masks[{l - 1}] is not the draw the assignment specifies: call dropout_forward once "
                "per hidden layer, in order from layer 1 to L-1, with the rng you were given, and draw "
                "nothing else from it."
            )
    check_array("AL", AL, EXPECTED.value("L_model_forward_with_dropout", 0), reveal=True)

    AL1, _, masks1 = _run("L_model_forward_with_dropout", f, X, parameters, 1.0, np.random.default_rng(rng_seed))
    check_array(
        "AL with keep_prob = 1 (it should equal L_model_forward's)", AL1, L_model_forward(X, parameters)[0], reveal=True
    )
    if not all(np.asarray(D).all() for D in masks1):
        raise Mismatch("with keep_prob = 1 every unit must be kept (all masks True).")
    passed("L_model_forward_with_dropout")


def check_L_model_backward_with_dropout(f: Callable) -> None:
    dims, m, seed, keep_prob, _ = DROPOUT_NET
    parameters, X, Y = _network(dims, m, seed)
    L = len(dims) - 1
    case = "L_model_backward_with_dropout"
    grads = _run("L_model_backward_with_dropout", f, *CASES[case].arguments(EXPECTED.value))
    _check_grads_keys("grads", grads, L)
    for key in (f"{p}{l}" for l in range(L, 0, -1) for p in ("dW", "db")):
        EXPECTED.check(f"grads['{key}']", grads[key], case, key)
    passed("L_model_backward_with_dropout")


def check_gradient_check(f: Callable) -> None:
    dims, m, seed = GRADCHECK_NET
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    given = _copy(parameters)
    got = _run("gradient_check", f, given, _copy(grads), X, Y, copy_args=False)  # is `given` left unchanged?
    for key, value in parameters.items():
        if not np.array_equal(given[key], value):
            raise Mismatch(
                f"gradient_check changed parameters['{key}']: shift a copy of the array, so that the "
                "caller's parameters come back unchanged."
            )
    difference = check_float("gradient_check(...) on correct gradients", got, 0.0, atol=1.0)
    if not 0 <= difference < 1e-7:
        hint = ""
        if abs(difference - 1 / 3) < 1e-3:
            hint = " This is what dividing by epsilon instead of 2 * epsilon gives."
        elif difference > 0.5:
            hint = (
                " The estimates and the gradients do not line up: collect them in the same order, "
                "entry by entry, and shift one entry at a time (restoring it afterwards)."
            )
        raise Mismatch(
            f"gradient_check returned {difference:.3g} for correct gradients; it should be below 1e-7." + hint
        )

    got = _run("gradient_check", f, *CASES["gradient_check/buggy"].arguments(EXPECTED.value))
    EXPECTED.check("gradient_check(...) on gradients with two planted bugs", got, "gradient_check/buggy", rtol=1e-5)
    got = _run("gradient_check", f, *CASES["gradient_check/large_epsilon"].arguments(EXPECTED.value))
    if check_float("gradient_check(..., epsilon=1e-2)", got, 0.0, atol=1.0) < 1e-7:
        raise Mismatch(
            "with epsilon=1e-2 the finite differences are less accurate and the difference should be "
            "well above 1e-7: is the epsilon argument used?"
        )
    EXPECTED.check(
        "gradient_check(..., epsilon=1e-2) on correct gradients", got, "gradient_check/large_epsilon", rtol=1e-4
    )
    passed("gradient_check")
