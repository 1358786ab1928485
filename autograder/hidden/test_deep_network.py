"""Hidden tests of the deep_network assignment (never released).

Each test compares the student's function with the reference solution in float64, on
several shapes and seeds, and names the typical mistake a wrong result matches.
Tolerances: rtol=1e-7 for closed-form results; rtol=1e-5 (atol=1e-7) against centered
finite differences (eps=1e-6).
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
    "linear_activation_forward": ("linear_forward",),
    "L_model_forward": ("linear_activation_forward",),
    "linear_activation_backward": ("linear_backward",),
    "L_model_backward": ("linear_activation_backward",),
}

CLOSED = 1e-7
FD_RTOL, FD_ATOL = 1e-5, 1e-7
ACTIVATIONS = ("relu", "sigmoid", "tanh")
# (seed, layer_dims, m): one layer, a single example, a single unit, deeper networks
NETWORKS = [(11, [3, 1], 4), (12, [4, 3, 1], 1), (13, [2, 5, 3, 1], 6), (14, [5, 4, 4, 2, 1], 7)]


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _relu(z):
    return np.maximum(0, z)


def _cross_entropy(AL, Y):
    return float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))


def _layer(seed, n_prev, n, m):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((n_prev, m)), rng.standard_normal((n, n_prev)), rng.standard_normal((n, 1)))


def _network(seed, layer_dims, m):
    """Data, labels and parameters of order 1 (so that every ReLU sees both signs)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        parameters[f"W{layer}"] = rng.standard_normal((layer_dims[layer], layer_dims[layer - 1]))
        parameters[f"b{layer}"] = rng.standard_normal((layer_dims[layer], 1)) * 0.5
    return X, Y, parameters


def _forward(X, parameters, hidden=_relu, output=_sigmoid):
    """The forward pass with a choice of activations (to model mistakes); returns AL and, per
    layer, (A_prev, W, b, Z)."""
    L = len(parameters) // 2
    A, layers = X, []
    for layer in range(1, L + 1):
        W, b = parameters[f"W{layer}"], parameters[f"b{layer}"]
        Z = W @ A + b
        layers.append((A, W, b, Z))
        A = hidden(Z) if layer < L else output(Z)
    return A, layers


def _caches(layers):
    return [((A, W, b), Z) for A, W, b, Z in layers]


def _gradient_keys(L):
    return [key for layer in range(1, L + 1) for key in (f"dA{layer - 1}", f"dW{layer}", f"db{layer}")]


def _parameter_keys(L):
    return [key for layer in range(1, L + 1) for key in (f"W{layer}", f"b{layer}")]


# ---------------------------------------------------------------- initialize_parameters_deep (12)

DIMS = [[3, 4, 1], [5, 3, 2, 1], [2, 1], [4, 6, 6, 3, 1]]


def _initialize(student, layer_dims, seed):
    call = f"initialize_parameters_deep({layer_dims}, rng)"
    parameters = student.initialize_parameters_deep(layer_dims, np.random.default_rng(seed))
    check_keys(f"the result of {call}", parameters, _parameter_keys(len(layer_dims) - 1))
    for layer in range(1, len(layer_dims)):
        check_shape(f"W{layer} of {call}", parameters[f"W{layer}"], (layer_dims[layer], layer_dims[layer - 1]))
        check_shape(f"b{layer} of {call}", parameters[f"b{layer}"], (layer_dims[layer], 1))
    return call, parameters


@graded(points=4, function="initialize_parameters_deep", structure=True)
def test_initialize_parameters_deep_keys_and_shapes(student, reference):
    """initialize_parameters_deep: the keys W1, b1, ..., WL, bL with the right shapes"""
    for seed, layer_dims in enumerate(DIMS):
        call, parameters = _initialize(student, layer_dims, seed)
        for key, value in parameters.items():
            check_float_dtype(f"{key} of {call}", value)


