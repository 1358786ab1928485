"""Public checks of the shallow_network assignment.

Each ``check_<function>(f)`` calls your function on small public inputs and compares
the result with the reference solution's, which is written out below as numbers.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np

from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
)

PARAMETER_KEYS = ["W1", "b1", "W2", "b2"]
GRADIENT_KEYS = ["dW1", "db1", "dW2", "db2"]
CACHE_KEYS = ["Z1", "A1", "Z2", "A2"]

# Public inputs: n_x = 2 features, m = 5 examples, a hidden layer of n_h = 3 units, n_y = 1.
X = np.array([
    [1.0, -0.5, 2.0, 0.0, -1.5],
    [0.5, 1.0, -1.0, 2.0, 0.25],
])
Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
M = X.shape[1]
PARAMETERS = {
    "W1": np.array([[0.5, -0.25], [-0.75, 0.4], [0.3, 0.9]]),
    "b1": np.array([[0.1], [-0.2], [0.05]]),
    "W2": np.array([[0.8, -0.6, 0.45]]),
    "b2": np.array([[-0.15]]),
}
A2_FOR_COST = np.array([[0.8, 0.3, 0.6, 0.9, 0.2]])

# What the reference solution returns on them, and what some typical mistakes return.
INIT_W1 = np.array([
    [0.001257302210933933, -0.0013210486329130189],
    [0.006404226504432821, 0.001049001171530397],
    [-0.005356693731611109, 0.0036159505490948474],
])  # initialize_parameters(2, 3, 1, np.random.default_rng(0))
INIT_W2 = np.array([
    [0.013040000451301373, 0.009470809631292421, -0.007037352358069926],
])
INIT_W1_IF_W2_FIRST = np.array([
    [0.001049001171530397, -0.005356693731611109],
    [0.0036159505490948474, 0.013040000451301373],
    [0.009470809631292421, -0.007037352358069926],
])
INIT_W1_UNIFORM = np.array([
    [0.006369616873214543, 0.002697867137638703],
    [0.0004097352393619469, 0.00016527635528529094],
    [0.008132702392002724, 0.009127555772777218],
])

CACHE = {
    "Z1": np.array([
    [0.475, -0.4, 1.35, -0.4, -0.7125],
    [-0.75, 0.575, -2.1, 0.6000000000000001, 1.0250000000000001],
    [0.8, 0.8, -0.25000000000000006, 1.85, -0.17499999999999993],
]),
    "A1": np.array([
    [0.44223035604572614, -0.3799489622552249, 0.874053287886007, -0.3799489622552249, -0.6122421243522802],
    [-0.6351489523872873, 0.5190218338982221, -0.970451936613454, 0.5370495669980353, 0.7718952374404183],
    [0.664036770267849, 0.664036770267849, -0.2449186624037092, 0.9517459571646616, -0.17323515783466004],
]),
    "Z2": np.array([
    [0.8836902028894854, -0.4665557235225811, 1.021300394195209, -0.3479032292789034, -1.180886662971672],
]),
    "A2": np.array([
    [0.7075863377432142, 0.38543178095837866, 0.7352258230817835, 0.4138909746962613, 0.2348928093277897],
]),
}
A2_HIDDEN_SIGMOID = np.array([
    [0.6133104174826735, 0.5243778386791668, 0.6495054760511649, 0.5430216772684608, 0.46929685069288846],
])
A2_HIDDEN_RELU = np.array([
    [0.6433651456944017, 0.46630116456709925, 0.7170752854929726, 0.5799334001885058, 0.3175616978069352],
])
A2_WITHOUT_BIASES = np.array([
    [0.7053311185271798, 0.38372357328070406, 0.7542258272132283, 0.41531084521851086, 0.24213263953118852],
])

COST = 0.28382963719819376
COST_ONLY_Y_TERM = 0.16786593814760536

GRADS = {
    "dW1": np.array([
    [-0.11926082760323012, -0.11065793620751707],
    [0.05861889614591864, 0.07207150730178373],
    [-0.09996865789256414, 0.02962740877934203],
]),
    "db1": np.array([
    [-0.05161337854585331],
    [0.027646409534627093],
    [-0.002182081802217273],
]),
    "dW2": np.array([
    [-0.08566101993915895, 0.10185347927468547, -0.09438059996396606],
]),
    "db2": np.array([
    [-0.10459445483851451],
]),
}
DW1_TANH_DERIVATIVE_FROM_Z1 = np.array([
    [-0.02019802665133916, -0.15407746243638487],
    [-0.1880000259436457, 0.17544473376451386],
    [-0.09113823416428166, 0.2907872824191092],
])
DW1_WITHOUT_TANH_DERIVATIVE = np.array([
    [-0.21872273929025482, -0.09751931544437242],
    [0.1640420544676911, 0.07313948658327933],
    [-0.12303154085076835, -0.0548546149374595],
])
DW1_SIGMOID_DERIVATIVE = np.array([
    [0.0509453410833017, 0.05562225114434434],
    [-0.1447393271956494, 0.06472214355476723],
    [0.011235978681999262, -0.008381838203459438],
])

UPDATED = {  # update_parameters(PARAMETERS, GRADS, learning_rate=0.5)
    "W1": np.array([
    [0.559630413801615, -0.19467103189624146],
    [-0.7793094480729593, 0.3639642463491082],
    [0.34998432894628206, 0.885186295610329],
]),
    "b1": np.array([
    [0.12580668927292665],
    [-0.21382320476731356],
    [0.051091040901108636],
]),
    "W2": np.array([
    [0.8428305099695795, -0.6509267396373427, 0.49719029998198305],
]),
    "b2": np.array([
    [-0.09770277258074274],
]),
}
UPDATED_W1_DEFAULT = np.array([
    [0.6431129931238762, -0.11721047655097952],
    [-0.8203426753751024, 0.31351419123785956],
    [0.41996238947107695, 0.8644471094647896],
])  # update_parameters(PARAMETERS, GRADS)

TRAINED_W1 = np.array([
    [-0.1743022268346929, -0.040031529702992646],
    [0.7057127507717658, 0.1203989010616931],
    [-1.673563407228293, -0.4967731560703145],
])  # nn_model(X, Y, 3, np.random.default_rng(3), num_iterations=50, learning_rate=0.5)
TRAINED_W2 = np.array([
    [-0.17853302494475737, 0.7982736490658846, -2.4063199795641417],
])
TRAINED_W1_ONE_STEP_SHORT = np.array([
    [-0.1690320952341671, -0.039079855779137265],
    [0.6912799101185837, 0.11368862728558828],
    [-1.6536658982671166, -0.48651166206301577],
])

PREDICTIONS = np.array([
    [1.0, 0.0, 1.0, 0.0, 0.0],
])


def _passed(name: str) -> None:
    print(f"✓ {name} passed its public checks")


def _default(f: Callable, argument: str) -> object:
    try:
        return inspect.signature(f).parameters[argument].default
    except (TypeError, ValueError, KeyError):
        return "missing"


def _copy(parameters: dict) -> dict:
    return {key: value.copy() for key, value in parameters.items()}


def check_layer_sizes(layer_sizes: Callable) -> None:
    sizes = check_tuple("layer_sizes(X, Y) for X of shape (5, 3), Y of shape (2, 3)",
                        layer_sizes(np.zeros((5, 3)), np.zeros((2, 3))), 3)
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
        raise Mismatch(f"layer_sizes returned {sizes} for X of shape (5, 3) and Y of shape (2, 3), "
                       "but it should return (5, 4, 2).")
    _passed("layer_sizes")


def check_initialize_parameters(initialize_parameters: Callable) -> None:
    parameters = initialize_parameters(2, 3, 1, np.random.default_rng(0))
    check_keys("parameters", parameters, PARAMETER_KEYS)
    for key, shape in (("W1", (3, 2)), ("b1", (3, 1)), ("W2", (1, 3)), ("b2", (1, 1))):
        check_shape(f"parameters['{key}'] of initialize_parameters(2, 3, 1, rng)", parameters[key], shape)
        check_float_dtype(f"parameters['{key}']", parameters[key])
    again = initialize_parameters(2, 3, 1, np.random.default_rng(0))
    if not np.array_equal(parameters["W1"], again["W1"]):
        raise Mismatch(
            "Two calls with generators in the same state gave different weights: draw them from the "
            "rng argument (rng.standard_normal(...)), not from np.random."
        )
    check_array("parameters['W1']", parameters["W1"], INIT_W1, reveal=True, mistakes={
        "forgetting the factor 0.01": INIT_W1 * 100,
        "drawing W2 before W1": INIT_W1_IF_W2_FIRST,
        "rng.random (uniform) instead of rng.standard_normal": INIT_W1_UNIFORM,
    })
    check_array("parameters['W2']", parameters["W2"], INIT_W2, reveal=True,
                mistakes={"forgetting the factor 0.01": INIT_W2 * 100})
    check_array("parameters['b1']", parameters["b1"], np.zeros((3, 1)), reveal=True)
    check_array("parameters['b2']", parameters["b2"], np.zeros((1, 1)), reveal=True)
    _passed("initialize_parameters")


def check_forward_propagation(forward_propagation: Callable) -> None:
    A2, cache = check_tuple("forward_propagation(X, parameters)", forward_propagation(X.copy(), _copy(PARAMETERS)), 2)
    check_array("A2", A2, CACHE["A2"], reveal=True, mistakes={
        "the sigmoid instead of tanh in the hidden layer": A2_HIDDEN_SIGMOID,
        "ReLU instead of tanh in the hidden layer": A2_HIDDEN_RELU,
        "forgetting the biases b1 and b2": A2_WITHOUT_BIASES,
        "returning Z2 (before the sigmoid) instead of A2": CACHE["Z2"],
    })
    check_keys("cache", cache, CACHE_KEYS)
    for key in CACHE_KEYS:
        check_array(f"cache['{key}']", cache[key], CACHE[key], reveal=True)
    _passed("forward_propagation")


def check_compute_cost(compute_cost: Callable) -> None:
    cost = compute_cost(A2_FOR_COST.copy(), Y.copy())
    if isinstance(cost, np.ndarray) and cost.ndim > 0:
        raise Mismatch(f"the cost should be a single number, but it is an array of shape {cost.shape}. "
                       "Use float(...) to turn it into a number.")
    check_float("compute_cost(A2, Y)", cost, COST, reveal=True, mistakes={
        "a sum over the examples instead of a mean (a missing 1/m)": COST * M,
        "a missing minus sign": -COST,
        "leaving out the (1 - y) log(1 - a) term": COST_ONLY_Y_TERM,
    })
    _passed("compute_cost")


def check_backward_propagation(backward_propagation: Callable) -> None:
    grads = backward_propagation(_copy(PARAMETERS), _copy(CACHE), X.copy(), Y.copy())
    check_keys("grads", grads, GRADIENT_KEYS)
    check_array("grads['dW2']", grads["dW2"], GRADS["dW2"], reveal=True,
                mistakes={"a missing 1/m": GRADS["dW2"] * M, "Y - A2 instead of A2 - Y": -GRADS["dW2"]})
    check_array("grads['db2']", grads["db2"], GRADS["db2"], reveal=True,
                mistakes={"a missing 1/m": GRADS["db2"] * M})
    check_array("grads['dW1']", grads["dW1"], GRADS["dW1"], reveal=True, mistakes={
        "a missing 1/m": GRADS["dW1"] * M,
        "the tanh derivative computed from Z1 (1 - Z1**2) instead of A1 (1 - A1**2)": DW1_TANH_DERIVATIVE_FROM_Z1,
        "leaving out the tanh derivative (1 - A1**2)": DW1_WITHOUT_TANH_DERIVATIVE,
        "the sigmoid's derivative A1 * (1 - A1) instead of tanh's": DW1_SIGMOID_DERIVATIVE,
    })
    check_array("grads['db1']", grads["db1"], GRADS["db1"], reveal=True,
                mistakes={"a missing 1/m": GRADS["db1"] * M})
    _passed("backward_propagation")


def check_update_parameters(update_parameters: Callable) -> None:
    updated = update_parameters(_copy(PARAMETERS), _copy(GRADS), learning_rate=0.5)
    check_keys("update_parameters(parameters, grads, learning_rate=0.5)", updated, PARAMETER_KEYS)
    for key in PARAMETER_KEYS:
        check_array(f"the updated {key}", updated[key], UPDATED[key], reveal=True, mistakes={
            "adding the gradient instead of subtracting it": PARAMETERS[key] + 0.5 * GRADS["d" + key],
            f"leaving {key} unchanged": PARAMETERS[key],
        })
    updated = update_parameters(_copy(PARAMETERS), _copy(GRADS))
    check_array("the updated W1 with the default learning_rate (1.2)", updated["W1"], UPDATED_W1_DEFAULT, reveal=True)
    _passed("update_parameters")


def check_nn_model(nn_model: Callable) -> None:
    parameters = nn_model(X.copy(), Y.copy(), 3, np.random.default_rng(3), num_iterations=50, learning_rate=0.5)
    check_keys("nn_model(X, Y, 3, rng, num_iterations=50, learning_rate=0.5)", parameters, PARAMETER_KEYS)
    if np.shape(parameters["W1"]) == (4, 2):
        raise Mismatch("W1 has 4 rows, but nn_model was asked for n_h = 3 hidden units: use the argument n_h "
                       "for the hidden layer, not the 4 that layer_sizes returns.")
    check_array("the trained W1", parameters["W1"], TRAINED_W1, reveal=True,
                mistakes={"one update too few": TRAINED_W1_ONE_STEP_SHORT})
    check_array("the trained W2", parameters["W2"], TRAINED_W2, reveal=True)
    # the defaults are read from the signature: a 10,000-iteration run would not be instant
    for argument, default in (("num_iterations", 10000), ("learning_rate", 1.2)):
        got = _default(nn_model, argument)
        if got != default:
            raise Mismatch(f"nn_model's default {argument} is {got}, but it should be {default}.")
    _passed("nn_model")


def check_predict(predict: Callable) -> None:
    got = predict(_copy(PARAMETERS), X.copy())
    check_array("predict(parameters, X)", got, PREDICTIONS, reveal=True, mistakes={
        "returning the probabilities A2 instead of 0/1 labels": CACHE["A2"],
        "swapping the two labels": 1 - PREDICTIONS,
    })
    check_float_dtype("predict(parameters, X)", got)
    half = _copy(PARAMETERS)
    half["W2"][:] = 0.0
    half["b2"][:] = 0.0
    check_array("predict with W2 = 0 and b2 = 0 (every probability is exactly 0.5)", predict(half, X.copy()),
                np.zeros((1, M)), reveal=True,
                mistakes={"predicting 1 when A2 >= 0.5 (the rule is A2 > 0.5)": np.ones((1, M))})
    _passed("predict")
