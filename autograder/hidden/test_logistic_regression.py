"""Hidden tests of the logistic_regression assignment (never released).

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
CALLS = {"propagate": ("sigmoid",), "optimize": ("propagate",), "predict": ("sigmoid",)}

CLOSED = 1e-7
ITERATED = 1e-6
FD_RTOL, FD_ATOL = 1e-5, 1e-7

# (seed, n_x, m): a single example, a single feature, square and wide problems
PROBLEMS = [(11, 2, 3), (12, 4, 1), (13, 5, 7), (14, 1, 10), (15, 7, 12)]


def _problem(seed, n_x, m):
    rng = np.random.default_rng(seed)
    w = rng.standard_normal((n_x, 1)) * 0.5
    b = float(rng.standard_normal())
    X = rng.standard_normal((n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(np.float64)
    return w, b, X, Y


def _sigmoid(z):
    return 1 / (1 + np.exp(-z))


def _cross_entropy(A, Y):
    return float(-np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A)))


def _check_number(name, got):
    """A result the contract asks to be a float: any single number but a bool (an int 0
    for 0.0, a NumPy scalar, a 0-d array) is as good."""
    as_float(name, got)


# ---------------------------------------------------------------- sigmoid (10)


@graded(points=4, function="sigmoid")
def test_sigmoid_on_random_arrays(student, reference):
    """sigmoid: values on arrays of several shapes"""
    rng = np.random.default_rng(1)
    for shape in [(3, 5), (1, 7), (4, 1), (2, 3, 4)]:
        z = rng.standard_normal(shape) * 3
        s = reference.sigmoid(z)
        check_array(
            f"sigmoid(z) for z of shape {shape}",
            student.sigmoid(z),
            s,
            rtol=CLOSED,
            mistakes={
                "exp(z) instead of exp(-z)": reference.sigmoid(-z),
                "np.tanh instead of the sigmoid": np.tanh(z),
                "the sigmoid's derivative instead of the sigmoid": s * (1 - s),
            },
        )


@graded(points=3, function="sigmoid", structure=True)
def test_sigmoid_keeps_the_shape_of_its_input(student, reference):
    """sigmoid: a number gives a number, a 1-D array a 1-D array"""
    for z in (0.7, -3.0):
        got = student.sigmoid(z)
        if isinstance(got, np.ndarray) and got.ndim > 0:
            raise Mismatch(f"sigmoid({z}) should be a single number, but it is an array of shape {got.shape}.")
        check_float(f"sigmoid({z})", got, float(reference.sigmoid(z)), rtol=CLOSED)
    z = np.linspace(-2, 2, 6)
    check_array("sigmoid(z) for a 1-D z of shape (6,)", student.sigmoid(z), reference.sigmoid(z), rtol=CLOSED)
    z = z.reshape(6, 1)
    check_array("sigmoid(z) for z of shape (6, 1)", student.sigmoid(z), reference.sigmoid(z), rtol=CLOSED)


@graded(points=3, function="sigmoid")
def test_sigmoid_on_integers_and_large_inputs(student, reference):
    """sigmoid: integer inputs and large |z|"""
    z = np.array([[-3, 0, 1, 4]])
    got = check_float_dtype("sigmoid(z) for z holding integers", student.sigmoid(z))
    check_array("sigmoid(z) for z holding integers", got, reference.sigmoid(z), rtol=CLOSED)
    z = np.array([-40.0, -10.0, 10.0, 40.0])
    check_array("sigmoid(z) for z = [-40, -10, 10, 40]", student.sigmoid(z), reference.sigmoid(z), rtol=CLOSED)
    z = np.array([-1000.0, 1000.0])
    with np.errstate(over="ignore"):  # exp(1000) overflows to inf, and 1 / (1 + inf) is right
        got = student.sigmoid(z)
    check_array("sigmoid(z) for z = [-1000, 1000]", got, np.array([0.0, 1.0]), atol=1e-300)


# ---------------------------------------------------------------- initialize_with_zeros (8)


@graded(points=5, function="initialize_with_zeros")
def test_initialize_with_zeros_shapes_and_values(student, reference):
    """initialize_with_zeros: w is a column of zeros"""
    for dim in (1, 2, 7, 64):
        name = f"initialize_with_zeros({dim})"
        w, _ = check_tuple(name, student.initialize_with_zeros(dim), 2)
        check_array(f"w of {name}", w, reference.initialize_with_zeros(dim)[0])
        check_float_dtype(f"w of {name}", w)


@graded(points=3, function="initialize_with_zeros", structure=True)
def test_initialize_with_zeros_bias_is_a_float(student, reference):
    """initialize_with_zeros: b is the number 0 (0.0, 0 or a NumPy zero)"""
    for dim in (1, 5):
        name = f"initialize_with_zeros({dim})"
        _, b = check_tuple(name, student.initialize_with_zeros(dim), 2)
        _check_number(f"b of {name}", b)
        check_float(f"b of {name}", b, reference.initialize_with_zeros(dim)[1])


# ---------------------------------------------------------------- propagate (30)


def _propagate(student, w, b, X, Y):
    call = f"propagate(w, b, X, Y) with X of shape {X.shape}"
    grads, cost = check_tuple(call, student.propagate(w, b, X, Y), 2)
    # extra keys cost points in the structure test only
    check_keys(f"grads of {call}", grads, ["dw", "db"], exact=False)
    return call, grads, cost


def _gradient_mistakes(reference, key, w, b, X, Y):
    """The reference's grads[key] and what typical mistakes give instead."""
    m = X.shape[1]
    expected = reference.propagate(w, b, X, Y)[0][key]
    dZ_from_z = (w.T @ X + b) - Y
    return expected, {
        "a missing 1/m": np.asarray(expected) * m,
        "Y - A instead of A - Y": -np.asarray(expected),
        "forgetting b in Z = w.T X + b": reference.propagate(w, 0.0, X, Y)[0][key],
        "using Z (before the sigmoid) instead of A": X @ dZ_from_z.T / m if key == "dw" else dZ_from_z.mean(),
    }


