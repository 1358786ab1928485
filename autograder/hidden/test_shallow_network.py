"""Hidden tests of the shallow_network assignment (never released).

Each test compares the student's function with the reference solution in float64, on
several shapes and seeds, and names the typical mistake a wrong result matches.
Tolerances: rtol=1e-7 for closed-form results, rtol=1e-6 for results of gradient
descent, rtol=1e-5 (atol=1e-7) against centered finite differences (eps=1e-6).
"""

import numpy as np

from autograder.oracle import numerical_gradient
from autograder.testing import (
    Mismatch,
    as_float,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
    graded,
    number_in,
)

# graded function -> the graded functions it calls: while a test of the caller runs, the
# reference stands in for them (autograder/testing.py), so a mistake costs points once
CALLS = {
    "nn_model": (
        "layer_sizes",
        "initialize_parameters",
        "forward_propagation",
        "compute_cost",
        "backward_propagation",
        "update_parameters",
    ),
    "predict": ("forward_propagation",),
}

CLOSED = 1e-7
ITERATED = 1e-6
FD_RTOL, FD_ATOL = 1e-5, 1e-7

PARAMETER_KEYS = ["W1", "b1", "W2", "b2"]
GRADIENT_KEYS = ["dW1", "db1", "dW2", "db2"]
CACHE_KEYS = ["Z1", "A1", "Z2", "A2"]

