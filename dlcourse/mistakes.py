"""The typical mistakes of each graded function, written once: what the student is told
(the *hint*) and what the mistaken code returns on the same inputs as the reference.

The public checks (through the expected values that ``scripts/generate_expected.py``
computes from this library) and the autograder's hidden tests draw on the same list.

API
---
``for_function(assignment, function) -> dict[str, Callable]``
    ``{hint: compute}`` for one graded function, in the order they were declared.
    ``compute`` takes exactly the arguments of the graded function (positional, as the
    contract in docs/graded-api.md names them) and returns what the mistaken code
    returns, in the same structure as the reference (a tuple, a dict, a float...), or
    ``None`` where the mistake cannot be told apart on these inputs (``W`` instead of
    ``W.T`` needs a square ``W``). Its arguments are never modified.

``outputs(assignment, function, *args, expected=None, part=None) -> dict[str, Any]``
    Every mistake evaluated on ``args``; ``part`` picks a piece of each output
    (``part=1`` for ``dW`` of ``(dA_prev, dW, db)``, ``part="dW2"`` for a dict); the
    mistakes that return ``None``, or whose piece equals ``expected`` (to ``rtol=1e-6``),
    are left out, so that a right answer is never named as a mistake. The result is what
    ``dlcourse.compare.check_array(..., mistakes=...)`` takes. A hidden test writes::

        wrong = mistakes.outputs("deep_network", "linear_backward", dZ, cache,
                                 expected=expected_dW, part=1)
        check_array("dW", got[1], expected_dW, mistakes=wrong)

``registered() -> dict[str, list[str]]``
    The graded functions that have mistakes, by assignment.

To add one, decorate a function with the graded function's signature::

    @mistake("deep_network", "compute_cost", "a missing minus sign")
    def _(AL, Y):
        return -deepnet.compute_cost(AL, Y)

The computations use :mod:`dlcourse.deepnet` (checked against the ``deep_network``
reference by tests/dlcourse/test_deepnet.py), never the reference itself, so that this
module can ship with the assignments.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from . import deepnet
from .compare import close

_REGISTRY: dict[tuple[str, str], dict[str, Callable[..., Any]]] = {}


def mistake(assignment: str, function: str, hint: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register the decorated function as the mistake ``hint`` of ``assignment.function``."""

    def register(compute: Callable[..., Any]) -> Callable[..., Any]:
        known = _REGISTRY.setdefault((assignment, function), {})
        if hint in known:
            raise ValueError(f"{assignment}.{function}: the mistake {hint!r} is declared twice")
        known[hint] = compute
        return compute

    return register


def for_function(assignment: str, function: str) -> dict[str, Callable[..., Any]]:
    """``{hint: compute}`` for one graded function (empty when none is known)."""
    return dict(_REGISTRY.get((assignment, function), {}))


def registered() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for assignment, function in _REGISTRY:
        out.setdefault(assignment, []).append(function)
    return out


def _pick(value: Any, part: Any) -> Any:
    if part is None:
        return value
    for key in part if isinstance(part, tuple) else (part,):
        value = value[key]
    return value


def outputs(
    assignment: str, function: str, *args: Any, expected: Any = None, part: Any = None, rtol: float = 1e-6
) -> dict[str, Any]:
    """Every mistake's output on ``args`` (see the module's docstring)."""
    from .checking import copy  # checking imports compare only; no cycle at import time

    found = {}
    for hint, compute in for_function(assignment, function).items():
        with np.errstate(all="ignore"):
            value = compute(*copy(args))
        if value is None:
            continue
        value = _pick(value, part)
        if value is None or (expected is not None and close(value, expected, rtol=rtol)):
            continue
        found[hint] = value
    return found


# --------------------------------------------------------------------------- deep_network

DN = "deep_network"


def _scaled_init(layer_dims: list[int], rng: np.random.Generator, scale: Callable[[int, int], float]) -> dict:
    parameters = {}
    for l in range(1, len(layer_dims)):
        W = rng.standard_normal((layer_dims[l], layer_dims[l - 1]))
        parameters[f"W{l}"] = W * scale(layer_dims[l - 1], layer_dims[l])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


