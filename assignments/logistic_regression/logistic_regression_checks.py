"""Public checks of the logistic_regression assignment.

Each ``check_<function>(f)`` calls your function on small public inputs and compares
the result with the reference solution's, which is written out below as numbers.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_tuple,
)

# Public inputs: 3 features, 5 examples.
W = np.array([[0.5], [-1.0], [0.25]])
B = 0.75
X = np.array([
    [1.0, -2.0, 0.5, 3.0, 0.0],
    [0.5, 1.5, -1.0, 2.0, -0.5],
    [2.0, 0.0, 1.0, -1.5, 1.0],
])
Y = np.array([[1.0, 0.0, 1.0, 0.0, 1.0]])
M = X.shape[1]

# What the reference solution returns on them, and what some typical mistakes return.
SIGMOID_Z = np.array([[-1.0, 0.0, 2.0], [3.0, -0.5, 0.25]])
SIGMOID_EXPECTED = np.array([
    [0.2689414213699951, 0.5, 0.8807970779778823],
    [0.9525741268224334, 0.3775406687981454, 0.5621765008857981],
])
SIGMOID_2 = 0.8807970779778823
TANH_Z = np.array([
    [-0.7615941559557649, 0.0, 0.9640275800758169],
    [0.9950547536867305, -0.46211715726000974, 0.24491866240370913],
])

COST = 0.26927442080002584
DW = np.array([
    [0.1679805225080977],
    [0.246972841537931],
    [-0.28527224125908984],
])
DB = 0.023272539425431706
COST_WITHOUT_B = 0.29793911671507284
COST_ONLY_Y_TERM = 0.11070978364897452
DW_WITHOUT_B = np.array([
    [0.05243502514903111],
    [0.171256610835486],
    [-0.3399301240943474],
])
DB_WITHOUT_B = -0.1021428682489753
DW_FROM_Z = np.array([
    [0.8],
    [-0.85],
    [0.4875],
])
DB_FROM_Z = 0.025

# optimize(W, B, X, Y, num_iterations=201, learning_rate=0.1)
OPT_W = np.array([
    [0.5679986394262254],
    [-2.042424253613704],
    [1.5892702382544122],
])
OPT_B = 0.8396834461161022
OPT_DW = np.array([
    [-0.008201432701747374],
    [0.01993225008710618],
    [-0.02478774131722337],
])
OPT_DB = -0.0027880296493638925
OPT_COSTS = [0.26927442080002584, 0.044083450219414476, 0.024391414226508108]
OPT_COSTS_AFTER_UPDATE = [0.25273088826508927, 0.04373058058620666, 0.024282979906684227]
OPT_DW_AFTER_LAST_UPDATE = np.array([
    [-0.008170017817322022],
    [0.019845623032561092],
    [-0.02467392199180795],
])
OPT_W_ASCENT = np.array([
    [4.278820148843737],
    [12.500841102329211],
    [-19.60198062631486],
])
OPT_W_ONE_STEP_SHORT = np.array([
    [0.5671784961560506],
    [-2.0404310286049934],
    [1.58679146412269],
])
# optimize(W, B, X, Y) with the default num_iterations=100, learning_rate=0.009
OPT_DEFAULT_W = np.array([
    [0.408443574415565],
    [-1.174381608181726],
    [0.4605564550141944],
])

PREDICTION = np.array([
    [1.0, 0.0, 1.0, 0.0, 1.0],
])
PROBABILITIES = np.array([
    [0.7772998611746911, 0.14804719803168948, 0.9046505351008906, 0.46879062662624377, 0.8175744761936437],
])


def _passed(name: str) -> None:
    print(f"✓ {name} passed its public checks")


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
    s = sigmoid(2.0)
    check_float("sigmoid(2.0)", s, SIGMOID_2, reveal=True, mistakes={
        "exp(z) instead of exp(-z)": 1 - SIGMOID_2,
        "np.tanh instead of the sigmoid": TANH_Z[0, 2],
    })
    s = sigmoid(SIGMOID_Z.copy())
    check_array("sigmoid(z) for z of shape (2, 3)", s, SIGMOID_EXPECTED, reveal=True, mistakes={
        "exp(z) instead of exp(-z)": 1 - SIGMOID_EXPECTED,
        "np.tanh instead of the sigmoid": TANH_Z,
    })
    check_array("sigmoid(z) for a 1-D z of shape (3,)", sigmoid(SIGMOID_Z[0].copy()), SIGMOID_EXPECTED[0],
                reveal=True)
    check_float_dtype("sigmoid(np.array([0, 2])), whose input holds integers", sigmoid(np.array([0, 2])))
    _passed("sigmoid")


def check_initialize_with_zeros(initialize_with_zeros: Callable) -> None:
    for dim in (1, 3):
        w, b = check_tuple(f"initialize_with_zeros({dim})", initialize_with_zeros(dim), 2)
        check_array(f"w of initialize_with_zeros({dim})", w, np.zeros((dim, 1)), reveal=True)
        check_float_dtype(f"w of initialize_with_zeros({dim})", w)
        _check_number(f"b of initialize_with_zeros({dim})", b)
        check_float(f"b of initialize_with_zeros({dim})", b, 0.0, reveal=True)
    _passed("initialize_with_zeros")


def check_propagate(propagate: Callable) -> None:
    result = propagate(W.copy(), B, X.copy(), Y.copy())
    grads, cost = check_tuple("propagate(w, b, X, Y)", result, 2)
    _check_number("cost", cost)
    check_float("cost", cost, COST, reveal=True, mistakes={
        "a sum over the examples instead of a mean (a missing 1/m)": COST * M,
        "a missing minus sign": -COST,
        "forgetting b in Z = w.T X + b": COST_WITHOUT_B,
        "leaving out the (1 - y) log(1 - a) term": COST_ONLY_Y_TERM,
    })
    check_keys("grads", grads, ["dw", "db"])
    check_array("grads['dw']", grads["dw"], DW, reveal=True, mistakes={
        "a missing 1/m": DW * M,
        "Y - A instead of A - Y": -DW,
        "forgetting b in Z = w.T X + b": DW_WITHOUT_B,
        "using Z (before the sigmoid) instead of A": DW_FROM_Z,
    })
    _check_number("grads['db']", grads["db"])
    check_float("grads['db']", grads["db"], DB, reveal=True, mistakes={
        "a missing 1/m": DB * M,
        "Y - A instead of A - Y": -DB,
        "forgetting b in Z = w.T X + b": DB_WITHOUT_B,
        "using Z (before the sigmoid) instead of A": DB_FROM_Z,
    })
    _passed("propagate")


def _check_costs(name: str, costs: object, expected: list[float], mistakes: dict | None = None) -> None:
    if not isinstance(costs, list):
        raise Mismatch(f"{name} should be a list, but it is a {type(costs).__name__}.")
    if len(costs) != len(expected):
        raise Mismatch(
            f"{name} has {len(costs)} values, but it should hold the costs at iterations "
            f"{', '.join(str(100 * i) for i in range(len(expected)))} ({len(expected)} values): "
            "record the cost when i % 100 == 0, counting i from 0."
        )
    for i, c in enumerate(costs):
        _check_number(f"{name}[{i}]", c)
    check_array(name, np.array(costs, dtype=float), expected, reveal=True, mistakes=mistakes)


def check_optimize(optimize: Callable) -> None:
    result = optimize(W.copy(), B, X.copy(), Y.copy(), num_iterations=201, learning_rate=0.1)
    params, grads, costs = check_tuple("optimize(w, b, X, Y, num_iterations=201, learning_rate=0.1)", result, 3)
    check_keys("params", params, ["w", "b"])
    check_keys("grads", grads, ["dw", "db"])
    check_array("params['w']", params["w"], OPT_W, reveal=True, mistakes={
        "adding the gradient instead of subtracting it": OPT_W_ASCENT,
        "one update too few": OPT_W_ONE_STEP_SHORT,
    })
    _check_number("params['b']", params["b"])
    check_float("params['b']", params["b"], OPT_B, reveal=True)
    check_array("grads['dw']", grads["dw"], OPT_DW, reveal=True, mistakes={
        "computing the gradients again after the last update": OPT_DW_AFTER_LAST_UPDATE,
    })
    check_float("grads['db']", grads["db"], OPT_DB, reveal=True)
    _check_costs("costs", costs, OPT_COSTS, mistakes={
        "recording the cost after the update instead of before it": OPT_COSTS_AFTER_UPDATE,
    })

    params, _, costs = optimize(W.copy(), B, X.copy(), Y.copy())
    check_array("params['w'] of optimize(w, b, X, Y) with the default arguments "
                "(num_iterations=100, learning_rate=0.009)", params["w"], OPT_DEFAULT_W, reveal=True)
    _check_costs("costs of optimize(w, b, X, Y) with the default arguments", costs, [COST])
    _passed("optimize")


def check_predict(predict: Callable) -> None:
    got = predict(W.copy(), B, X.copy())
    check_array("predict(w, b, X)", got, PREDICTION, reveal=True, mistakes={
        "returning the probabilities A instead of 0/1 labels": PROBABILITIES,
        "swapping the two labels": 1 - PREDICTION,
    })
    check_float_dtype("predict(w, b, X)", got)
    got = predict(np.zeros((3, 1)), 0.0, X.copy())
    check_array("predict with w = 0 and b = 0 (every probability is exactly 0.5)", got, np.zeros((1, M)),
                reveal=True, mistakes={"predicting 1 when a >= 0.5 (the rule is a > 0.5)": np.ones((1, M))})
    _passed("predict")