# (seed, n_x, n_h, m): one example, one hidden unit, more features than hidden units, ...
NETWORKS = [(11, 2, 4, 5), (12, 3, 1, 1), (13, 5, 3, 8), (14, 1, 6, 4), (15, 4, 4, 12)]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cross_entropy(A, Y):
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def _problem(seed, n_x, n_h, m, scale=1.0):
    """Random data and parameters of order 1, so that tanh works in its non-linear range."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {
        "W1": rng.standard_normal((n_h, n_x)) * scale,
        "b1": rng.standard_normal((n_h, 1)) * scale,
        "W2": rng.standard_normal((1, n_h)) * scale,
        "b2": rng.standard_normal((1, 1)) * scale,
    }
    return X, Y, parameters


def _forward(X, parameters, hidden=np.tanh, biases=True):
    """The forward pass, with a choice of hidden activation, to model mistakes."""
    b1 = parameters["b1"] if biases else 0.0
    b2 = parameters["b2"] if biases else 0.0
    Z1 = parameters["W1"] @ X + b1
    A1 = hidden(Z1)
    Z2 = parameters["W2"] @ A1 + b2
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": _sigmoid(Z2)}


def _shapes(n_x, n_h):
    return {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (1, n_h), "b2": (1, 1)}


# ---------------------------------------------------------------- layer_sizes (6)


@graded(points=4, function="layer_sizes")
def test_layer_sizes_values(student, reference):
    """layer_sizes: (n_x, 4, n_y) for inputs and labels of several shapes"""
    for n_x, n_y, m in [(2, 1, 400), (5, 3, 7), (7, 2, 1), (3, 1, 3)]:
        X, Y = np.zeros((n_x, m)), np.zeros((n_y, m))
        got = check_tuple(
            f"layer_sizes(X, Y) for X of shape {X.shape}, Y of shape {Y.shape}", student.layer_sizes(X, Y), 3
        )
        expected = tuple(reference.layer_sizes(X, Y))
        values = tuple(number_in(f"layer_sizes(X, Y)[{i}]", g) for i, g in enumerate(got))
        if values != expected:
            hint = ""
            if m in (values[0], values[2]) and m not in (n_x, n_y):
                hint = " The number of examples m = X.shape[1] is not a layer size: the sizes are the numbers of rows."
            raise Mismatch(
                f"layer_sizes(X, Y) for X of shape {X.shape} and Y of shape {Y.shape} "
                f"returned {tuple(got)}, which is not right.{hint}"
            )


@graded(points=2, function="layer_sizes", structure=True)
def test_layer_sizes_returns_ints(student, reference):
    """layer_sizes: returns a tuple of three ints"""
    got = check_tuple("layer_sizes(X, Y)", student.layer_sizes(np.zeros((3, 5)), np.zeros((1, 5))), 3)
    for name, size in zip(("n_x", "n_h", "n_y"), got, strict=True):
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)):
            raise Mismatch(f"{name} should be an int, but it is a {type(size).__name__}.")


# ---------------------------------------------------------------- initialize_parameters (14)

SIZES = [(2, 4, 1), (5, 3, 2), (1, 7, 3)]


def _initialize(student, n_x, n_h, n_y, seed):
    call = f"initialize_parameters({n_x}, {n_h}, {n_y}, rng)"
    parameters = student.initialize_parameters(n_x, n_h, n_y, np.random.default_rng(seed))
    check_keys(f"the result of {call}", parameters, PARAMETER_KEYS, exact=False)
    return call, parameters


@graded(points=4, function="initialize_parameters", structure=True)
def test_initialize_parameters_keys_and_shapes(student, reference):
    """initialize_parameters: the keys W1, b1, W2, b2 with the right shapes"""
    for seed, (n_x, n_h, n_y) in enumerate(SIZES):
        call, parameters = _initialize(student, n_x, n_h, n_y, seed)
        check_keys(f"the result of {call}", parameters, PARAMETER_KEYS)
        shapes = {"W1": (n_h, n_x), "b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
        for key, shape in shapes.items():
            check_shape(f"{key} of {call}", parameters[key], shape)
            check_float_dtype(f"{key} of {call}", parameters[key])


@graded(points=2, function="initialize_parameters", structure=True)
def test_initialize_parameters_biases_are_zero(student, reference):
    """initialize_parameters: the biases start at zero"""
    for seed, (n_x, n_h, n_y) in enumerate(SIZES):
        call, parameters = _initialize(student, n_x, n_h, n_y, seed)
        check_array(f"b1 of {call}", parameters["b1"], np.zeros((n_h, 1)))
        check_array(f"b2 of {call}", parameters["b2"], np.zeros((n_y, 1)))


@graded(points=5, function="initialize_parameters")
def test_initialize_parameters_draws_exactly_as_specified(student, reference):
    """initialize_parameters: W1 then W2, from rng.standard_normal, times 0.01"""
    for seed, (n_x, n_h, n_y) in enumerate(SIZES, start=10):
        call, parameters = _initialize(student, n_x, n_h, n_y, seed)
        expected = reference.initialize_parameters(n_x, n_h, n_y, np.random.default_rng(seed))
        rng = np.random.default_rng(seed)
        W2_first = rng.standard_normal((n_y, n_h)) * 0.01
        W1_second = rng.standard_normal((n_h, n_x)) * 0.01
        rng = np.random.default_rng(seed)
        uniform = rng.random((n_h, n_x)) * 0.01
        check_array(
            f"W1 of {call}",
            parameters["W1"],
            expected["W1"],
            rtol=CLOSED,
            mistakes={
                "forgetting the factor 0.01": expected["W1"] * 100,
                "drawing W2 before W1": W1_second,
                "rng.random (uniform) instead of rng.standard_normal": uniform,
            },
        )
        check_array(
            f"W2 of {call}",
            parameters["W2"],
            expected["W2"],
            rtol=CLOSED,
            mistakes={
                "forgetting the factor 0.01": expected["W2"] * 100,
                "drawing W2 before W1": W2_first,
            },
        )


@graded(points=3, function="initialize_parameters")
def test_initialize_parameters_uses_the_rng_argument(student, reference):
    """initialize_parameters: small weights drawn from the rng argument only"""
    call = "initialize_parameters(100, 200, 1, rng)"
    first = student.initialize_parameters(100, 200, 1, np.random.default_rng(7))
    again = student.initialize_parameters(100, 200, 1, np.random.default_rng(7))
    other = student.initialize_parameters(100, 200, 1, np.random.default_rng(8))
    for result in (first, again, other):
        check_keys(f"the result of {call}", result, PARAMETER_KEYS, exact=False)
        check_shape(f"W1 of {call}", result["W1"], (200, 100))
    if not np.array_equal(first["W1"], again["W1"]):
        raise Mismatch(
            "Two calls with generators in the same state gave different weights: draw "
            "them from the rng argument (rng.standard_normal), not from np.random."
        )
    if np.array_equal(first["W1"], other["W1"]):
        raise Mismatch("Generators with different seeds gave the same weights: draw them from the rng argument.")
    std = float(np.std(first["W1"]))
    if not 0.0095 < std < 0.0105:  # 20,000 draws: the standard error of std is about 0.5%
        raise Mismatch(
            f"The standard deviation of the 20,000 entries of W1 of {call} is {std:.3g}; "
            "standard normal draws times 0.01 would give about 0.01."
        )


# ---------------------------------------------------------------- forward_propagation (16)


def _forward_student(student, X, parameters):
    call = f"forward_propagation(X, parameters) with X of shape {X.shape}"
    A2, cache = check_tuple(call, student.forward_propagation(X, parameters), 2)
    check_keys(f"the cache of {call}", cache, CACHE_KEYS, exact=False)
    return call, A2, cache


@graded(points=4, function="forward_propagation", structure=True)
def test_forward_propagation_structure(student, reference):
    """forward_propagation: returns (A2, cache) with the keys Z1, A1, Z2, A2 and their shapes"""
    for seed, n_x, n_h, m in NETWORKS[:3]:
        X, _, parameters = _problem(seed, n_x, n_h, m)
        call, A2, cache = _forward_student(student, X, parameters)
        check_shape(f"A2 of {call}", A2, (1, m))
        check_keys(f"the cache of {call}", cache, CACHE_KEYS)
        for key, rows in (("Z1", n_h), ("A1", n_h), ("Z2", 1), ("A2", 1)):
            check_shape(f"cache['{key}'] of {call}", cache[key], (rows, m))
            check_float_dtype(f"cache['{key}'] of {call}", cache[key])


@graded(points=6, function="forward_propagation")
def test_forward_propagation_output(student, reference):
    """forward_propagation: the output A2"""
    for seed, n_x, n_h, m in NETWORKS:
        X, _, parameters = _problem(seed, n_x, n_h, m)
        call, A2, _ = _forward_student(student, X, parameters)
        expected, _ = reference.forward_propagation(X, parameters)
        check_array(
            f"A2 of {call}",
            A2,
            expected,
            rtol=CLOSED,
            mistakes={
                "the sigmoid instead of tanh in the hidden layer": _forward(X, parameters, _sigmoid)["A2"],
                "ReLU instead of tanh in the hidden layer": _forward(X, parameters, lambda z: np.maximum(z, 0))["A2"],
                "forgetting the biases": _forward(X, parameters, biases=False)["A2"],
                "returning Z2 (before the sigmoid) instead of A2": _forward(X, parameters)["Z2"],
            },
        )


@graded(points=6, function="forward_propagation")
def test_forward_propagation_cache(student, reference):
    """forward_propagation: the cached Z1, A1, Z2, A2"""
    for seed, n_x, n_h, m in NETWORKS:
        X, _, parameters = _problem(seed, n_x, n_h, m)
        call, _, cache = _forward_student(student, X, parameters)
        expected = reference.forward_propagation(X, parameters)[1]
        swapped = {"Z1": "A1", "A1": "Z1", "Z2": "A2", "A2": "Z2"}
        for key in CACHE_KEYS:
            check_array(
                f"cache['{key}'] of {call}",
                cache[key],
                expected[key],
                rtol=CLOSED,
                mistakes={"swapping Z and A in the cache": expected[swapped[key]]},
            )


# ---------------------------------------------------------------- compute_cost (12)


def _probabilities(seed, m):
    rng = np.random.default_rng(seed)
    A2 = rng.uniform(0.02, 0.98, (1, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    return A2, Y


@graded(points=8, function="compute_cost")
def test_compute_cost_values(student, reference):
    """compute_cost: the mean cross-entropy"""
    for seed, m in [(21, 5), (22, 1), (23, 40), (24, 7)]:
        A2, Y = _probabilities(seed, m)
        name = f"compute_cost(A2, Y) with A2 of shape {A2.shape}"
        expected = reference.compute_cost(A2, Y)
        check_float(
            name,
            number_in(name, student.compute_cost(A2, Y)),
            expected,
            rtol=CLOSED,
            mistakes={
                "a sum over the examples instead of a mean (a missing 1/m)": expected * m,
                "a missing minus sign": -expected,
                "leaving out the (1 - y) log(1 - a) term": float(-np.mean(Y * np.log(A2))),
                "np.log10 instead of the natural log": expected / np.log(10),
            },
        )


@graded(points=4, function="compute_cost", structure=True)
def test_compute_cost_returns_a_float(student, reference):
    """compute_cost: returns a single float"""
    for seed, m in [(25, 6), (26, 1)]:
        A2, Y = _probabilities(seed, m)
        got = student.compute_cost(A2, Y)
        name = f"compute_cost(A2, Y) with A2 of shape {A2.shape}"
        as_float(name, got)  # any single number but a bool


# ---------------------------------------------------------------- backward_propagation (24)


def _backward_student(student, X, Y, parameters):
    cache = _forward(X, parameters)
    call = f"backward_propagation(parameters, cache, X, Y) with X of shape {X.shape}"
    grads = student.backward_propagation(parameters, cache, X, Y)
    check_keys(f"the gradients of {call}", grads, GRADIENT_KEYS, exact=False)
    return call, grads, cache


def _backward_with(X, Y, parameters, cache, derivative, per_example=False):
    """Backpropagation with a given hidden-layer derivative (to model mistakes);
    per_example leaves out the 1/m."""
    m = 1 if per_example else X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * derivative
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }


@graded(points=4, function="backward_propagation", structure=True)
def test_backward_propagation_structure(student, reference):
    """backward_propagation: the keys dW1, db1, dW2, db2, each with its parameter's shape"""
    for seed, n_x, n_h, m in NETWORKS[:3]:
        X, Y, parameters = _problem(seed, n_x, n_h, m)
        call, grads, _ = _backward_student(student, X, Y, parameters)
        check_keys(f"the gradients of {call}", grads, GRADIENT_KEYS)
        for key, shape in _shapes(n_x, n_h).items():
            check_shape(f"grads['d{key}'] of {call}", grads["d" + key], shape)
            check_float_dtype(f"grads['d{key}'] of {call}", grads["d" + key])