@graded(points=2, function="initialize_parameters_deep", structure=True)
def test_initialize_parameters_deep_biases_are_zero(student, reference):
    """initialize_parameters_deep: the biases start at zero"""
    for seed, layer_dims in enumerate(DIMS):
        call, parameters = _initialize(student, layer_dims, seed)
        for layer in range(1, len(layer_dims)):
            check_array(f"b{layer} of {call}", parameters[f"b{layer}"], np.zeros((layer_dims[layer], 1)))


@graded(points=4, function="initialize_parameters_deep")
def test_initialize_parameters_deep_draws_exactly_as_specified(student, reference):
    """initialize_parameters_deep: He initialization, layer by layer, from rng.standard_normal"""
    for seed, layer_dims in enumerate(DIMS, start=20):
        call, parameters = _initialize(student, layer_dims, seed)
        expected = reference.initialize_parameters_deep(layer_dims, np.random.default_rng(seed))
        rng = np.random.default_rng(seed)
        for layer in range(1, len(layer_dims)):
            n, n_prev = layer_dims[layer], layer_dims[layer - 1]
            draw = rng.standard_normal((n, n_prev))  # what every variant draws for this layer
            check_array(
                f"W{layer} of {call}",
                parameters[f"W{layer}"],
                expected[f"W{layer}"],
                rtol=CLOSED,
                mistakes={
                    "the factor 0.01 instead of sqrt(2 / n_prev)": draw * 0.01,
                    "sqrt(1 / n_prev) instead of sqrt(2 / n_prev)": draw * np.sqrt(1 / n_prev),
                    "sqrt(2 / n) with the layer's own size instead of the previous layer's": draw * np.sqrt(2 / n),
                    "no scaling at all": draw,
                },
            )


@graded(points=2, function="initialize_parameters_deep")
def test_initialize_parameters_deep_uses_the_rng_argument(student, reference):
    """initialize_parameters_deep: weights drawn from the rng argument, with variance 2 / n_prev"""
    layer_dims = [400, 300, 1]
    first = student.initialize_parameters_deep(layer_dims, np.random.default_rng(5))
    again = student.initialize_parameters_deep(layer_dims, np.random.default_rng(5))
    for result in (first, again):
        check_keys(
            "the result of initialize_parameters_deep([400, 300, 1], rng)",
            result,
            ["W1", "b1", "W2", "b2"],
            exact=False,
        )
        check_shape("W1 of initialize_parameters_deep([400, 300, 1], rng)", result["W1"], (300, 400))
    if not np.array_equal(first["W1"], again["W1"]):
        raise Mismatch(
            "Two calls with generators in the same state gave different weights: draw "
            "them from the rng argument (rng.standard_normal), not from np.random."
        )
    std = float(np.std(first["W1"]))
    target = np.sqrt(2 / 400)
    if abs(std / target - 1) > 0.02:  # 120,000 draws: the standard error of std is about 0.2%
        raise Mismatch(
            f"The standard deviation of the 120,000 entries of W1 for layer_dims "
            f"[400, 300, 1] is {std:.4g}; He initialization gives sqrt(2 / 400) = "
            f"{target:.4g}."
        )


# ---------------------------------------------------------------- linear_forward (8)

LAYERS = [(31, 3, 2, 4), (32, 1, 4, 1), (33, 5, 5, 3), (34, 2, 1, 6)]  # (seed, n_prev, n, m)


@graded(points=5, function="linear_forward")
def test_linear_forward_values(student, reference):
    """linear_forward: Z = W A + b"""
    for seed, n_prev, n, m in LAYERS:
        A, W, b = _layer(seed, n_prev, n, m)
        call = f"linear_forward(A, W, b) with A of shape {A.shape} and W of shape {W.shape}"
        Z, _ = check_tuple(call, student.linear_forward(A, W, b), 2)
        expected, _ = reference.linear_forward(A, W, b)
        check_array(
            f"Z of {call}",
            Z,
            expected,
            rtol=CLOSED,
            mistakes={
                "forgetting b": W @ A,
                "subtracting b": W @ A - b,
            },
        )