@graded(points=4, function="propagate", structure=True)
def test_propagate_returns_grads_and_cost(student, reference):
    """propagate: returns (grads, cost) with the right keys, shapes and types"""
    for seed, n_x, m in PROBLEMS[:3]:
        w, b, X, Y = _problem(seed, n_x, m)
        call, grads, cost = _propagate(student, w, b, X, Y)
        check_keys(f"grads of {call}", grads, ["dw", "db"])
        check_shape(f"grads['dw'] of {call}", grads["dw"], (n_x, 1))
        check_float_dtype(f"grads['dw'] of {call}", grads["dw"])
        _check_number(f"grads['db'] of {call}", grads["db"])
        _check_number(f"the cost of {call}", cost)


@graded(points=8, function="propagate")
def test_propagate_cost(student, reference):
    """propagate: the cost"""
    for seed, n_x, m in PROBLEMS:
        w, b, X, Y = _problem(seed, n_x, m)
        call, _, cost = _propagate(student, w, b, X, Y)
        expected = reference.propagate(w, b, X, Y)[1]
        A = _sigmoid(w.T @ X + b)
        name = f"the cost of {call}"
        check_float(
            name,
            number_in(name, cost),
            expected,
            rtol=CLOSED,
            mistakes={
                "a sum over the examples instead of a mean (a missing 1/m)": expected * m,
                "a missing minus sign": -expected,
                "forgetting b in Z = w.T X + b": reference.propagate(w, 0.0, X, Y)[1],
                "leaving out the (1 - y) log(1 - a) term": float(-np.mean(Y * np.log(A))),
                "np.log10 instead of the natural log": expected / np.log(10),
            },
        )


@graded(points=7, function="propagate")
def test_propagate_dw(student, reference):
    """propagate: the gradient dw"""
    for seed, n_x, m in PROBLEMS:
        w, b, X, Y = _problem(seed, n_x, m)
        call, grads, _ = _propagate(student, w, b, X, Y)
        expected, mistakes = _gradient_mistakes(reference, "dw", w, b, X, Y)
        check_array(f"grads['dw'] of {call}", grads["dw"], expected, rtol=CLOSED, mistakes=mistakes)


@graded(points=5, function="propagate")
def test_propagate_db(student, reference):
    """propagate: the gradient db"""
    for seed, n_x, m in PROBLEMS:
        w, b, X, Y = _problem(seed, n_x, m)
        call, grads, _ = _propagate(student, w, b, X, Y)
        expected, mistakes = _gradient_mistakes(reference, "db", w, b, X, Y)
        name = f"grads['db'] of {call}"
        check_float(name, number_in(name, grads["db"]), expected, rtol=CLOSED, mistakes=mistakes)


def _finite_differences(w, b, X, Y):
    def cost_of_w(v):
        return _cross_entropy(_sigmoid(v.T @ X + b), Y)

    def cost_of_b(v):
        return _cross_entropy(_sigmoid(w.T @ X + v), Y)

    return numerical_gradient(cost_of_w, w), float(numerical_gradient(cost_of_b, np.array(b)))