@graded(points=10, function="backward_propagation")
def test_backward_propagation_values(student, reference):
    """backward_propagation: the gradients, compared with the reference"""
    for seed, n_x, n_h, m in NETWORKS:
        X, Y, parameters = _problem(seed, n_x, n_h, m)
        call, grads, cache = _backward_student(student, X, Y, parameters)
        expected = reference.backward_propagation(parameters, cache, X, Y)
        A1, Z1 = cache["A1"], cache["Z1"]
        wrong = {
            "a missing 1/m": _backward_with(X, Y, parameters, cache, 1 - A1**2, per_example=True),
            "the tanh derivative computed from Z1 (1 - Z1**2) instead of A1 (1 - A1**2)": _backward_with(
                X, Y, parameters, cache, 1 - Z1**2
            ),
            "leaving out the tanh derivative (1 - A1**2)": _backward_with(X, Y, parameters, cache, 1.0),
            "the sigmoid's derivative A1 * (1 - A1) instead of tanh's": _backward_with(
                X, Y, parameters, cache, A1 * (1 - A1)
            ),
        }
        for key in ("dW2", "db2", "dW1", "db1"):
            check_array(
                f"grads['{key}'] of {call}",
                grads[key],
                expected[key],
                rtol=CLOSED,
                mistakes={label: g[key] for label, g in wrong.items()} | {"Y - A2 instead of A2 - Y": -expected[key]},
            )