@graded(points=3, function="linear_forward", structure=True)
def test_linear_forward_cache(student, reference):
    """linear_forward: the cache is (A, W, b)"""
    for seed, n_prev, n, m in LAYERS[:2]:
        A, W, b = _layer(seed, n_prev, n, m)
        call = f"linear_forward(A, W, b) with A of shape {A.shape}"
        _, cache = check_tuple(call, student.linear_forward(A, W, b), 2)
        cache = check_tuple(f"the cache of {call}", cache, 3)
        for name, got, expected in zip(("A", "W", "b"), cache, (A, W, b), strict=True):
            check_array(f"the cache's {name} (the cache should be (A, W, b)) in {call}", got, expected, rtol=CLOSED)


# ---------------------------------------------------------------- linear_activation_forward (12)


def _check_layer_cache(name, cache, A_prev, W, b, Z):
    linear_cache, Z_got = check_tuple(name, cache, 2)
    if isinstance(Z_got, (tuple, list)) and isinstance(linear_cache, np.ndarray):
        raise Mismatch(f"{name} should be (linear_cache, Z), in this order; it looks like (Z, linear_cache).")
    linear_cache = check_tuple(f"the linear cache in {name}", linear_cache, 3)
    for part, got, expected in zip(("A_prev", "W", "b"), linear_cache, (A_prev, W, b), strict=True):
        check_array(f"{part} in the linear cache of {name}", got, expected, rtol=CLOSED)
    mistakes = {"caching the activations A instead of Z": _relu(Z)} if np.any(Z < 0) else {}
    check_array(f"Z in {name}", Z_got, Z, rtol=CLOSED, mistakes=mistakes)


def _activation_test(student, reference, activation):
    others = {"relu": _relu, "sigmoid": _sigmoid, "tanh": np.tanh}
    for seed, n_prev, n, m in LAYERS:
        A_prev, W, b = _layer(seed, n_prev, n, m)
        call = f'linear_activation_forward(A_prev, W, b, "{activation}") with A_prev of shape {A_prev.shape}'
        A, _ = check_tuple(call, student.linear_activation_forward(A_prev, W, b, activation), 2)
        expected, _ = reference.linear_activation_forward(A_prev, W, b, activation)
        Z = W @ A_prev + b
        mistakes = {"returning Z (no activation)": Z}
        mistakes |= {
            f"the {name} instead of the {activation}": g(Z) for name, g in others.items() if name != activation
        }
        mistakes["forgetting b"] = others[activation](W @ A_prev)
        check_array(f"A of {call}", A, expected, rtol=CLOSED, mistakes=mistakes)


@graded(points=4, function="linear_activation_forward")
def test_linear_activation_forward_relu(student, reference):
    """linear_activation_forward: "relu" """
    _activation_test(student, reference, "relu")


@graded(points=3, function="linear_activation_forward")
def test_linear_activation_forward_sigmoid(student, reference):
    """linear_activation_forward: "sigmoid" """
    _activation_test(student, reference, "sigmoid")


@graded(points=2, function="linear_activation_forward")
def test_linear_activation_forward_tanh(student, reference):
    """linear_activation_forward: "tanh" """
    _activation_test(student, reference, "tanh")


@graded(points=3, function="linear_activation_forward", structure=True)
def test_linear_activation_forward_cache(student, reference):
    """linear_activation_forward: the cache is ((A_prev, W, b), Z)"""
    for (seed, n_prev, n, m), activation in zip(LAYERS[:3], ACTIVATIONS, strict=True):
        A_prev, W, b = _layer(seed, n_prev, n, m)
        call = f'linear_activation_forward(A_prev, W, b, "{activation}")'
        _, cache = check_tuple(call, student.linear_activation_forward(A_prev, W, b, activation), 2)
        _check_layer_cache(f"the cache of {call}", cache, A_prev, W, b, W @ A_prev + b)