@mistake(DN, "initialize_parameters_deep", "the factor 0.01 instead of sqrt(2 / n_prev)")
def _(layer_dims: list[int], rng: np.random.Generator) -> dict:
    return _scaled_init(layer_dims, rng, lambda n_prev, n: 0.01)


@mistake(DN, "initialize_parameters_deep", "sqrt(1 / n_prev) instead of sqrt(2 / n_prev)")
def _(layer_dims: list[int], rng: np.random.Generator) -> dict:
    return _scaled_init(layer_dims, rng, lambda n_prev, n: np.sqrt(1.0 / n_prev))


@mistake(DN, "initialize_parameters_deep", "sqrt(2 / n) with the layer's own size instead of the previous layer's")
def _(layer_dims: list[int], rng: np.random.Generator) -> dict:
    return _scaled_init(layer_dims, rng, lambda n_prev, n: np.sqrt(2.0 / n))


@mistake(DN, "initialize_parameters_deep", "no scaling at all")
def _(layer_dims: list[int], rng: np.random.Generator) -> dict:
    return _scaled_init(layer_dims, rng, lambda n_prev, n: 1.0)


@mistake(DN, "linear_forward", "forgetting b")
def _(A: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple:
    return W @ A, (A, W, b)


@mistake(DN, "linear_forward", "subtracting b")
def _(A: np.ndarray, W: np.ndarray, b: np.ndarray) -> tuple:
    return W @ A - b, (A, W, b)


_ACTIVATIONS = {"relu": deepnet.relu, "sigmoid": deepnet.sigmoid, "tanh": np.tanh}


@mistake(DN, "linear_activation_forward", "returning Z (no activation)")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple:
    Z = W @ A_prev + b
    return Z, ((A_prev, W, b), Z)


def _other_activation(name: str) -> Callable[..., tuple]:
    def compute(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple | None:
        if activation == name:
            return None
        Z = W @ A_prev + b
        return _ACTIVATIONS[name](Z), ((A_prev, W, b), Z)

    return compute


for _name in _ACTIVATIONS:
    mistake(DN, "linear_activation_forward", f"applying {_name} instead of the activation asked for")(
        _other_activation(_name)
    )


@mistake(DN, "linear_activation_forward", "forgetting b")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple:
    Z = W @ A_prev + b
    return _ACTIVATIONS[activation](W @ A_prev), ((A_prev, W, b), Z)


@mistake(DN, "linear_activation_forward", "caching the activations A instead of Z")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, activation: str) -> tuple:
    A, ((_, _, _), _) = deepnet.linear_activation_forward(A_prev, W, b, activation)
    return A, ((A_prev, W, b), A)


def _forward_with(X: np.ndarray, parameters: dict, hidden: str, output: str) -> tuple:
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, cache = deepnet.linear_activation_forward(
            A, parameters[f"W{l}"], parameters[f"b{l}"], hidden if l < L else output
        )
        caches.append(cache)
    return A, caches


@mistake(DN, "L_model_forward", "the ReLU on the output layer instead of the sigmoid")
def _(X: np.ndarray, parameters: dict) -> tuple:
    return _forward_with(X, parameters, "relu", "relu")


@mistake(DN, "L_model_forward", "the sigmoid on every layer")
def _(X: np.ndarray, parameters: dict) -> tuple:
    return _forward_with(X, parameters, "sigmoid", "sigmoid")


@mistake(DN, "compute_cost", "a sum over the examples instead of a mean (a missing 1/m)")
def _(AL: np.ndarray, Y: np.ndarray) -> float:
    return deepnet.compute_cost(AL, Y) * Y.shape[1]


@mistake(DN, "compute_cost", "a missing minus sign")
def _(AL: np.ndarray, Y: np.ndarray) -> float:
    return -deepnet.compute_cost(AL, Y)


@mistake(DN, "compute_cost", "leaving out the (1 - y) log(1 - a) term")
def _(AL: np.ndarray, Y: np.ndarray) -> float:
    return float(-(Y * np.log(AL)).sum() / Y.shape[1])


@mistake(DN, "linear_backward", "a missing 1/m")
def _(dZ: np.ndarray, cache: tuple) -> tuple:
    A_prev, W, _ = cache
    return W.T @ dZ, dZ @ A_prev.T, dZ.sum(axis=1, keepdims=True)


@mistake(DN, "linear_backward", "W instead of W.T")
def _(dZ: np.ndarray, cache: tuple) -> tuple | None:
    A_prev, W, _ = cache
    if W.shape[0] != W.shape[1]:
        return None
    _, dW, db = deepnet.linear_backward(dZ, cache)
    return W @ dZ, dW, db


@mistake(DN, "linear_backward", "dividing dA_prev by m (only dW and db are averaged over the examples)")
def _(dZ: np.ndarray, cache: tuple) -> tuple:
    dA_prev, dW, db = deepnet.linear_backward(dZ, cache)
    return dA_prev / cache[0].shape[1], dW, db


def _derivative(activation: str, hint: str, dZ: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]) -> None:
    def compute(dA: np.ndarray, cache: tuple, asked: str) -> tuple | None:
        if asked != activation:
            return None
        linear_cache, Z = cache
        if linear_cache[0].shape != Z.shape and "A_prev" in hint:
            return None
        return deepnet.linear_backward(dZ(dA, Z, linear_cache[0]), linear_cache)

    mistake(DN, "linear_activation_backward", hint)(compute)