def _numerical_gradients(X, Y, parameters):
    """Centered differences of the cost with respect to each parameter."""
    grads = {}
    for key in PARAMETER_KEYS:

        def cost(value, key=key):
            return _cross_entropy(_forward(X, parameters | {key: value})["A2"], Y)

        grads["d" + key] = numerical_gradient(cost, parameters[key])
    return grads


@graded(points=10, function="backward_propagation")
def test_backward_propagation_matches_finite_differences(student, reference):
    """backward_propagation: the gradients agree with finite differences of the cost"""
    for seed, n_x, n_h, m in NETWORKS[::2]:
        X, Y, parameters = _problem(seed, n_x, n_h, m)
        call, grads, _ = _backward_student(student, X, Y, parameters)
        numerical = _numerical_gradients(X, Y, parameters)
        for key in ("dW2", "db2", "dW1", "db1"):
            check_array(
                f"grads['{key}'] of {call}, compared with finite differences of the cost",
                grads[key],
                numerical[key],
                rtol=FD_RTOL,
                atol=FD_ATOL,
                mistakes={"a missing 1/m": numerical[key] * m},
            )


# ---------------------------------------------------------------- update_parameters (10)


def _gradients(seed, n_x, n_h):
    rng = np.random.default_rng(seed + 100)
    return {"d" + key: rng.standard_normal(shape) for key, shape in _shapes(n_x, n_h).items()}