# ---------------------------------------------------------------- L_model_forward (14)


def _L_forward_student(student, X, parameters):
    call = f"L_model_forward(X, parameters) with L = {len(parameters) // 2}"
    AL, caches = check_tuple(call, student.L_model_forward(X, parameters), 2)
    return call, AL, caches


@graded(points=6, function="L_model_forward")
def test_L_model_forward_output(student, reference):
    """L_model_forward: the output AL"""
    for seed, layer_dims, m in NETWORKS:
        X, _, parameters = _network(seed, layer_dims, m)
        call, AL, _ = _L_forward_student(student, X, parameters)
        expected, _ = reference.L_model_forward(X, parameters)
        mistakes = {
            "the ReLU on the output layer instead of the sigmoid": _forward(X, parameters, output=_relu)[0],
            "the sigmoid on every layer": _forward(X, parameters, hidden=_sigmoid)[0],
        }
        check_array(f"AL of {call}", AL, expected, rtol=CLOSED, mistakes=mistakes)


@graded(points=4, function="L_model_forward", structure=True)
def test_L_model_forward_caches_structure(student, reference):
    """L_model_forward: one cache ((A_prev, W, b), Z) per layer, layer 1 first"""
    for seed, layer_dims, m in NETWORKS:
        X, _, parameters = _network(seed, layer_dims, m)
        call, _, caches = _L_forward_student(student, X, parameters)
        L = len(layer_dims) - 1
        if isinstance(caches, (tuple, list)) and len(caches) != L:
            raise Mismatch(
                f"the caches of {call} should hold L = {L} caches (one per layer), but there are {len(caches)}."
            )
        caches = check_tuple(f"the caches of {call}", caches, L)
        for layer, cache in enumerate(caches, start=1):
            linear_cache, Z = check_tuple(f"the cache of layer {layer} in {call}", cache, 2)
            A_prev, W, b = check_tuple(f"the linear cache of layer {layer} in {call}", linear_cache, 3)
            check_shape(f"A_prev in the cache of layer {layer} of {call}", A_prev, (layer_dims[layer - 1], m))
            check_shape(f"W in the cache of layer {layer} of {call}", W, (layer_dims[layer], layer_dims[layer - 1]))
            check_shape(f"Z in the cache of layer {layer} of {call}", Z, (layer_dims[layer], m))


@graded(points=4, function="L_model_forward")
def test_L_model_forward_caches_values(student, reference):
    """L_model_forward: the values in the caches"""
    for seed, layer_dims, m in NETWORKS[1:]:
        X, _, parameters = _network(seed, layer_dims, m)
        call, _, caches = _L_forward_student(student, X, parameters)
        _, layers = _forward(X, parameters)
        caches = check_tuple(f"the caches of {call}", caches, len(layers))
        for layer, (cache, (A_prev, W, b, Z)) in enumerate(zip(caches, layers, strict=True), start=1):
            _check_layer_cache(f"the cache of layer {layer} in {call}", cache, A_prev, W, b, Z)


# ---------------------------------------------------------------- compute_cost (8)


def _probabilities(seed, m):
    rng = np.random.default_rng(seed)
    return rng.uniform(0.02, 0.98, (1, m)), (rng.random((1, m)) < 0.5).astype(np.float64)


@graded(points=5, function="compute_cost")
def test_compute_cost_values(student, reference):
    """compute_cost: the mean cross-entropy"""
    for seed, m in [(41, 5), (42, 1), (43, 30)]:
        AL, Y = _probabilities(seed, m)
        name = f"compute_cost(AL, Y) with AL of shape {AL.shape}"
        expected = reference.compute_cost(AL, Y)
        check_float(
            name,
            number_in(name, student.compute_cost(AL, Y)),
            expected,
            rtol=CLOSED,
            mistakes={
                "a sum over the examples instead of a mean (a missing 1/m)": expected * m,
                "a missing minus sign": -expected,
                "leaving out the (1 - y) log(1 - a) term": float(-np.mean(Y * np.log(AL))),
            },
        )