@graded(points=6, function="propagate")
def test_propagate_gradients_match_finite_differences(student, reference):
    """propagate: dw and db agree with finite differences of the cost"""
    for seed, n_x, m in PROBLEMS[::2]:
        w, b, X, Y = _problem(seed, n_x, m)
        call, grads, _ = _propagate(student, w, b, X, Y)
        dw, db = _finite_differences(w, b, X, Y)
        check_array(
            f"grads['dw'] of {call}, compared with finite differences of the cost",
            grads["dw"],
            dw,
            rtol=FD_RTOL,
            atol=FD_ATOL,
            mistakes={"a missing 1/m": dw * m, "a sign error": -dw},
        )
        name = f"grads['db'] of {call}, compared with finite differences of the cost"
        check_float(
            name,
            number_in(name, grads["db"]),
            db,
            rtol=FD_RTOL,
            atol=FD_ATOL,
            mistakes={"a missing 1/m": db * m, "a sign error": -db},
        )


# ---------------------------------------------------------------- optimize (30)

# (seed, n_x, m, num_iterations, learning_rate)
RUNS = [(22, 2, 9, 57, 1.3), (23, 5, 4, 250, 0.05), (24, 4, 12, 101, 0.2), (21, 3, 6, 1, 0.5)]


def _optimize(student, seed, n_x, m, num_iterations, learning_rate):
    w, b, X, Y = _problem(seed, n_x, m)
    call = f"optimize with X of shape {X.shape}, num_iterations={num_iterations}, learning_rate={learning_rate}"
    result = student.optimize(w, b, X, Y, num_iterations=num_iterations, learning_rate=learning_rate)
    params, grads, costs = check_tuple(call, result, 3)
    # extra keys cost points in the structure test only
    check_keys(f"params of {call}", params, ["w", "b"], exact=False)
    check_keys(f"grads of {call}", grads, ["dw", "db"], exact=False)
    return call, (w, b, X, Y), params, grads, costs


def _check_costs(name, costs, expected, mistakes=None):
    if not isinstance(costs, list):
        raise Mismatch(f"{name} should be a list, but it is a {type(costs).__name__}.")
    for i, c in enumerate(costs):
        _check_number(f"{name}[{i}]", c)
    if len(costs) != len(expected):
        how = "more" if len(costs) > len(expected) else "less"
        raise Mismatch(
            f"{name} has {len(costs)} values, but it should have {len(expected)}: the costs at "
            "the iterations i with i % 100 == 0, counting i from 0 (you recorded the cost "
            f"{how} often than that)."
        )
    check_array(name, np.array([float(c) for c in costs]), expected, rtol=ITERATED, mistakes=mistakes)


def _reference_run(reference, problem, num_iterations, learning_rate):
    w, b, X, Y = problem
    # runs that model mistakes (gradient ascent) may saturate the sigmoid: log(0) is expected
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return reference.optimize(w, b, X, Y, num_iterations=num_iterations, learning_rate=learning_rate)


def _cost_after(reference, problem, updates, learning_rate):
    """The cost at the parameters reached after `updates` steps."""
    params = _reference_run(reference, problem, updates, learning_rate)[0]
    return reference.propagate(params["w"], params["b"], *problem[2:])[1]


@graded(points=4, function="optimize", structure=True)
def test_optimize_returns_params_grads_and_costs(student, reference):
    """optimize: returns (params, grads, costs) with the right keys, shapes and types"""
    for run in RUNS[:2]:
        call, (w, _, _, _), params, grads, costs = _optimize(student, *run)
        check_keys(f"params of {call}", params, ["w", "b"])
        check_keys(f"grads of {call}", grads, ["dw", "db"])
        check_shape(f"params['w'] of {call}", params["w"], w.shape)
        _check_number(f"params['b'] of {call}", params["b"])
        check_shape(f"grads['dw'] of {call}", grads["dw"], w.shape)
        _check_number(f"grads['db'] of {call}", grads["db"])
        if not isinstance(costs, list):
            raise Mismatch(f"costs of {call} should be a list, not a {type(costs).__name__}.")


@graded(points=8, function="optimize")
def test_optimize_parameters_after_training(student, reference):
    """optimize: w and b after gradient descent"""
    for seed, n_x, m, n, lr in RUNS:
        call, problem, params, _, _ = _optimize(student, seed, n_x, m, n, lr)
        expected = _reference_run(reference, problem, n, lr)[0]
        wrong = {
            "adding the gradient instead of subtracting it": (n, -lr),
            "ignoring the learning_rate argument (using 0.009)": (n, 0.009),
            "one update too many": (n + 1, lr),
        }
        if n > 1:
            wrong["one update too few"] = (n - 1, lr)
        wrong = {k: _reference_run(reference, problem, *v)[0] for k, v in wrong.items()}
        check_array(
            f"params['w'] of {call}",
            params["w"],
            expected["w"],
            rtol=ITERATED,
            mistakes={k: v["w"] for k, v in wrong.items()},
        )
        name = f"params['b'] of {call}"
        check_float(
            name,
            number_in(name, params["b"]),
            expected["b"],
            rtol=ITERATED,
            mistakes={k: v["b"] for k, v in wrong.items()},
        )