def _update_student(student, parameters, grads, *args):
    call = "update_parameters(parameters, grads" + (f", learning_rate={args[0]})" if args else ")")
    updated = student.update_parameters(parameters, grads, *args)
    check_keys(f"the result of {call}", updated, PARAMETER_KEYS)
    return call, updated


@graded(points=6, function="update_parameters")
def test_update_parameters_one_step(student, reference):
    """update_parameters: one gradient-descent step on every parameter"""
    for (seed, n_x, n_h, m), lr in zip(NETWORKS[:3], (0.1, 0.75, 2.0), strict=True):
        _, _, parameters = _problem(seed, n_x, n_h, m)
        grads = _gradients(seed, n_x, n_h)
        call, updated = _update_student(student, parameters, grads, lr)
        expected = reference.update_parameters(parameters, grads, lr)
        for key in PARAMETER_KEYS:
            check_array(
                f"{key} of {call}",
                updated[key],
                expected[key],
                rtol=CLOSED,
                mistakes={
                    "adding the gradient instead of subtracting it": parameters[key] + lr * grads["d" + key],
                    f"leaving {key} unchanged": parameters[key],
                    "ignoring the learning_rate argument (using 1.2)": parameters[key] - 1.2 * grads["d" + key],
                },
            )


@graded(points=4, function="update_parameters")
def test_update_parameters_default_learning_rate(student, reference):
    """update_parameters: the default learning_rate=1.2"""
    _, _, parameters = _problem(31, 3, 4, 2)
    grads = _gradients(31, 3, 4)
    call, updated = _update_student(student, parameters, grads)
    expected = reference.update_parameters(parameters, grads)
    for key in PARAMETER_KEYS:
        check_array(f"{key} of {call} with the default learning_rate", updated[key], expected[key], rtol=CLOSED)


# ---------------------------------------------------------------- nn_model (10)


def _data(seed, n_x, m):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    # labels from a non-linear rule, so that the network has something to learn
    Y = (X[:1] * X[-1:] + 0.3 * rng.standard_normal((1, m)) > 0).astype(np.float64)
    return X, Y


def _train_student(student, X, Y, n_h, seed, **kwargs):
    settings = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    call = f"nn_model(X, Y, n_h={n_h}, rng" + (f", {settings})" if settings else ")")
    call += f" with X of shape {X.shape}"
    parameters = student.nn_model(X, Y, n_h, np.random.default_rng(seed), **kwargs)
    check_keys(f"the result of {call}", parameters, PARAMETER_KEYS)
    if n_h != 4 and np.shape(parameters["W1"]) == (4, X.shape[0]):
        raise Mismatch(
            f"W1 of {call} has 4 rows, but the network should have n_h = {n_h} hidden "
            "units: use the argument n_h, not the 4 that layer_sizes returns."
        )
    check_shape(f"W1 of {call}", parameters["W1"], (n_h, X.shape[0]))
    return call, parameters