@graded(points=3, function="compute_cost", structure=True)
def test_compute_cost_returns_a_float(student, reference):
    """compute_cost: returns a single float"""
    AL, Y = _probabilities(44, 6)
    got = student.compute_cost(AL, Y)
    name = "compute_cost(AL, Y)"
    as_float(name, got)  # any single number but a bool


# ---------------------------------------------------------------- linear_backward (12)

# square layers (n == n_prev) make W and W.T the same shape, so that mixing them up shows in values
BACKWARD_LAYERS = [(51, 3, 3, 5), (52, 4, 2, 1), (53, 2, 2, 6), (54, 1, 3, 4)]


def _linear_backward_student(student, dZ, cache):
    call = f"linear_backward(dZ, cache) with dZ of shape {dZ.shape}, A_prev of shape {cache[0].shape}"
    return call, check_tuple(call, student.linear_backward(dZ, cache), 3)


def _linear_backward_mistakes(dZ, cache):
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW, db, dA_prev = dZ @ A_prev.T / m, dZ.sum(axis=1, keepdims=True) / m, W.T @ dZ
    return {
        "dW": {"a missing 1/m": dW * m},
        "db": {"a missing 1/m": db * m},
        "dA_prev": {
            "W instead of W.T": W @ dZ if W.shape[0] == W.shape[1] else None,
            "dividing dA_prev by m (only dW and db are averaged over the examples)": dA_prev / m,
        },
    }


def _linear_backward_test(student, reference, index, name):
    for seed, n_prev, n, m in BACKWARD_LAYERS:
        A_prev, W, b = _layer(seed, n_prev, n, m)
        dZ = np.random.default_rng(seed + 1).standard_normal((n, m))
        call, got = _linear_backward_student(student, dZ, (A_prev, W, b))
        expected = reference.linear_backward(dZ, (A_prev, W, b))[index]
        mistakes = {k: v for k, v in _linear_backward_mistakes(dZ, (A_prev, W, b))[name].items() if v is not None}
        check_array(f"{name} of {call}", got[index], expected, rtol=CLOSED, mistakes=mistakes)


@graded(points=3, function="linear_backward")
def test_linear_backward_dW(student, reference):
    """linear_backward: dW"""
    _linear_backward_test(student, reference, 1, "dW")


@graded(points=3, function="linear_backward")
def test_linear_backward_db(student, reference):
    """linear_backward: db"""
    _linear_backward_test(student, reference, 2, "db")


@graded(points=3, function="linear_backward")
def test_linear_backward_dA_prev(student, reference):
    """linear_backward: dA_prev"""
    _linear_backward_test(student, reference, 0, "dA_prev")


def _linear_oracle(dZ, A_prev, W, b):
    """Finite differences of F = sum(dZ * (W A_prev + b)), whose gradients are dZ's back-propagation:
    dA_prev = dF/dA_prev, and dW, db are dF/dW, dF/db divided by m."""
    m = A_prev.shape[1]

    def F(A_, W_, b_):
        return float(np.sum(dZ * (W_ @ A_ + b_)))

    return (
        numerical_gradient(lambda v: F(v, W, b), A_prev),
        numerical_gradient(lambda v: F(A_prev, v, b), W) / m,
        numerical_gradient(lambda v: F(A_prev, W, v), b) / m,
    )


@graded(points=3, function="linear_backward")
def test_linear_backward_matches_finite_differences(student, reference):
    """linear_backward: agrees with finite differences"""
    for seed, n_prev, n, m in BACKWARD_LAYERS[:2]:
        A_prev, W, b = _layer(seed, n_prev, n, m)
        dZ = np.random.default_rng(seed + 1).standard_normal((n, m))
        call, got = _linear_backward_student(student, dZ, (A_prev, W, b))
        for name, g, numerical in zip(("dA_prev", "dW", "db"), got, _linear_oracle(dZ, A_prev, W, b), strict=True):
            check_array(f"{name} of {call}, compared with finite differences", g, numerical, rtol=FD_RTOL, atol=FD_ATOL)


