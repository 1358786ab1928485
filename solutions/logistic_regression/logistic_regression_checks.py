"""Public checks of the logistic_regression assignment.

Each ``check_<function>(f)`` calls your function on small public inputs (below) and
compares the result with the reference solution's, stored in
``logistic_regression_expected.json`` with what some typical mistakes give instead.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse import expected
from dlcourse.checking import call, passed
from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_tuple,
)
from dlcourse.expected import Case

# Public inputs: 3 features, 5 examples.
W = np.array([[0.5], [-1.0], [0.25]])
B = 0.75
X = np.array(
    [
        [1.0, -2.0, 0.5, 3.0, 0.0],
        [0.5, 1.5, -1.0, 2.0, -0.5],
        [2.0, 0.0, 1.0, -1.5, 1.0],
    ]
)
Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
M = X.shape[1]

SIGMOID_Z = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.25]])

CASES = {
    "sigmoid/scalar": Case("sigmoid", (2.0,)),
    "sigmoid/matrix": Case("sigmoid", (SIGMOID_Z,)),
    "sigmoid/vector": Case("sigmoid", (SIGMOID_Z[0],)),
    "propagate": Case("propagate", (W, B, X, Y)),
    "optimize": Case("optimize", (W, B, X, Y, 201, 0.1)),  # num_iterations=201, learning_rate=0.1
    "optimize/defaults": Case("optimize", (W, B, X, Y)),  # num_iterations=100, learning_rate=0.009
    "predict": Case("predict", (W, B, X)),
    "predict/w=0": Case("predict", (np.zeros((3, 1)), 0.0, X)),
}
EXPECTED = expected.load(__file__, CASES)


def _check_number(name: str, got: object) -> None:
    """A result the assignment asks to be a single float."""
    if isinstance(got, (bool, np.bool_)):
        raise Mismatch(f"{name} is a bool; it should be a float.")
    if isinstance(got, (int, np.integer)):
        raise Mismatch(f"{name} is the integer {got}; it should be a float (write 0.0, not 0).")
    if isinstance(got, np.ndarray) and got.ndim > 0:
        raise Mismatch(
            f"{name} should be a single number, but it is an array of shape {got.shape}. "
            "Use float(...) to turn a one-element array into a number."
        )


def check_sigmoid(sigmoid: Callable) -> None:
    EXPECTED.check("sigmoid(2.0)", EXPECTED.run("sigmoid/scalar", sigmoid), "sigmoid/scalar")
    EXPECTED.check("sigmoid(z) for z of shape (2, 3)", EXPECTED.run("sigmoid/matrix", sigmoid), "sigmoid/matrix")
    EXPECTED.check("sigmoid(z) for a 1-D z of shape (3,)", EXPECTED.run("sigmoid/vector", sigmoid), "sigmoid/vector")
    got = call("sigmoid", sigmoid, np.array([0, 2]))
    check_float_dtype("sigmoid(np.array([0, 2])), whose input holds integers", got)
    passed("sigmoid")


def check_initialize_with_zeros(initialize_with_zeros: Callable) -> None:
    for dim in (1, 3):
        w, b = check_tuple(
            f"initialize_with_zeros({dim})", call("initialize_with_zeros", initialize_with_zeros, dim), 2
        )
        check_array(f"w of initialize_with_zeros({dim})", w, np.zeros((dim, 1)), reveal=True)
        check_float_dtype(f"w of initialize_with_zeros({dim})", w)
        _check_number(f"b of initialize_with_zeros({dim})", b)
        check_float(f"b of initialize_with_zeros({dim})", b, 0.0, reveal=True)
    passed("initialize_with_zeros")


def check_propagate(propagate: Callable) -> None:
    grads, cost = check_tuple("propagate(w, b, X, Y)", EXPECTED.run("propagate", propagate), 2)
    _check_number("cost", cost)
    EXPECTED.check("cost", cost, "propagate", 1)
    check_keys("grads", grads, ["dw", "db"])
    EXPECTED.check("grads['dw']", grads["dw"], "propagate", (0, "dw"))
    _check_number("grads['db']", grads["db"])
    EXPECTED.check("grads['db']", grads["db"], "propagate", (0, "db"))
    passed("propagate")


def _check_costs(name: str, costs: object, case: str) -> None:
    expected_costs = EXPECTED.value(case, 2)
    if not isinstance(costs, list):
        raise Mismatch(f"{name} should be a list, but it is a {type(costs).__name__}.")
    if len(costs) != len(expected_costs):
        raise Mismatch(
            f"{name} has {len(costs)} values, but it should hold the costs at iterations "
            f"{', '.join(str(100 * i) for i in range(len(expected_costs)))} ({len(expected_costs)} values): "
            "record the cost when i % 100 == 0, counting i from 0."
        )
    for i, c in enumerate(costs):
        _check_number(f"{name}[{i}]", c)
    mistakes = {h: np.array(v[2]) for h, v in EXPECTED.cases[case]["mistakes"].items() if len(v[2]) == len(costs)}
    check_array(
        name,
        np.array(costs, dtype=float),
        np.array(expected_costs),
        reveal=True,
        mistakes={h: v for h, v in mistakes.items() if not np.allclose(v, expected_costs)},
    )


def check_optimize(optimize: Callable) -> None:
    result = EXPECTED.run("optimize", optimize)
    params, grads, costs = check_tuple("optimize(w, b, X, Y, num_iterations=201, learning_rate=0.1)", result, 3)
    check_keys("params", params, ["w", "b"])
    check_keys("grads", grads, ["dw", "db"])
    EXPECTED.check("params['w']", params["w"], "optimize", (0, "w"))
    _check_number("params['b']", params["b"])
    EXPECTED.check("params['b']", params["b"], "optimize", (0, "b"))
    EXPECTED.check("grads['dw']", grads["dw"], "optimize", (1, "dw"))
    EXPECTED.check("grads['db']", grads["db"], "optimize", (1, "db"))
    _check_costs("costs", costs, "optimize")

    params, _, costs = check_tuple("optimize(w, b, X, Y)", EXPECTED.run("optimize/defaults", optimize), 3)
    EXPECTED.check(
        "params['w'] of optimize(w, b, X, Y) with the default arguments (num_iterations=100, learning_rate=0.009)",
        params["w"],
        "optimize/defaults",
        (0, "w"),
    )
    _check_costs("costs of optimize(w, b, X, Y) with the default arguments", costs, "optimize/defaults")
    passed("optimize")


def check_predict(predict: Callable) -> None:
    got = EXPECTED.run("predict", predict)
    EXPECTED.check("predict(w, b, X)", got, "predict")
    check_float_dtype("predict(w, b, X)", got)
    got = EXPECTED.run("predict/w=0", predict)
    EXPECTED.check("predict with w = 0 and b = 0 (every probability is exactly 0.5)", got, "predict/w=0")
    passed("predict")