@graded(points=6, function="optimize")
def test_optimize_returns_the_last_iterations_gradients(student, reference):
    """optimize: grads are those of the last iteration, computed before its update"""
    for seed, n_x, m, n, lr in RUNS:
        call, problem, _, grads, _ = _optimize(student, seed, n_x, m, n, lr)
        params, expected, _ = _reference_run(reference, problem, n, lr)
        again = reference.propagate(params["w"], params["b"], *problem[2:])[0]
        label = "computing the gradients again after the last update"
        check_array(f"grads['dw'] of {call}", grads["dw"], expected["dw"], rtol=ITERATED, mistakes={label: again["dw"]})
        name = f"grads['db'] of {call}"
        check_float(name, number_in(name, grads["db"]), expected["db"], rtol=ITERATED, mistakes={label: again["db"]})


@graded(points=8, function="optimize")
def test_optimize_records_costs_every_100_iterations(student, reference):
    """optimize: costs at iterations 0, 100, 200, ..."""
    runs = [(34, 3, 7, 300, 0.7), (33, 4, 6, 101, 0.1), (32, 2, 8, 100, 0.3), (31, 3, 5, 1, 0.3)]
    for seed, n_x, m, n, lr in runs:
        call, problem, _, _, costs = _optimize(student, seed, n_x, m, n, lr)
        expected = _reference_run(reference, problem, n, lr)[2]
        _check_costs(
            f"costs of {call}",
            costs,
            expected,
            mistakes={
                "recording the cost after the update instead of before it": [
                    _cost_after(reference, problem, i + 1, lr) for i in range(0, n, 100)
                ],
                "recording the cost when i % 100 == 99": [
                    _cost_after(reference, problem, i, lr) for i in range(99, n, 100)
                ],
            },
        )


@graded(points=4, function="optimize")
def test_optimize_default_arguments(student, reference):
    """optimize: the defaults num_iterations=100 and learning_rate=0.009"""
    w, b, X, Y = _problem(41, 3, 8)
    call = "optimize(w, b, X, Y) with the default num_iterations and learning_rate"
    params, _, costs = check_tuple(call, student.optimize(w, b, X, Y), 3)
    expected, _, expected_costs = reference.optimize(w, b, X, Y)
    check_keys(f"params of {call}", params, ["w", "b"], exact=False)
    _check_costs(f"costs of {call}", costs, expected_costs)
    check_array(f"params['w'] of {call}", params["w"], expected["w"], rtol=ITERATED)


# ---------------------------------------------------------------- predict (22)


@graded(points=10, function="predict")
def test_predict_values(student, reference):
    """predict: labels on random data"""
    for seed, n_x, m in PROBLEMS + [(16, 3, 40)]:
        w, b, X, _ = _problem(seed, n_x, m)
        w = w * 4  # spread the probabilities so that both labels occur
        expected = reference.predict(w, b, X)
        check_array(
            f"predict(w, b, X) with X of shape {X.shape}",
            student.predict(w, b, X),
            expected,
            rtol=CLOSED,
            mistakes={
                "returning the probabilities A instead of 0/1 labels": _sigmoid(w.T @ X + b),
                "swapping the two labels": 1 - expected,
                "forgetting b": reference.predict(w, 0.0, X),
            },
        )


@graded(points=6, function="predict", structure=True)
def test_predict_shape_and_dtype(student, reference):
    """predict: a (1, m) array of floats holding only 0.0 and 1.0"""
    for seed, n_x, m in [(51, 3, 1), (52, 2, 4), (53, 6, 9)]:
        w, b, X, _ = _problem(seed, n_x, m)
        name = f"predict(w, b, X) with X of shape {X.shape}"
        got = check_shape(name, student.predict(w, b, X), (1, m))
        check_float_dtype(name, got)
        if not np.isin(got, (0.0, 1.0)).all():
            raise Mismatch(f"{name} holds values other than 0.0 and 1.0: threshold the probabilities.")


@graded(points=6, function="predict", structure=True)
def test_predict_threshold_is_strict(student, reference):
    """predict: a probability of exactly 0.5 gives 0.0"""
    rng = np.random.default_rng(61)
    X = rng.standard_normal((3, 8))
    X[:, ::2] = 0.0  # with b = 0 these examples have z = 0, so a = 0.5 exactly
    w = rng.standard_normal((3, 1))
    expected = reference.predict(w, 0.0, X)
    at_half = ~X.any(axis=0)
    check_array(
        "predict(w, 0.0, X) where some examples have a probability of exactly 0.5",
        student.predict(w, 0.0, X),
        expected,
        rtol=CLOSED,
        mistakes={
            "predicting 1 when a >= 0.5 (the rule is a > 0.5)": np.where(at_half, 1.0, expected),
        },
    )
