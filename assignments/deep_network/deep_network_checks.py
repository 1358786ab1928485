"""Public checks of the deep_network assignment.

Each ``check_<function>(f)`` calls your function on small public inputs (below) and
compares the result with the reference solution's, stored in ``deep_network_expected.json``
with what some typical mistakes give instead.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse import expected
from dlcourse.checking import passed
from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
)
from dlcourse.expected import Case

# Public inputs. A layer with 3 inputs, 2 units and m = 4 examples:
A_PREV = np.array(
    [
        [1.0, -0.5, 2.0, 0.0],
        [0.5, 1.0, -1.0, 2.0],
        [-1.5, 0.25, 0.5, -1.0],
    ]
)
W = np.array([[0.5, -0.25, 0.75], [-0.6, 0.4, 0.2]])
B = np.array([[0.8], [0.3]])
M = A_PREV.shape[1]
# A network with layer_dims [3, 2, 2, 1] (L = 3) on the same inputs:
X = A_PREV
Y = np.array([[1.0, 0.0, 1.0, 0.0]])
PARAMETERS = {
    "W1": W,
    "b1": B,
    "W2": np.array([[0.9, -0.4], [0.3, 0.8]]),
    "b2": np.array([[0.05], [-0.1]]),
    "W3": np.array([[1.2, -0.7]]),
    "b3": np.array([[0.2]]),
}
AL_FOR_COST = np.array([[0.8, 0.3, 0.6, 0.1]])
# A square layer (2 inputs, 2 units) for the backward steps, so that W and W.T have the same shape:
DZ = np.array([[0.3, -0.1, 0.2, -0.4], [-0.2, 0.5, 0.1, 0.3]])
DA = np.array([[0.4, -0.3, 0.6, -0.2], [0.1, 0.2, -0.5, 0.7]])
SQUARE_CACHE = (
    np.array([[1.0, -2.0, 0.5, 3.0], [-0.5, 1.5, -1.0, 2.0]]),  # A_prev
    np.array([[0.8, -0.3], [0.4, 0.6]]),  # W
    np.array([[0.1], [-0.1]]),  # b
)
# Z of that layer, chosen with an exact 0 (where the ReLU derivative is 0) and with signs that
# differ from A_prev's, so that a derivative taken from the wrong array gives different numbers.
Z_FOR_BACKWARD = np.array([[0.0, 1.5, -0.8, -1.2], [0.7, -0.9, 1.1, 0.0]])
LEARNING_RATE = 0.1

ACTIVATIONS = ("relu", "sigmoid", "tanh")
CASES = {
    "initialize_parameters_deep": Case("initialize_parameters_deep", ([3, 2, 1], np.random.default_rng(0))),
    "linear_forward": Case("linear_forward", (A_PREV, W, B)),
    **{f"linear_activation_forward/{a}": Case("linear_activation_forward", (A_PREV, W, B, a)) for a in ACTIVATIONS},
    "L_model_forward": Case("L_model_forward", (X, PARAMETERS)),
    "compute_cost": Case("compute_cost", (AL_FOR_COST, Y)),
    "linear_backward": Case("linear_backward", (DZ, SQUARE_CACHE)),
    **{
        f"linear_activation_backward/{a}": Case("linear_activation_backward", (DA, (SQUARE_CACHE, Z_FOR_BACKWARD), a))
        for a in ACTIVATIONS
    },
    # on the forward pass of L_model_forward(X, PARAMETERS)
    "L_model_backward": Case(
        "L_model_backward", lambda value: (value("L_model_forward", 0), Y, value("L_model_forward", 1))
    ),
    "update_parameters": Case(
        "update_parameters", lambda value: (PARAMETERS, value("L_model_backward"), LEARNING_RATE)
    ),
}
EXPECTED = expected.load(__file__, CASES)
GRADIENT_KEYS = ["dA0", "dW1", "db1", "dA1", "dW2", "db2", "dA2", "dW3", "db3"]


def check_initialize_parameters_deep(initialize_parameters_deep: Callable) -> None:
    name, case = "initialize_parameters_deep", "initialize_parameters_deep"
    call_text = "initialize_parameters_deep([3, 2, 1], rng)"
    parameters = EXPECTED.run(case, initialize_parameters_deep)
    check_keys(f"the result of {call_text}", parameters, ["W1", "b1", "W2", "b2"])
    for key, shape in (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))):
        check_shape(f"{key} of {call_text}", parameters[key], shape)
        check_float_dtype(f"{key} of {call_text}", parameters[key])
    again = EXPECTED.run(case, initialize_parameters_deep)
    if not np.array_equal(parameters["W1"], again["W1"]):
        raise Mismatch(
            "Two calls with generators in the same state gave different weights: draw them "
            "from the rng argument (rng.standard_normal(...)), not from np.random."
        )
    for key in ("W1", "W2", "b1"):
        EXPECTED.check(f"{key} of {call_text}", parameters[key], case, key)
    passed(name)


def check_linear_forward(linear_forward: Callable) -> None:
    case = "linear_forward"
    Z, cache = check_tuple(
        "linear_forward(A, W, b)",
        EXPECTED.run(case, linear_forward),
        2,
    )
    EXPECTED.check("Z", Z, case, 0)
    cache = check_tuple("the cache of linear_forward", cache, 3)
    for name, got, want in zip(("A", "W", "b"), cache, (A_PREV, W, B), strict=True):
        check_array(f"the cache's {name} (the cache is (A, W, b))", got, want, reveal=True)
    passed("linear_forward")


def _check_layer_cache(name: str, cache: object, want: tuple, mistakes: dict | None = None) -> None:
    (A_prev, W_, b), Z = want
    linear_cache, Z_got = check_tuple(name, cache, 2)
    if isinstance(Z_got, (tuple, list)) and isinstance(linear_cache, np.ndarray):
        raise Mismatch(f"{name} should be (linear_cache, Z), in this order; it looks like (Z, linear_cache).")
    linear_cache = check_tuple(f"the linear cache in {name}", linear_cache, 3)
    for part, got, expected_part in zip(("A_prev", "W", "b"), linear_cache, (A_prev, W_, b), strict=True):
        check_array(f"{part} in {name}", got, expected_part, reveal=True)
    check_array(f"Z in {name}", Z_got, Z, reveal=True, mistakes=mistakes)


def check_linear_activation_forward(linear_activation_forward: Callable) -> None:
    for activation in ACTIVATIONS:
        case = f"linear_activation_forward/{activation}"
        call_text = f'linear_activation_forward(A_prev, W, b, "{activation}")'
        A, cache = check_tuple(
            call_text,
            EXPECTED.run(case, linear_activation_forward),
            2,
        )
        EXPECTED.check(f"A of {call_text}", A, case, 0)
        _check_layer_cache(
            f"the cache of {call_text}", cache, EXPECTED.value(case, 1), mistakes=EXPECTED.mistakes(case, (1, 1))
        )
    passed("linear_activation_forward")


def check_L_model_forward(L_model_forward: Callable) -> None:
    case = "L_model_forward"
    call_text = "L_model_forward(X, parameters) for layer_dims [3, 2, 2, 1]"
    AL, caches = check_tuple(call_text, EXPECTED.run(case, L_model_forward), 2)
    EXPECTED.check(f"AL of {call_text}", AL, case, 0)
    caches = check_tuple(f"the caches of {call_text}", caches, 3)
    for layer, (cache, want) in enumerate(zip(caches, EXPECTED.value(case, 1), strict=True), start=1):
        _check_layer_cache(f"the cache of layer {layer}", cache, want)
    passed("L_model_forward")


def check_compute_cost(compute_cost: Callable) -> None:
    case = "compute_cost"
    cost = EXPECTED.run(case, compute_cost)
    if isinstance(cost, np.ndarray) and cost.ndim > 0:
        raise Mismatch(
            f"the cost should be a single number, but it is an array of shape {cost.shape}. "
            "Use float(...) to turn it into a number."
        )
    EXPECTED.check("compute_cost(AL, Y)", cost, case)
    passed("compute_cost")


def check_linear_backward(linear_backward: Callable) -> None:
    case, call_text = "linear_backward", "linear_backward(dZ, cache)"
    got = check_tuple(call_text, EXPECTED.run(case, linear_backward), 3)
    for index in (1, 2, 0):  # dW and db first: their mistakes are the most common
        name = ("dA_prev", "dW", "db")[index]
        EXPECTED.check(f"{name} of {call_text}", got[index], case, index)
    passed("linear_backward")


def check_linear_activation_backward(linear_activation_backward: Callable) -> None:
    for activation in ACTIVATIONS:
        case = f"linear_activation_backward/{activation}"
        call_text = f'linear_activation_backward(dA, cache, "{activation}")'
        got = check_tuple(
            call_text,
            EXPECTED.run(case, linear_activation_backward),
            3,
        )
        for index, name in enumerate(("dA_prev", "dW", "db")):
            EXPECTED.check(f"{name} of {call_text}", got[index], case, index)
    passed("linear_activation_backward")


def check_L_model_backward(L_model_backward: Callable) -> None:
    case = "L_model_backward"
    call_text = "L_model_backward(AL, Y, caches) for layer_dims [3, 2, 2, 1]"
    grads = EXPECTED.run(case, L_model_backward)
    check_keys(f"the gradients of {call_text}", grads, GRADIENT_KEYS)
    for key in ("dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1", "dA0"):
        EXPECTED.check(f"grads['{key}'] of {call_text}", grads[key], case, key)
    passed("L_model_backward")


def check_update_parameters(update_parameters: Callable) -> None:
    case = "update_parameters"
    call_text = f"update_parameters(parameters, grads, learning_rate={LEARNING_RATE})"
    updated = EXPECTED.run(case, update_parameters)
    check_keys(f"the result of {call_text}", updated, list(PARAMETERS))
    for key in PARAMETERS:
        EXPECTED.check(f"{key} of {call_text}", updated[key], case, key)
    passed("update_parameters")
