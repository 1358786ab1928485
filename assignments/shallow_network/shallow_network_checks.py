"""Public checks of the shallow_network assignment.

Each ``check_<function>(f)`` calls your function on small public inputs (below) and
compares the result with the reference solution's, stored in ``shallow_network_expected.json``
with what some typical mistakes give instead.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlcourse import expected
from dlcourse.checking import call, passed
from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
)
from dlcourse.expected import Case

PARAMETER_KEYS = ["W1", "b1", "W2", "b2"]
GRADIENT_KEYS = ["dW1", "db1", "dW2", "db2"]
CACHE_KEYS = ["Z1", "A1", "Z2", "A2"]

# Public inputs: n_x = 2 features, m = 5 examples, a hidden layer of n_h = 3 units, n_y = 1.
X = np.array(
    [
        [1.0, -0.5, 2.0, 0.0, -1.5],
        [0.5, 1.0, -1.0, 2.0, 0.25],
    ]
)
Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
M = X.shape[1]
PARAMETERS = {
    "W1": np.array([[0.5, -0.25], [-0.75, 0.4], [0.3, 0.9]]),
    "b1": np.array([[0.1], [-0.2], [0.05]]),
    "W2": np.array([[0.8, -0.6, 0.45]]),
    "b2": np.array([[-0.15]]),
}
A2_FOR_COST = np.array([[0.8, 0.3, 0.6, 0.9, 0.2]])

HALF = {**PARAMETERS, "W2": np.zeros((1, 3)), "b2": np.zeros((1, 1))}  # every probability is exactly 0.5

CASES = {
    "initialize_parameters": Case("initialize_parameters", (2, 3, 1, np.random.default_rng(0))),
    "forward_propagation": Case("forward_propagation", (X, PARAMETERS)),
    "compute_cost": Case("compute_cost", (A2_FOR_COST, Y)),
    # on the cache of forward_propagation(X, PARAMETERS)
    "backward_propagation": Case(
        "backward_propagation", lambda value: (PARAMETERS, value("forward_propagation", 1), X, Y)
    ),
    "update_parameters": Case("update_parameters", lambda value: (PARAMETERS, value("backward_propagation"), 0.5)),
    "update_parameters/default": Case("update_parameters", lambda value: (PARAMETERS, value("backward_propagation"))),
    "nn_model": Case("nn_model", (X, Y, 3, np.random.default_rng(3), 50, 0.5)),  # num_iterations, learning_rate
    "predict": Case("predict", (PARAMETERS, X)),
    "predict/half": Case("predict", (HALF, X)),
}
EXPECTED = expected.load(__file__, CASES)


def _default(f: Callable, argument: str) -> object:
    try:
        return inspect.signature(f).parameters[argument].default
    except (TypeError, ValueError, KeyError):
        return "missing"


def check_layer_sizes(layer_sizes: Callable) -> None:
    sizes = check_tuple(
        "layer_sizes(X, Y) for X of shape (5, 3), Y of shape (2, 3)",
        call("layer_sizes", layer_sizes, np.zeros((5, 3)), np.zeros((2, 3))),
        3,
    )
    for name, got in zip(("n_x", "n_h", "n_y"), sizes, strict=True):
        if not isinstance(got, (int, np.integer)) or isinstance(got, bool):
            raise Mismatch(f"{name} should be an int, but it is a {type(got).__name__}.")
    if sizes[0] == 3 or sizes[2] == 3:
        raise Mismatch(
            f"layer_sizes returned {sizes} for X of shape (5, 3) and Y of shape (2, 3), but it should "
            "return (5, 4, 2). The number of examples m = X.shape[1] is not a layer size: "
            "the sizes are the numbers of rows."
        )
    if tuple(int(s) for s in sizes) != (5, 4, 2):
        raise Mismatch(
            f"layer_sizes returned {sizes} for X of shape (5, 3) and Y of shape (2, 3), but it should return (5, 4, 2)."
        )
    passed("layer_sizes")


def check_initialize_parameters(initialize_parameters: Callable) -> None:
    case = "initialize_parameters"
    parameters = EXPECTED.run(case, initialize_parameters)
    check_keys("parameters", parameters, PARAMETER_KEYS)
    for key, shape in (("W1", (3, 2)), ("b1", (3, 1)), ("W2", (1, 3)), ("b2", (1, 1))):
        check_shape(f"parameters['{key}'] of initialize_parameters(2, 3, 1, rng)", parameters[key], shape)
        check_float_dtype(f"parameters['{key}']", parameters[key])
    again = EXPECTED.run(case, initialize_parameters)
    if not np.array_equal(parameters["W1"], again["W1"]):
        raise Mismatch(
            "Two calls with generators in the same state gave different weights: draw them from the "
            "rng argument (rng.standard_normal(...)), not from np.random."
        )
    for key in ("W1", "W2", "b1", "b2"):
        EXPECTED.check(f"parameters['{key}']", parameters[key], case, key)
    passed("initialize_parameters")


def check_forward_propagation(forward_propagation: Callable) -> None:
    case = "forward_propagation"
    A2, cache = check_tuple("forward_propagation(X, parameters)", EXPECTED.run(case, forward_propagation), 2)
    EXPECTED.check("A2", A2, case, 0)
    check_keys("cache", cache, CACHE_KEYS)
    for key in CACHE_KEYS:
        check_array(f"cache['{key}']", cache[key], EXPECTED.value(case, (1, key)), reveal=True)
    passed("forward_propagation")


def check_compute_cost(compute_cost: Callable) -> None:
    cost = EXPECTED.run("compute_cost", compute_cost)
    if isinstance(cost, np.ndarray) and cost.ndim > 0:
        raise Mismatch(
            f"the cost should be a single number, but it is an array of shape {cost.shape}. "
            "Use float(...) to turn it into a number."
        )
    EXPECTED.check("compute_cost(A2, Y)", cost, "compute_cost")
    passed("compute_cost")


def check_backward_propagation(backward_propagation: Callable) -> None:
    case = "backward_propagation"
    grads = EXPECTED.run(case, backward_propagation)
    check_keys("grads", grads, GRADIENT_KEYS)
    for key in ("dW2", "db2", "dW1", "db1"):
        EXPECTED.check(f"grads['{key}']", grads[key], case, key)
    passed("backward_propagation")


def check_update_parameters(update_parameters: Callable) -> None:
    case = "update_parameters"
    updated = EXPECTED.run(case, update_parameters)
    check_keys("update_parameters(parameters, grads, learning_rate=0.5)", updated, PARAMETER_KEYS)
    for key in PARAMETER_KEYS:
        EXPECTED.check(f"the updated {key}", updated[key], case, key)
    updated = EXPECTED.run("update_parameters/default", update_parameters)
    EXPECTED.check(
        "the updated W1 with the default learning_rate (1.2)", updated["W1"], "update_parameters/default", "W1"
    )
    passed("update_parameters")


def check_nn_model(nn_model: Callable) -> None:
    case = "nn_model"
    parameters = EXPECTED.run(case, nn_model)
    check_keys("nn_model(X, Y, 3, rng, num_iterations=50, learning_rate=0.5)", parameters, PARAMETER_KEYS)
    if np.shape(parameters["W1"]) == (4, 2):
        raise Mismatch(
            "W1 has 4 rows, but nn_model was asked for n_h = 3 hidden units: use the argument n_h "
            "for the hidden layer, not the 4 that layer_sizes returns."
        )
    EXPECTED.check("the trained W1", parameters["W1"], case, "W1")
    EXPECTED.check("the trained W2", parameters["W2"], case, "W2")
    # the defaults are read from the signature: a 10,000-iteration run would not be instant
    for argument, default in (("num_iterations", 10000), ("learning_rate", 1.2)):
        got = _default(nn_model, argument)
        if got != default:
            raise Mismatch(f"nn_model's default {argument} is {got}, but it should be {default}.")
    passed("nn_model")


def check_predict(predict: Callable) -> None:
    got = EXPECTED.run("predict", predict)
    EXPECTED.check("predict(parameters, X)", got, "predict")
    check_float_dtype("predict(parameters, X)", got)
    got = EXPECTED.run("predict/half", predict)
    EXPECTED.check("predict with W2 = 0 and b2 = 0 (every probability is exactly 0.5)", got, "predict/half")
    passed("predict")
