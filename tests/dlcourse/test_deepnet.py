"""dlcourse.deepnet, the building blocks the regularization and optimization assignments
import, computes what the deep_network reference solution computes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from autograder.reference import load_reference
from dlcourse import deepnet, plots

SHAPES = [[3, 1], [4, 5, 1], [6, 4, 3, 1], [2, 7, 7, 2, 1]]


@pytest.fixture(scope="module")
def reference():
    return load_reference("deep_network")


def _same(got, want, rtol=1e-12):
    if isinstance(want, dict):
        assert set(got) == set(want)
        for key in want:
            _same(got[key], want[key], rtol)
    elif isinstance(want, (tuple, list)):
        assert type(got) is type(want) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            _same(g, w, rtol)
    else:
        np.testing.assert_allclose(np.asarray(got), np.asarray(want), rtol=rtol, atol=1e-15)


def _network(dims, m, seed):
    rng = np.random.default_rng(seed)
    parameters = deepnet.initialize_parameters_deep(dims, rng)
    for key in parameters:
        if key.startswith("b"):
            parameters[key] = rng.standard_normal(parameters[key].shape) * 0.1
    X = rng.standard_normal((dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return parameters, X, Y


@pytest.mark.parametrize("dims", SHAPES)
def test_initialization_draws_what_the_reference_draws(reference, dims):
    got = deepnet.initialize_parameters_deep(dims, np.random.default_rng(7))
    _same(got, reference.initialize_parameters_deep(dims, np.random.default_rng(7)), rtol=0)


@pytest.mark.parametrize("activation", ["relu", "sigmoid", "tanh"])
def test_one_layer_forward_and_backward(reference, activation):
    rng = np.random.default_rng(1)
    A, W, b = rng.standard_normal((4, 6)), rng.standard_normal((3, 4)), rng.standard_normal((3, 1))
    _same(deepnet.linear_forward(A, W, b), reference.linear_forward(A, W, b))
    got = deepnet.linear_activation_forward(A, W, b, activation)
    _same(got, reference.linear_activation_forward(A, W, b, activation))
    dA = rng.standard_normal((3, 6))
    cache = got[1]
    _same(
        deepnet.linear_activation_backward(dA, cache, activation),
        reference.linear_activation_backward(dA, cache, activation),
    )
    _same(deepnet.linear_backward(dA, cache[0]), reference.linear_backward(dA, cache[0]))


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("dims", SHAPES)
def test_whole_network(reference, dims, seed):
    parameters, X, Y = _network(dims, 9, seed)
    AL, caches = deepnet.L_model_forward(X, parameters)
    _same((AL, caches), reference.L_model_forward(X, parameters))
    assert deepnet.compute_cost(AL, Y) == pytest.approx(reference.compute_cost(AL, Y), rel=1e-12)
    grads = reference.L_model_backward(AL, Y, caches)
    _same(deepnet.L_model_backward(AL, Y, caches), grads)
    # the optimization assignment's output layer: the same numbers, by another route
    _same(deepnet.L_model_backward_stable(AL, Y, caches), grads, rtol=1e-9)
    _same(deepnet.update_parameters(parameters, grads, 0.3), reference.update_parameters(parameters, grads, 0.3))
    assert np.array_equal(deepnet.predict(parameters, X), (AL > 0.5).astype(float))


def test_confident_predictions_cost_zero_not_nan():
    AL, Y = np.array([[1.0, 0.0, 0.5]]), np.array([[1.0, 0.0, 1.0]])
    assert deepnet.compute_cost(AL, Y) == pytest.approx(np.log(2) / 3)


def test_the_stable_backward_survives_saturation_where_the_chain_rule_does_not():
    parameters, X, Y = _network([2, 3, 1], 4, 0)
    parameters["b2"] = np.array([[60.0]])  # z far above 37: AL rounds to exactly 1
    AL, caches = deepnet.L_model_forward(X, parameters)
    assert np.all(AL == 1) and np.any(Y == 0)
    stable = deepnet.L_model_backward_stable(AL, Y, caches)
    assert all(np.all(np.isfinite(v)) for v in stable.values())
    with np.errstate(all="ignore"):
        chained = deepnet.L_model_backward(AL, Y, caches)
    assert not all(np.all(np.isfinite(v)) for v in chained.values())


def test_show_digits_draws_one_titled_image_per_column():
    X = np.random.default_rng(0).random((64, 7))
    fig = plots.show_digits(X, Y=np.ones((1, 7)), probabilities=np.full((1, 7), 0.25), ncols=4)
    images = [ax for ax in fig.axes if ax.images]
    assert len(images) == 7 and len(fig.axes) == 8
    assert images[0].get_title() == "y=1 a=0.25"