# ---------------------------------------------------------------- linear_activation_backward (12)


def _derivative_mistakes(activation, dA, Z, A_prev):
    s = _sigmoid(Z)
    if activation == "relu":
        mistakes = {
            "a ReLU derivative of 1 at Z == 0 (use Z > 0, not Z >= 0)": dA * (Z >= 0),
            "multiplying dA by relu(Z) instead of by its derivative": dA * _relu(Z),
            "leaving out the activation's derivative": dA,
        }
        if A_prev.shape == Z.shape:
            mistakes["the ReLU derivative taken from A_prev instead of Z"] = dA * (A_prev > 0)
        return mistakes
    if activation == "sigmoid":
        return {
            "Z * (1 - Z) instead of sigmoid(Z) * (1 - sigmoid(Z))": dA * Z * (1 - Z),
            "sigmoid(Z) instead of sigmoid(Z) * (1 - sigmoid(Z))": dA * s,
            "leaving out the activation's derivative": dA,
        }
    return {
        "1 - Z**2 instead of 1 - tanh(Z)**2": dA * (1 - Z**2),
        "tanh(Z) instead of 1 - tanh(Z)**2": dA * np.tanh(Z),
        "leaving out the activation's derivative": dA,
    }


def _activation_backward_test(student, reference, activation):
    for seed, n_prev, n, m in BACKWARD_LAYERS:
        A_prev, W, b = _layer(seed, n_prev, n, m)
        Z = W @ A_prev + b
        if activation == "relu":
            Z.flat[::3] = 0.0  # exact zeros, where the ReLU's derivative is 0 by convention
        dA = np.random.default_rng(seed + 2).standard_normal((n, m))
        cache = ((A_prev, W, b), Z)
        call = f'linear_activation_backward(dA, cache, "{activation}") with dA of shape {dA.shape}'
        got = check_tuple(call, student.linear_activation_backward(dA, cache, activation), 3)
        expected = reference.linear_activation_backward(dA, cache, activation)
        wrong = {
            label: reference.linear_backward(dZ, (A_prev, W, b))
            for label, dZ in _derivative_mistakes(activation, dA, Z, A_prev).items()
        }
        for i, name in ((1, "dW"), (2, "db"), (0, "dA_prev")):
            check_array(
                f"{name} of {call}",
                got[i],
                expected[i],
                rtol=CLOSED,
                mistakes={label: w[i] for label, w in wrong.items()},
            )


@graded(points=4, function="linear_activation_backward")
def test_linear_activation_backward_relu(student, reference):
    """linear_activation_backward: "relu" """
    _activation_backward_test(student, reference, "relu")


@graded(points=3, function="linear_activation_backward")
def test_linear_activation_backward_sigmoid(student, reference):
    """linear_activation_backward: "sigmoid" """
    _activation_backward_test(student, reference, "sigmoid")


@graded(points=2, function="linear_activation_backward")
def test_linear_activation_backward_tanh(student, reference):
    """linear_activation_backward: "tanh" """
    _activation_backward_test(student, reference, "tanh")


