"""The deep-network building blocks, complete: the functions of the ``deep_network``
assignment (see docs/graded-api.md), provided to the assignments that build on them
(``regularization``, ``optimization``) so that those can focus on what they add.

Shapes follow the lectures: ``X`` is ``(n_x, m)`` with one example per column,
``W{l}`` is ``(n_l, n_{l-1})``, ``b{l}`` is ``(n_l, 1)``. A test checks each function
against the ``deep_network`` reference solution (tests/dlcourse/test_deepnet.py).

Two functions come in two forms, on purpose:

- :func:`L_model_backward` starts from ``dAL = -(Y / AL - (1 - Y) / (1 - AL))`` and
  goes through the sigmoid's derivative, as the ``deep_network`` assignment teaches;
- :func:`L_model_backward_stable` uses ``dZ = AL - Y`` for the output layer directly.
  It is the same number, but it never divides by ``AL (1 - AL)``, which rounds to 0
  once the network is very confident (``|z| > 37``): the fast optimizers of the
  ``optimization`` assignment get there within a few hundred epochs, so that
  assignment imports this one under the name ``L_model_backward``.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "L_model_backward",
    "L_model_backward_stable",
    "L_model_forward",
    "compute_cost",
    "initialize_parameters_deep",
    "linear_activation_backward",
    "linear_activation_forward",
    "linear_backward",
    "linear_forward",
    "predict",
    "relu",
    "sigmoid",
    "update_parameters",
]


def sigmoid(Z: np.ndarray) -> np.ndarray:
    """Elementwise logistic function, written so that no ``exp`` overflows."""
    Z = np.asarray(Z, dtype=np.float64)
    # For negative z, exp(-z) overflows; exp(z) / (1 + exp(z)) is the same number.
    e = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def relu(Z: np.ndarray) -> np.ndarray:
    return np.maximum(0.0, Z)


def initialize_parameters_deep(layer_dims: list[int], rng: np.random.Generator) -> dict:
    """He initialization: ``W{l} ~ N(0, 2 / n_{l-1})``, shape ``(n_l, n_{l-1})``; ``b{l} = 0``, shape ``(n_l, 1)``."""
    parameters = {}
    for l in range(1, len(layer_dims)):
        scale = np.sqrt(2.0 / layer_dims[l - 1])
        parameters[f"W{l}"] = rng.standard_normal((layer_dims[l], layer_dims[l - 1])) * scale
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def linear_forward(A: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """``Z = W @ A + b``: ``A (n_{l-1}, m)``, ``W (n_l, n_{l-1})``, ``b (n_l, 1)`` give ``Z (n_l, m)``."""
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple:
    """One layer: ``A = g(W @ A_prev + b)``; ``cache = ((A_prev, W, b), Z)``."""
    Z, linear_cache = linear_forward(A_prev, W, b)
    if activation == "relu":
        A = relu(Z)
    elif activation == "sigmoid":
        A = sigmoid(Z)
    elif activation == "tanh":
        A = np.tanh(Z)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return A, (linear_cache, Z)


def L_model_forward(X: np.ndarray, parameters: dict) -> tuple[np.ndarray, list]:
    """ReLU for layers ``1..L-1``, sigmoid for layer ``L``: ``AL (1, m)`` and the ``L`` caches."""
    L = len(parameters) // 2
    caches = []
    A = X
    for l in range(1, L):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters[f"W{L}"], parameters[f"b{L}"], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL: np.ndarray, Y: np.ndarray) -> float:
    """Mean binary cross-entropy ``-(1/m) sum(y log a + (1 - y) log(1 - a))``; ``AL``, ``Y`` are ``(1, m)``.

    For labels 0/1 only one of the two logs counts, and only that one is evaluated, so
    that a confident, correct prediction (``a`` rounded to exactly 1.0 for ``y = 1``)
    costs 0 instead of ``0 * log(0) = nan``.
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore"):
        losses = -np.where(Y == 1, np.log(AL), np.log(1 - AL))
    return float(losses.sum() / m)


def linear_backward(dZ: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the linear step: ``dA_prev (n_{l-1}, m)``, ``dW (n_l, n_{l-1})``, ``db (n_l, 1)``."""
    A_prev, W, _ = cache
    m = A_prev.shape[1]
    dW = dZ @ A_prev.T / m
    db = dZ.sum(axis=1, keepdims=True) / m
    dA_prev = W.T @ dZ
    return dA_prev, dW, db


def linear_activation_backward(dA: np.ndarray, cache: tuple, activation: str) -> tuple:
    """``dZ = dA * g'(Z)``, then :func:`linear_backward`."""
    linear_cache, Z = cache
    if activation == "relu":
        dZ = dA * (Z > 0)
    elif activation == "sigmoid":
        s = sigmoid(Z)
        dZ = dA * s * (1 - s)
    elif activation == "tanh":
        dZ = dA * (1 - np.tanh(Z) ** 2)
    else:
        raise ValueError(f"unknown activation {activation!r}")
    return linear_backward(dZ, linear_cache)


def _hidden_layers_backward(grads: dict, caches: list) -> dict:
    """The ReLU layers ``L-1 .. 1``, from ``grads["dA{L-1}"]``."""
    for l in range(len(caches) - 1, 0, -1):
        dA_prev, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(grads[f"dA{l}"], caches[l - 1], "relu")
        grads[f"dA{l - 1}"] = dA_prev
    return grads


def L_model_backward(AL: np.ndarray, Y: np.ndarray, caches: list) -> dict:
    """Gradients of the mean cross-entropy: ``"dA{l-1}"``, ``"dW{l}"``, ``"db{l}"`` for ``l = 1..L``,
    starting from ``dAL = -(Y / AL - (1 - Y) / (1 - AL))``."""
    grads = {}
    L = len(caches)
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_activation_backward(dAL, caches[L - 1], "sigmoid")
    return _hidden_layers_backward(grads, caches)


def L_model_backward_stable(AL: np.ndarray, Y: np.ndarray, caches: list) -> dict:
    """:func:`L_model_backward` with ``dZ = AL - Y`` for the output layer (see the module's docstring)."""
    grads = {}
    L = len(caches)
    grads[f"dA{L - 1}"], grads[f"dW{L}"], grads[f"db{L}"] = linear_backward(AL - Y, caches[L - 1][0])
    return _hidden_layers_backward(grads, caches)


def update_parameters(parameters: dict, grads: dict, learning_rate: float) -> dict:
    """One gradient-descent step on every ``W{l}``, ``b{l}``; returns a new dict."""
    L = len(parameters) // 2
    new = {}
    for l in range(1, L + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


def predict(parameters: dict, X: np.ndarray) -> np.ndarray:
    """Labels ``(1, m)``: ``1.0`` where the network (without dropout) outputs more than 0.5."""
    AL, _ = L_model_forward(X, parameters)
    return (AL > 0.5).astype(np.float64)