def _train_reference(reference, X, Y, n_h, seed, num_iterations, learning_rate):
    return reference.nn_model(
        X, Y, n_h, np.random.default_rng(seed), num_iterations=num_iterations, learning_rate=learning_rate
    )


@graded(points=6, function="nn_model")
def test_nn_model_trained_parameters(student, reference):
    """nn_model: the parameters after training"""
    for seed, n_x, m, n_h, n, lr in [(41, 2, 20, 3, 50, 1.2), (42, 3, 9, 5, 1, 0.5), (43, 2, 15, 2, 300, 0.8)]:
        X, Y = _data(seed, n_x, m)
        call, parameters = _train_student(student, X, Y, n_h, seed, num_iterations=n, learning_rate=lr)
        expected = _train_reference(reference, X, Y, n_h, seed, n, lr)
        wrong = {"returning the parameters without training them": _train_reference(reference, X, Y, n_h, seed, 0, lr)}
        if n > 1:
            wrong["one update too few"] = _train_reference(reference, X, Y, n_h, seed, n - 1, lr)
        for key in PARAMETER_KEYS:
            check_array(
                f"{key} of {call}",
                parameters[key],
                expected[key],
                rtol=ITERATED,
                mistakes={label: p[key] for label, p in wrong.items()},
            )


@graded(points=4, function="nn_model", structure=True)
def test_nn_model_default_arguments(student, reference):
    """nn_model: the defaults num_iterations=10000 and learning_rate=1.2"""
    # read from the signature: 10,000 training steps would take longer than the test
    # itself, and the trained-parameters test checks that the arguments are used
    defaults = student.signature_of("nn_model")["defaults"]
    for name, value in (("num_iterations", 10000), ("learning_rate", 1.2), ("print_cost", False)):
        if name not in defaults:
            raise Mismatch(
                f"nn_model has no default for {name}: the signature is "
                "nn_model(X, Y, n_h, rng, num_iterations=10000, learning_rate=1.2, print_cost=False)."
            )
        if defaults[name] != value or type(defaults[name]) is bool and not isinstance(value, bool):
            raise Mismatch(f"nn_model's default {name} is {defaults[name]!r}; the assignment asks for {value!r}.")


# ---------------------------------------------------------------- predict (8)


@graded(points=5, function="predict")
def test_predict_values(student, reference):
    """predict: labels of a network with random parameters"""
    for seed, n_x, n_h, m in NETWORKS + [(16, 2, 4, 50)]:
        X, _, parameters = _problem(seed, n_x, n_h, m, scale=2.0)
        expected = reference.predict(parameters, X)
        check_array(
            f"predict(parameters, X) with X of shape {X.shape}",
            student.predict(parameters, X),
            expected,
            rtol=CLOSED,
            mistakes={
                "returning the probabilities A2 instead of 0/1 labels": _forward(X, parameters)["A2"],
                "swapping the two labels": 1 - expected,
            },
        )


@graded(points=3, function="predict", structure=True)
def test_predict_threshold_shape_and_dtype(student, reference):
    """predict: a (1, m) float array, with 0.0 at a probability of exactly 0.5"""
    X, _, parameters = _problem(51, 3, 4, 6)
    got = student.predict(parameters, X)
    name = f"predict(parameters, X) with X of shape {X.shape}"
    check_shape(name, got, (1, 6))
    check_float_dtype(name, got)
    parameters = parameters | {"W2": np.zeros((1, 4)), "b2": np.zeros((1, 1))}
    check_array(
        "predict(parameters, X) with W2 = 0 and b2 = 0, where every probability is 0.5",
        student.predict(parameters, X),
        np.zeros((1, 6)),
        mistakes={"predicting 1 when A2 >= 0.5 (the rule is A2 > 0.5)": np.ones((1, 6))},
    )