@graded(points=3, function="linear_activation_backward")
def test_linear_activation_backward_matches_finite_differences(student, reference):
    """linear_activation_backward: agrees with finite differences"""
    activations = {"relu": _relu, "sigmoid": _sigmoid, "tanh": np.tanh}
    for (seed, n_prev, n, m), activation in zip(BACKWARD_LAYERS[:3], ACTIVATIONS, strict=True):
        A_prev, W, b = _layer(seed, n_prev, n, m)
        dA = np.random.default_rng(seed + 2).standard_normal((n, m))
        g = activations[activation]

        def F(A_, W_, b_, g=g, dA=dA):
            return float(np.sum(dA * g(W_ @ A_ + b_)))

        numerical = (
            numerical_gradient(lambda v, W=W, b=b, F=F: F(v, W, b), A_prev),
            numerical_gradient(lambda v, A=A_prev, b=b, F=F: F(A, v, b), W) / m,
            numerical_gradient(lambda v, A=A_prev, W=W, F=F: F(A, W, v), b) / m,
        )
        cache = ((A_prev, W, b), W @ A_prev + b)
        call = f'linear_activation_backward(dA, cache, "{activation}")'
        got = check_tuple(call, student.linear_activation_backward(dA, cache, activation), 3)
        for name, value, expected in zip(("dA_prev", "dW", "db"), got, numerical, strict=True):
            check_array(
                f"{name} of {call}, compared with finite differences", value, expected, rtol=FD_RTOL, atol=FD_ATOL
            )


# ---------------------------------------------------------------- L_model_backward (16)


def _L_backward_student(student, X, Y, parameters):
    AL, layers = _forward(X, parameters)
    L = len(layers)
    call = f"L_model_backward(AL, Y, caches) with L = {L}"
    grads = student.L_model_backward(AL, Y, _caches(layers))
    check_keys(f"the gradients of {call}", grads, _gradient_keys(L), exact=False)
    return call, grads, AL, layers


@graded(points=3, function="L_model_backward", structure=True)
def test_L_model_backward_keys_and_shapes(student, reference):
    """L_model_backward: exactly the keys dA{l-1}, dW{l}, db{l} for l = 1..L, with their shapes"""
    for seed, layer_dims, m in NETWORKS:
        X, Y, parameters = _network(seed, layer_dims, m)
        call, grads, _, layers = _L_backward_student(student, X, Y, parameters)
        check_keys(f"the gradients of {call}", grads, _gradient_keys(len(layers)))
        for layer, (A_prev, W, b, _) in enumerate(layers, start=1):
            for key, like in ((f"dA{layer - 1}", A_prev), (f"dW{layer}", W), (f"db{layer}", b)):
                check_shape(f"grads['{key}'] of {call}", grads[key], like.shape)
                check_float_dtype(f"grads['{key}'] of {call}", grads[key])


def _L_backward_with(AL, Y, layers, output_derivative, scale=1.0):
    """Backpropagation with another derivative for the output layer (to model mistakes);
    scale multiplies every parameter gradient (scale=m models a missing 1/m)."""
    m = Y.shape[1]
    grads = {}
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for layer in range(len(layers), 0, -1):
        A_prev, W, b, Z = layers[layer - 1]
        dZ = dA * (output_derivative(Z) if layer == len(layers) else (Z > 0))
        grads[f"dW{layer}"] = scale * dZ @ A_prev.T / m
        grads[f"db{layer}"] = scale * dZ.sum(axis=1, keepdims=True) / m
        dA = W.T @ dZ
        grads[f"dA{layer - 1}"] = dA
    return grads


@graded(points=6, function="L_model_backward")
def test_L_model_backward_values(student, reference):
    """L_model_backward: the gradients, compared with the reference"""
    for seed, layer_dims, m in NETWORKS:
        X, Y, parameters = _network(seed, layer_dims, m)
        call, grads, AL, layers = _L_backward_student(student, X, Y, parameters)
        expected = reference.L_model_backward(AL, Y, _caches(layers))
        sigmoid_derivative = lambda Z: _sigmoid(Z) * (1 - _sigmoid(Z))  # noqa: E731
        wrong = {
            "a missing 1/m": _L_backward_with(AL, Y, layers, sigmoid_derivative, scale=m),
            "the ReLU's derivative on the output layer": _L_backward_with(
                AL, Y, layers, lambda Z: (Z > 0).astype(float)
            ),
        }
        for layer in range(len(layers), 0, -1):
            for key in (f"dW{layer}", f"db{layer}", f"dA{layer - 1}"):
                mistakes = {label: g[key] for label, g in wrong.items()}
                mistakes["a sign error in dAL"] = -expected[key]
                if key.startswith("dA"):
                    mistakes.pop("a missing 1/m")
                check_array(f"grads['{key}'] of {call}", grads[key], expected[key], rtol=CLOSED, mistakes=mistakes)