_derivative("relu", "the ReLU derivative taken from A_prev instead of Z", lambda dA, Z, A_prev: dA * (A_prev > 0))
_derivative("relu", "a ReLU derivative of 1 at Z == 0 (use Z > 0, not Z >= 0)", lambda dA, Z, A_prev: dA * (Z >= 0))
_derivative(
    "relu", "multiplying dA by relu(Z) instead of by its derivative", lambda dA, Z, A_prev: dA * deepnet.relu(Z)
)
_derivative(
    "sigmoid", "Z * (1 - Z) instead of sigmoid(Z) * (1 - sigmoid(Z))", lambda dA, Z, A_prev: dA * Z * (1 - Z)
)
_derivative(
    "sigmoid", "sigmoid(Z) instead of sigmoid(Z) * (1 - sigmoid(Z))", lambda dA, Z, A_prev: dA * deepnet.sigmoid(Z)
)
_derivative("tanh", "1 - Z**2 instead of 1 - tanh(Z)**2", lambda dA, Z, A_prev: dA * (1 - Z**2))
_derivative("tanh", "tanh(Z) instead of 1 - tanh(Z)**2", lambda dA, Z, A_prev: dA * np.tanh(Z))


@mistake(DN, "linear_activation_backward", "leaving out the activation's derivative")
def _(dA: np.ndarray, cache: tuple, activation: str) -> tuple:
    return deepnet.linear_backward(dA, cache[0])


def _backward_with(AL: np.ndarray, Y: np.ndarray, caches: list, output: str, m_factor: float = 1.0) -> dict:
    """L_model_backward with another derivative for the output layer, and gradients of W
    and b multiplied by ``m_factor`` (``m`` models a missing 1/m)."""
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA_prev, dW, db = deepnet.linear_activation_backward(dA, caches[l - 1], output if l == L else "relu")
        grads[f"dA{l - 1}"], grads[f"dW{l}"], grads[f"db{l}"] = dA_prev, dW * m_factor, db * m_factor
        dA = dA_prev
    return grads


@mistake(DN, "L_model_backward", "a missing 1/m")
def _(AL: np.ndarray, Y: np.ndarray, caches: list) -> dict:
    return _backward_with(AL, Y, caches, "sigmoid", m_factor=Y.shape[1])


@mistake(DN, "L_model_backward", "the ReLU's derivative on the output layer")
def _(AL: np.ndarray, Y: np.ndarray, caches: list) -> dict:
    return _backward_with(AL, Y, caches, "relu")


@mistake(DN, "L_model_backward", "a sign error in dAL")
def _(AL: np.ndarray, Y: np.ndarray, caches: list) -> dict:
    return {k: -v for k, v in deepnet.L_model_backward(AL, Y, caches).items()}


@mistake(DN, "update_parameters", "adding the gradient instead of subtracting it")
def _(parameters: dict, grads: dict, learning_rate: float) -> dict:
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@mistake(DN, "update_parameters", "leaving the parameters unchanged")
def _(parameters: dict, grads: dict, learning_rate: float) -> dict:
    return dict(parameters)