def _numerical_gradients(X, Y, parameters):
    grads = {}
    for key in parameters:

        def cost(value, key=key):
            return _cross_entropy(_forward(X, parameters | {key: value})[0], Y)

        grads["d" + key] = numerical_gradient(cost, parameters[key])
    m = X.shape[1]
    # dA0 holds each example's own gradient: that of the summed loss m * J with respect to X
    grads["dA0"] = numerical_gradient(lambda v: m * _cross_entropy(_forward(v, parameters)[0], Y), X)
    return grads


@graded(points=7, function="L_model_backward")
def test_L_model_backward_matches_finite_differences(student, reference):
    """L_model_backward: dW, db and dA0 agree with finite differences of the cost"""
    for seed, layer_dims, m in NETWORKS[1:]:
        X, Y, parameters = _network(seed, layer_dims, m)
        call, grads, _, layers = _L_backward_student(student, X, Y, parameters)
        numerical = _numerical_gradients(X, Y, parameters)
        for key in [k for layer in range(len(layers), 0, -1) for k in (f"dW{layer}", f"db{layer}")] + ["dA0"]:
            check_array(
                f"grads['{key}'] of {call}, compared with finite differences of the cost",
                grads[key],
                numerical[key],
                rtol=FD_RTOL,
                atol=FD_ATOL,
                mistakes={} if key == "dA0" else {"a missing 1/m": numerical[key] * m},
            )


# ---------------------------------------------------------------- update_parameters (6)


def _update_student(student, seed, layer_dims, learning_rate):
    _, _, parameters = _network(seed, layer_dims, 3)
    rng = np.random.default_rng(seed + 7)
    L = len(layer_dims) - 1
    grads = {"d" + key: rng.standard_normal(value.shape) for key, value in parameters.items()}
    grads |= {f"dA{layer}": rng.standard_normal((layer_dims[layer], 3)) for layer in range(L)}
    call = f"update_parameters(parameters, grads, learning_rate={learning_rate}) with L = {L}"
    updated = student.update_parameters(parameters, grads, learning_rate)
    check_keys(f"the result of {call}", updated, _parameter_keys(L), exact=False)
    return call, parameters, grads, updated


@graded(points=4, function="update_parameters")
def test_update_parameters_values(student, reference):
    """update_parameters: one gradient-descent step on every layer"""
    for seed, layer_dims, lr in [(61, [3, 2, 1], 0.1), (62, [4, 3, 3, 1], 0.75), (63, [2, 1], 2.0)]:
        call, parameters, grads, updated = _update_student(student, seed, layer_dims, lr)
        expected = reference.update_parameters(parameters, grads, lr)
        for key in _parameter_keys(len(layer_dims) - 1):
            check_array(
                f"{key} of {call}",
                updated[key],
                expected[key],
                rtol=CLOSED,
                mistakes={
                    "adding the gradient instead of subtracting it": parameters[key] + lr * grads["d" + key],
                    f"leaving {key} unchanged (check the range of your loop over the layers)": parameters[key],
                },
            )


@graded(points=2, function="update_parameters", structure=True)
def test_update_parameters_keys(student, reference):
    """update_parameters: returns exactly the keys W1, b1, ..., WL, bL"""
    for seed, layer_dims in [(64, [3, 2, 1]), (65, [2, 4, 4, 1])]:
        call, _, _, updated = _update_student(student, seed, layer_dims, 0.5)
        check_keys(f"the result of {call}", updated, _parameter_keys(len(layer_dims) - 1))
