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
_derivative("sigmoid", "Z * (1 - Z) instead of sigmoid(Z) * (1 - sigmoid(Z))", lambda dA, Z, A_prev: dA * Z * (1 - Z))
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


# --------------------------------------------------------------------------- regularization

RG = "regularization"


def _weights(parameters: dict) -> list[np.ndarray]:
    return [parameters[f"W{l}"] for l in range(1, len(parameters) // 2 + 1)]


def _penalized(penalty: Callable[[dict, int], float], with_cross_entropy: bool = True) -> Callable[..., float]:
    def compute(AL: np.ndarray, Y: np.ndarray, parameters: dict, lambd: float) -> float | None:
        value = penalty(parameters, Y.shape[1], lambd)
        if value is None:
            return None
        return float((deepnet.compute_cost(AL, Y) if with_cross_entropy else 0.0) + value)

    return compute


def _sum_sq(ws: list[np.ndarray]) -> float:
    return float(sum(np.sum(w**2) for w in ws))


_COST_MISTAKES: dict[str, Callable[[dict, int, float], float | None]] = {
    "a missing 1/2 (lambd / m instead of lambd / (2 m))": lambda p, m, lambd: lambd / m * _sum_sq(_weights(p)),
    "lambd / 2 without the 1/m": lambda p, m, lambd: lambd / 2 * _sum_sq(_weights(p)),
    "including the biases in the penalty": lambda p, m, lambd: lambd / (2 * m) * _sum_sq(list(p.values())),
    "summing the absolute values of the weights instead of their squares": lambda p, m, lambd: (
        lambd / (2 * m) * sum(float(np.sum(np.abs(w))) for w in _weights(p))
    ),
    "the Frobenius norms without squaring them": lambda p, m, lambd: (
        lambd / (2 * m) * sum(float(np.linalg.norm(w)) for w in _weights(p))
    ),
    "averaging the squared weights (np.mean) instead of summing them": lambda p, m, lambd: (
        lambd / (2 * m) * sum(float(np.mean(w**2)) for w in _weights(p))
    ),
    "penalizing only W1, W2 and W3 (the number of layers hard-coded)": lambda p, m, lambd: (
        lambd / (2 * m) * _sum_sq(_weights(p)[:3]) if len(p) // 2 > 3 else None
    ),
    "penalizing only the last layer": lambda p, m, lambd: (
        lambd / (2 * m) * _sum_sq(_weights(p)[-1:]) if len(p) // 2 > 1 else None
    ),
}
for _hint, _penalty in _COST_MISTAKES.items():
    mistake(RG, "compute_cost_with_regularization", _hint)(_penalized(_penalty))
mistake(RG, "compute_cost_with_regularization", "the penalty alone, without the cross-entropy")(
    _penalized(lambda p, m, lambd: lambd / (2 * m) * _sum_sq(_weights(p)), with_cross_entropy=False)
)


def _regularized_grads(fW: Callable | None = None, fb: Callable | None = None) -> Callable[..., dict]:
    def compute(AL: np.ndarray, Y: np.ndarray, caches: list, lambd: float) -> dict:
        grads = deepnet.L_model_backward(AL, Y, caches)
        m = Y.shape[1]
        for l, ((_, W, b), _) in enumerate(caches, start=1):
            if fW is not None:
                grads[f"dW{l}"] = grads[f"dW{l}"] + fW(W, lambd, m)
            if fb is not None:
                grads[f"db{l}"] = grads[f"db{l}"] + fb(b, lambd, m)
        return grads

    return compute


for _hint, _fW, _fb in (
    (
        "the L2 term lambd / (2 m) * W (the 1/2 of the cost disappears when you differentiate W**2)",
        lambda W, lambd, m: lambd / (2 * m) * W,
        None,
    ),
    ("the L2 term lambd * W, without the 1/m", lambda W, lambd, m: lambd * W, None),
    ("the L2 term 2 * lambd / m * W", lambda W, lambd, m: 2 * lambd / m * W, None),
    ("no L2 term at all", None, None),
    (
        "the L2 term lambd / m * W**2 (differentiate W**2 / 2: it gives W)",
        lambda W, lambd, m: lambd / m * W**2,
        None,
    ),
    (
        "regularizing the biases too (db + lambd / m * b)",
        lambda W, lambd, m: lambd / m * W,
        lambda b, lambd, m: lambd / m * b,
    ),
):
    mistake(RG, "L_model_backward_with_regularization", _hint)(_regularized_grads(_fW, _fb))


def _dropout_draw(A: np.ndarray, keep_prob: float, rng: np.random.Generator) -> np.ndarray:
    return rng.random(A.shape) < keep_prob


for _hint, _scale in (
    ("applying the mask without dividing by keep_prob (inverted dropout divides by keep_prob)", lambda k: 1.0),
    ("multiplying the kept activations by keep_prob instead of dividing them", lambda k: k),
    ("dividing by 1 - keep_prob instead of keep_prob", lambda k: 1 / (1 - k)),
):

    def _forward(A: np.ndarray, keep_prob: float, rng: np.random.Generator, scale: Callable = _scale) -> tuple:
        D = _dropout_draw(A, keep_prob, rng)
        return A * D * scale(keep_prob), D

    mistake(RG, "dropout_forward", _hint)(_forward)


for _hint, _backward in (
    ("applying the mask without dividing by keep_prob", lambda dA, D, k: dA * D),
    ("dividing by keep_prob without applying the mask", lambda dA, D, k: dA / k),
    ("multiplying by keep_prob instead of dividing", lambda dA, D, k: dA * D * k),
    ("dividing by 1 - keep_prob instead of keep_prob", lambda dA, D, k: dA * D / (1 - k)),
    ("using the inverted mask (1 - D)", lambda dA, D, k: dA * (1 - np.asarray(D, dtype=np.float64)) / k),
):
    mistake(RG, "dropout_backward", _hint)(lambda dA, D, keep_prob, f=_backward: f(dA, D, keep_prob))


def _backward_with_masks(AL: np.ndarray, Y: np.ndarray, caches: list, masks: list, keep_prob: float) -> dict:
    """L_model_backward with each hidden dA{l} passed through masks[l-1] / keep_prob."""
    grads = {}
    L = len(caches)
    dA = -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        if l < L:
            dA = dA * masks[l - 1] / keep_prob
            grads[f"dA{l}"] = dA
        dA, grads[f"dW{l}"], grads[f"db{l}"] = deepnet.linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu"
        )
    grads["dA0"] = dA
    return grads


def _weights_only(grads: dict) -> dict:
    return {k: v for k, v in grads.items() if not k.startswith("dA")}


@mistake(RG, "L_model_backward_with_dropout", "not applying the masks in backpropagation")
def _(AL: np.ndarray, Y: np.ndarray, caches: list, masks: list, keep_prob: float) -> dict:
    return _weights_only(deepnet.L_model_backward(AL, Y, caches))


@mistake(RG, "L_model_backward_with_dropout", "applying the masks without dividing by keep_prob")
def _(AL: np.ndarray, Y: np.ndarray, caches: list, masks: list, keep_prob: float) -> dict:
    return _weights_only(_backward_with_masks(AL, Y, caches, masks, 1.0))


@mistake(
    RG,
    "L_model_backward_with_dropout",
    "using the mask of the wrong layer (layer l's gradient goes through masks[l - 1])",
)
def _(AL: np.ndarray, Y: np.ndarray, caches: list, masks: list, keep_prob: float) -> dict | None:
    if len(caches) <= 2 or any(np.shape(D) != np.shape(masks[0]) for D in masks):
        return None
    shifted = list(masks[1:]) + [np.ones_like(masks[0])]
    return _weights_only(_backward_with_masks(AL, Y, caches, shifted, keep_prob))


def _gradient_check_variant(
    diff: str = "centered", norm: str = "relative", skip_b: bool = False
) -> Callable[..., float]:
    """What a gradient check with a typical mistake returns."""

    def compute(parameters: dict, grads: dict, X: np.ndarray, Y: np.ndarray, epsilon: float = 1e-7) -> float:
        def cost(params: dict) -> float:
            return deepnet.compute_cost(deepnet.L_model_forward(X, params)[0], Y)

        J0 = cost(parameters)
        approx, exact = [], []
        for l in range(1, len(parameters) // 2 + 1):
            for name in (f"W{l}",) if skip_b else (f"W{l}", f"b{l}"):
                theta = parameters[name]
                for index in np.ndindex(theta.shape):
                    plus, minus = theta.copy(), theta.copy()
                    plus[index] += epsilon
                    minus[index] -= epsilon
                    Jp, Jm = cost({**parameters, name: plus}), cost({**parameters, name: minus})
                    approx.append(
                        {
                            "centered": (Jp - Jm) / (2 * epsilon),
                            "one-sided": (Jp - J0) / epsilon,
                            "no2": (Jp - Jm) / epsilon,
                        }[diff]
                    )
                    exact.append(grads["d" + name][index])
        a, g = np.array(approx), np.array(exact)
        if norm == "numerator":
            return float(np.linalg.norm(a - g))
        if norm == "squared":
            return float(np.sum((a - g) ** 2) / (np.sum(a**2) + np.sum(g**2)))
        if norm == "norm of sum":
            return float(np.linalg.norm(a - g) / np.linalg.norm(a + g))
        return float(np.linalg.norm(a - g) / (np.linalg.norm(a) + np.linalg.norm(g)))

    return compute


for _hint, _kwargs in (
    ("dividing by epsilon instead of 2 * epsilon", {"diff": "no2"}),
    ("a one-sided difference (J(theta + epsilon) - J(theta)) / epsilon", {"diff": "one-sided"}),
    ("returning the numerator alone (no division by the norms)", {"norm": "numerator"}),
    ("squared norms (no square roots)", {"norm": "squared"}),
    ("dividing by ||approx + grad|| instead of ||approx|| + ||grad||", {"norm": "norm of sum"}),
    ("leaving out the biases", {"skip_b": True}),
):
    mistake(RG, "gradient_check", _hint)(_gradient_check_variant(**_kwargs))


# --------------------------------------------------------------------------- optimization

OP = "optimization"


def _momentum_variant(vf: Callable, pf: Callable) -> Callable[..., tuple]:
    def compute(parameters: dict, grads: dict, v: dict, beta: float, learning_rate: float) -> tuple:
        new_v = {k: vf(v[k], grads[k], beta) for k in v}
        new_p = {k: pf(parameters[k], new_v["d" + k], v["d" + k], grads["d" + k], learning_rate) for k in parameters}
        return new_p, new_v

    return compute


def _v_ok(a: np.ndarray, g: np.ndarray, beta: float) -> np.ndarray:
    return beta * a + (1 - beta) * g


for _hint, _vf, _pf in (
    (
        "v = beta * v + grad, without the (1 - beta)",
        lambda a, g, beta: beta * a + g,
        lambda x, nv, ov, g, lr: x - lr * nv,
    ),
    ("stepping along the gradient instead of the velocity", _v_ok, lambda x, nv, ov, g, lr: x - lr * g),
    ("swapping beta and 1 - beta", lambda a, g, beta: (1 - beta) * a + beta * g, lambda x, nv, ov, g, lr: x - lr * nv),
    ("stepping with the old velocity instead of the updated one", _v_ok, lambda x, nv, ov, g, lr: x - lr * ov),
    ("adding the step instead of subtracting it", _v_ok, lambda x, nv, ov, g, lr: x + lr * nv),
):
    mistake(OP, "update_parameters_with_momentum", _hint)(_momentum_variant(_vf, _pf))


def _rmsprop_variant(sf: Callable, pf: Callable) -> Callable[..., tuple]:
    def compute(
        parameters: dict, grads: dict, s: dict, beta: float, learning_rate: float, epsilon: float = 1e-8
    ) -> tuple:
        new_s = {k: sf(s[k], grads[k], beta) for k in s}
        new_p = {
            k: pf(parameters[k], new_s["d" + k], s["d" + k], grads["d" + k], learning_rate, epsilon) for k in parameters
        }
        return new_p, new_s

    return compute


def _s_ok(a: np.ndarray, g: np.ndarray, beta: float) -> np.ndarray:
    return beta * a + (1 - beta) * g**2


def _step_ok(x: np.ndarray, ns: np.ndarray, os: np.ndarray, g: np.ndarray, lr: float, eps: float) -> np.ndarray:
    return x - lr * g / (np.sqrt(ns) + eps)


for _hint, _sf, _pf in (
    ("putting epsilon inside the square root", _s_ok, lambda x, ns, os, g, lr, eps: x - lr * g / np.sqrt(ns + eps)),
    ("leaving out the square root", _s_ok, lambda x, ns, os, g, lr, eps: x - lr * g / (ns + eps)),
    ("swapping beta and 1 - beta", lambda a, g, beta: (1 - beta) * a + beta * g**2, _step_ok),
    (
        "stepping with the old s instead of the updated one",
        _s_ok,
        lambda x, ns, os, g, lr, eps: x - lr * g / (np.sqrt(os) + eps),
    ),
    ("not squaring the gradient in s", lambda a, g, beta: beta * a + (1 - beta) * g, _step_ok),
    (
        "ignoring the epsilon argument (using 1e-8)",
        _s_ok,
        lambda x, ns, os, g, lr, eps: _step_ok(x, ns, os, g, lr, 1e-8),
    ),
):
    mistake(OP, "update_parameters_with_rmsprop", _hint)(_rmsprop_variant(_sf, _pf))


def _adam_variant(
    tv: Callable[[int], int] = lambda t: t,
    corr: bool = True,
    store_hat: bool = False,
    eps_in: bool = False,
    square: bool = True,
    swap: bool = False,
    beta2_default: float | None = None,
) -> Callable[..., tuple | None]:
    def compute(
        parameters: dict,
        grads: dict,
        v: dict,
        s: dict,
        t: int,
        learning_rate: float = 0.01,
        beta1: float = 0.9,
        beta2: float | None = None,
        epsilon: float = 1e-8,
    ) -> tuple | None:
        if beta2_default is not None and beta2 is not None:
            return None  # a wrong default only shows when the default is used
        b2 = beta2_default if beta2_default is not None else 0.999 if beta2 is None else beta2
        t_used = tv(t)
        if t_used < 1:
            return None
        new_p, new_v, new_s = {}, {}, {}
        for key in parameters:
            g = grads["d" + key]
            nv = beta1 * v["d" + key] + (1 - beta1) * g
            ns = b2 * s["d" + key] + (1 - b2) * (g**2 if square else g)
            cv, cs = (1 - b2**t_used, 1 - beta1**t_used) if swap else (1 - beta1**t_used, 1 - b2**t_used)
            vh, sh = (nv / cv, ns / cs) if corr else (nv, ns)
            step = vh / (np.sqrt(sh + epsilon) if eps_in else np.sqrt(sh) + epsilon)
            new_p[key] = parameters[key] - learning_rate * step
            new_v["d" + key] = vh if store_hat else nv
            new_s["d" + key] = sh if store_hat else ns
        return new_p, new_v, new_s

    return compute


for _hint, _kwargs in (
    ("leaving out the bias correction", {"corr": False}),
    ("the bias correction with t + 1 (t already counts from 1)", {"tv": lambda t: t + 1}),
    (
        "storing the corrected v_hat and s_hat in v and s (they must keep the uncorrected averages)",
        {"store_hat": True},
    ),
    ("correcting v with beta2 and s with beta1", {"swap": True}),
    ("not squaring the gradient in s", {"square": False}),
    ("the bias correction with t - 1 (t counts the updates from 1)", {"tv": lambda t: t - 1}),
    ("putting epsilon inside the square root", {"eps_in": True}),
    ("beta2 = 0.99 instead of 0.999", {"beta2_default": 0.99}),
):
    mistake(OP, "update_parameters_with_adam", _hint)(_adam_variant(**_kwargs))


for _hint, _lr in (
    ("learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)", lambda lr0, e, d: lr0 / (1 + d) * e),
    ("learning_rate0 / 1 + decay_rate * epoch_num (parentheses)", lambda lr0, e, d: lr0 / 1 + d * e),
    ("an exponential decay learning_rate0 * decay_rate ** epoch_num", lambda lr0, e, d: lr0 * d**e),
    ("counting epochs from 1 (epoch_num + 1)", lambda lr0, e, d: lr0 / (1 + d * (e + 1))),
):
    mistake(OP, "update_lr", _hint)(lambda lr0, epoch_num, decay_rate, f=_lr: float(f(lr0, epoch_num, decay_rate)))


def _schedule(f: Callable[[float, int, float, int], float], default: int | None = None) -> Callable[..., float | None]:
    def compute(
        learning_rate0: float, epoch_num: int, decay_rate: float, time_interval: int | None = None
    ) -> float | None:
        if default is not None:
            if time_interval is not None:
                return None  # a wrong default only shows when the default is used
            time_interval = default
        return float(f(learning_rate0, epoch_num, decay_rate, 1000 if time_interval is None else time_interval))

    return compute


for _hint, _f in (
    (
        "no floor: that decays a little at every epoch instead of once per time_interval",
        lambda lr0, e, d, n: lr0 / (1 + d * e / n),
    ),
    (
        "decaying at every epoch (update_lr's formula) instead of once per time_interval",
        lambda lr0, e, d, n: lr0 / (1 + d * e),
    ),
    (
        "rounding epoch_num / time_interval instead of taking its floor",
        lambda lr0, e, d, n: lr0 / (1 + d * round(e / n)),
    ),
    ("the ceiling of epoch_num / time_interval instead of its floor", lambda lr0, e, d, n: lr0 / (1 + d * -(-e // n))),
):
    mistake(OP, "schedule_lr_decay", _hint)(_schedule(_f))
for _n in (10, 100):
    mistake(OP, "schedule_lr_decay", f"a default time_interval of {_n} (it should be 1000)")(
        _schedule(lambda lr0, e, d, n: lr0 / (1 + d * (e // n)), default=_n)
    )


# --------------------------------------------------------------------------- logistic_regression

LR = "logistic_regression"


def _lr_propagate(
    w: np.ndarray,
    b: float,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    with_b: bool = True,
    from_z: bool = False,
    sign: float = 1.0,
    per_example: bool = False,
) -> tuple[dict, float]:
    """propagate, with the variations that model its typical mistakes."""
    m = X.shape[1]
    Z = w.T @ X + (b if with_b else 0.0)
    A = deepnet.sigmoid(Z)
    cost = deepnet.compute_cost(A, Y) * (m if per_example else 1)
    dZ = sign * ((Z if from_z else A) - Y)
    scale = 1 if per_example else m
    return {"dw": X @ dZ.T / scale, "db": float(np.sum(dZ) / scale)}, float(cost)


@mistake(LR, "sigmoid", "exp(z) instead of exp(-z)")
def _(z: Any) -> Any:
    return 1 - deepnet.sigmoid(z) if np.ndim(z) else float(1 - deepnet.sigmoid(z))


@mistake(LR, "sigmoid", "np.tanh instead of the sigmoid")
def _(z: Any) -> Any:
    return np.tanh(z) if np.ndim(z) else float(np.tanh(z))


@mistake(LR, "propagate", "a sum over the examples instead of a mean (a missing 1/m)")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    return _lr_propagate(w, b, X, Y, per_example=True)


@mistake(LR, "propagate", "a missing minus sign")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    grads, cost = _lr_propagate(w, b, X, Y)
    return grads, -cost


@mistake(LR, "propagate", "forgetting b in Z = w.T X + b")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    return _lr_propagate(w, b, X, Y, with_b=False)


@mistake(LR, "propagate", "leaving out the (1 - y) log(1 - a) term")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    grads, _ = _lr_propagate(w, b, X, Y)
    A = deepnet.sigmoid(w.T @ X + b)
    return grads, float(-(Y * np.log(A)).sum() / X.shape[1])


@mistake(LR, "propagate", "Y - A instead of A - Y")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    return _lr_propagate(w, b, X, Y, sign=-1.0)


@mistake(LR, "propagate", "using Z (before the sigmoid) instead of A")
def _(w: np.ndarray, b: float, X: np.ndarray, Y: np.ndarray) -> tuple:
    return _lr_propagate(w, b, X, Y, from_z=True)


def _lr_optimize(
    w: np.ndarray,
    b: float,
    X: np.ndarray,
    Y: np.ndarray,
    num_iterations: int = 100,
    learning_rate: float = 0.009,
    *,
    sign: float = 1.0,
    iterations: Callable[[int], int] = lambda n: n,
    grads_after: bool = False,
    cost_after: bool = False,
) -> tuple:
    w, b = np.array(w, dtype=np.float64), float(b)
    costs, grads = [], {}
    for i in range(iterations(num_iterations)):
        grads, cost = _lr_propagate(w, b, X, Y)
        w = w - sign * learning_rate * grads["dw"]
        b = b - sign * learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(_lr_propagate(w, b, X, Y)[1] if cost_after else cost)
    if grads_after:
        grads = _lr_propagate(w, b, X, Y)[0]
    return {"w": w, "b": b}, grads, costs


for _hint, _kwargs in (
    ("adding the gradient instead of subtracting it", {"sign": -1.0}),
    ("one update too few", {"iterations": lambda n: n - 1}),
    ("computing the gradients again after the last update", {"grads_after": True}),
    ("recording the cost after the update instead of before it", {"cost_after": True}),
):
    mistake(LR, "optimize", _hint)(
        lambda w, b, X, Y, num_iterations=100, learning_rate=0.009, kw=_kwargs: _lr_optimize(
            w, b, X, Y, num_iterations, learning_rate, **kw
        )
    )


@mistake(LR, "predict", "returning the probabilities A instead of 0/1 labels")
def _(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    return deepnet.sigmoid(w.T @ X + b)


@mistake(LR, "predict", "swapping the two labels")
def _(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    return (deepnet.sigmoid(w.T @ X + b) <= 0.5).astype(np.float64)


@mistake(LR, "predict", "predicting 1 when a >= 0.5 (the rule is a > 0.5)")
def _(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    return (deepnet.sigmoid(w.T @ X + b) >= 0.5).astype(np.float64)


# --------------------------------------------------------------------------- shallow_network

SN = "shallow_network"


def _sn_init(
    n_x: int,
    n_h: int,
    n_y: int,
    rng: np.random.Generator,
    *,
    scale: float = 0.01,
    w2_first: bool = False,
    uniform: bool = False,
) -> dict:
    draw = rng.random if uniform else rng.standard_normal
    if w2_first:
        W2, W1 = draw((n_y, n_h)), draw((n_h, n_x))
    else:
        W1, W2 = draw((n_h, n_x)), draw((n_y, n_h))
    return {"W1": W1 * scale, "b1": np.zeros((n_h, 1)), "W2": W2 * scale, "b2": np.zeros((n_y, 1))}


for _hint, _kwargs in (
    ("forgetting the factor 0.01", {"scale": 1.0}),
    ("drawing W2 before W1", {"w2_first": True}),
    ("rng.random (uniform) instead of rng.standard_normal", {"uniform": True}),
):
    mistake(SN, "initialize_parameters", _hint)(
        lambda n_x, n_h, n_y, rng, kw=_kwargs: _sn_init(n_x, n_h, n_y, rng, **kw)
    )


def _sn_forward(X: np.ndarray, parameters: dict, hidden: Callable = np.tanh, biases: bool = True) -> tuple:
    b1, b2 = (parameters["b1"], parameters["b2"]) if biases else (0.0, 0.0)
    Z1 = parameters["W1"] @ X + b1
    A1 = hidden(Z1)
    Z2 = parameters["W2"] @ A1 + b2
    A2 = deepnet.sigmoid(Z2)
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


for _hint, _kwargs in (
    ("the sigmoid instead of tanh in the hidden layer", {"hidden": deepnet.sigmoid}),
    ("ReLU instead of tanh in the hidden layer", {"hidden": deepnet.relu}),
    ("forgetting the biases b1 and b2", {"biases": False}),
):
    mistake(SN, "forward_propagation", _hint)(lambda X, parameters, kw=_kwargs: _sn_forward(X, parameters, **kw))


@mistake(SN, "forward_propagation", "returning Z2 (before the sigmoid) instead of A2")
def _(X: np.ndarray, parameters: dict) -> tuple:
    _, cache = _sn_forward(X, parameters)
    return cache["Z2"], cache


for _hint in (
    "a sum over the examples instead of a mean (a missing 1/m)",
    "a missing minus sign",
    "leaving out the (1 - y) log(1 - a) term",
):
    mistake(SN, "compute_cost", _hint)(for_function(DN, "compute_cost")[_hint])


def _sn_backward(
    parameters: dict,
    cache: dict,
    X: np.ndarray,
    Y: np.ndarray,
    *,
    per_example: bool = False,
    sign: float = 1.0,
    derivative: Callable[[dict], np.ndarray] = lambda c: 1 - c["A1"] ** 2,
) -> dict:
    m = 1 if per_example else X.shape[1]
    dZ2 = sign * (cache["A2"] - Y)
    dZ1 = (parameters["W2"].T @ dZ2) * derivative(cache)
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
    }


for _hint, _kwargs in (
    ("a missing 1/m", {"per_example": True}),
    ("Y - A2 instead of A2 - Y", {"sign": -1.0}),
    (
        "the tanh derivative computed from Z1 (1 - Z1**2) instead of A1 (1 - A1**2)",
        {"derivative": lambda c: 1 - c["Z1"] ** 2},
    ),
    ("leaving out the tanh derivative (1 - A1**2)", {"derivative": lambda c: 1.0}),
    ("the sigmoid's derivative A1 * (1 - A1) instead of tanh's", {"derivative": lambda c: c["A1"] * (1 - c["A1"])}),
):
    mistake(SN, "backward_propagation", _hint)(
        lambda parameters, cache, X, Y, kw=_kwargs: _sn_backward(parameters, cache, X, Y, **kw)
    )


@mistake(SN, "update_parameters", "adding the gradient instead of subtracting it")
def _(parameters: dict, grads: dict, learning_rate: float = 1.2) -> dict:
    return {k: v + learning_rate * grads["d" + k] for k, v in parameters.items()}


@mistake(SN, "update_parameters", "leaving the parameters unchanged")
def _(parameters: dict, grads: dict, learning_rate: float = 1.2) -> dict:
    return dict(parameters)


@mistake(SN, "nn_model", "one update too few")
def _(
    X: np.ndarray,
    Y: np.ndarray,
    n_h: int,
    rng: np.random.Generator,
    num_iterations: int = 10000,
    learning_rate: float = 1.2,
    print_cost: bool = False,
) -> dict:
    parameters = _sn_init(X.shape[0], n_h, Y.shape[0], rng)
    for _ in range(num_iterations - 1):
        _, cache = _sn_forward(X, parameters)
        grads = _sn_backward(parameters, cache, X, Y)
        parameters = {k: v - learning_rate * grads["d" + k] for k, v in parameters.items()}
    return parameters


@mistake(SN, "predict", "returning the probabilities A2 instead of 0/1 labels")
def _(parameters: dict, X: np.ndarray) -> np.ndarray:
    return _sn_forward(X, parameters)[0]


@mistake(SN, "predict", "swapping the two labels")
def _(parameters: dict, X: np.ndarray) -> np.ndarray:
    return (_sn_forward(X, parameters)[0] <= 0.5).astype(np.float64)


@mistake(SN, "predict", "predicting 1 when A2 >= 0.5 (the rule is A2 > 0.5)")
def _(parameters: dict, X: np.ndarray) -> np.ndarray:
    return (_sn_forward(X, parameters)[0] >= 0.5).astype(np.float64)


# --------------------------------------------------------------------------- convolution

CV = "convolution"


def _pad(A: np.ndarray, pad: int) -> np.ndarray:
    return np.pad(A, ((0, 0), (pad, pad), (pad, pad), (0, 0)))


def _conv(
    A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, stride: int, pad: int, window_stride: int | None = None
) -> np.ndarray:
    """conv_forward's Z; ``window_stride`` places the windows with another step than the
    one the output size is computed with (1: ignoring the stride when placing them)."""
    f, _, _, n_C = W.shape
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    n_H, n_W = (n_H_prev - f + 2 * pad) // stride + 1, (n_W_prev - f + 2 * pad) // stride + 1
    step = stride if window_stride is None else window_stride
    A = _pad(A_prev, pad)
    Z = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            window = A[:, h * step : h * step + f, w * step : w * step + f, :]
            Z[:, h, w, :] = np.tensordot(window, W, axes=([1, 2, 3], [0, 1, 2]))
    return Z + b.reshape(1, 1, 1, n_C)


@mistake(CV, "conv_single_step", "forgetting the bias b")
def _(a_slice_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum(a_slice_prev * W))


@mistake(CV, "conv_single_step", "subtracting the bias instead of adding it")
def _(a_slice_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum(a_slice_prev * W) - np.sum(b))


@mistake(CV, "conv_single_step", "taking the mean of the product instead of its sum")
def _(a_slice_prev: np.ndarray, W: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a_slice_prev * W) + np.sum(b))


def _conv_cache(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, hparameters: dict) -> tuple:
    return (A_prev, W, b, hparameters)


@mistake(CV, "conv_forward", "forgetting the bias b")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, hparameters: dict) -> tuple:
    Z = _conv(A_prev, W, np.zeros_like(b), hparameters["stride"], hparameters["pad"])
    return Z, _conv_cache(A_prev, W, b, hparameters)


@mistake(CV, "conv_forward", "applying a ReLU (conv_forward returns the linear output Z)")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, hparameters: dict) -> tuple:
    Z = _conv(A_prev, W, b, hparameters["stride"], hparameters["pad"])
    return np.maximum(Z, 0.0), _conv_cache(A_prev, W, b, hparameters)


@mistake(CV, "conv_forward", "ignoring the stride when you place the window (vert_start = h * stride)")
def _(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray, hparameters: dict) -> tuple | None:
    if hparameters["stride"] == 1:
        return None
    Z = _conv(A_prev, W, b, hparameters["stride"], hparameters["pad"], window_stride=1)
    return Z, _conv_cache(A_prev, W, b, hparameters)


def _pool(A_prev: np.ndarray, f: int, stride: int, reduce: Callable, window_stride: int | None = None) -> np.ndarray:
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    step = stride if window_stride is None else window_stride
    A = np.zeros((m, n_H, n_W, n_C))
    for h in range(n_H):
        for w in range(n_W):
            A[:, h, w, :] = reduce(A_prev[:, h * step : h * step + f, w * step : w * step + f, :], axis=(1, 2))
    return A


def _pool_mistake(
    reduce: Callable[[str, int, int], Callable | None], window_stride_one: bool = False
) -> Callable[..., tuple | None]:
    def compute(A_prev: np.ndarray, hparameters: dict, mode: str = "max") -> tuple | None:
        f, stride = hparameters["f"], hparameters["stride"]
        how = reduce(mode, f, A_prev.shape[3])
        if how is None or (window_stride_one and stride == 1):
            return None
        return _pool(A_prev, f, stride, how, 1 if window_stride_one else None), (A_prev, hparameters)

    return compute


def _sum_over(divisor: float) -> Callable:
    return lambda x, axis: np.sum(x, axis=axis) / divisor


for _hint, _reduce, _one in (
    ("averaging (check which mode you are in)", lambda mode, f, n_C: np.mean if mode == "max" else None, False),
    ("taking the max (check which mode you are in)", lambda mode, f, n_C: np.max if mode == "average" else None, False),
    (
        "dividing the window's sum by f instead of by its number of values, f * f",
        lambda mode, f, n_C: _sum_over(f) if mode == "average" else None,
        False,
    ),
    (
        "summing the window without dividing by its number of values",
        lambda mode, f, n_C: _sum_over(1) if mode == "average" else None,
        False,
    ),
    (
        "dividing by f * f * n_C (one channel's window holds f * f values)",
        lambda mode, f, n_C: _sum_over(f * f * n_C) if mode == "average" else None,
        False,
    ),
    (
        "ignoring the stride when you place the window (vert_start = h * stride)",
        lambda mode, f, n_C: np.max if mode == "max" else np.mean,
        True,
    ),
):
    mistake(CV, "pool_forward", _hint)(_pool_mistake(_reduce, _one))


def _conv_backward(dZ: np.ndarray, cache: tuple, *, per_example: bool = False, overwrite: str = "") -> tuple:
    """conv_backward; ``overwrite="dA_prev"`` assigns each window of dA_prev_pad with ``=``
    instead of adding to it, ``overwrite="dW"`` sums dW over the examples but assigns it
    at each position (h, w), so that only the last position is left."""
    A_prev, W, b, hparameters = cache
    stride, pad = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    _, n_H, n_W, _ = dZ.shape
    A_pad = _pad(A_prev, pad)
    dA_pad, dW = np.zeros_like(A_pad), np.zeros_like(W)
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                hs, ws = h * stride, w * stride
                g = dZ[i, h, w, :]
                contribution = np.tensordot(W, g, axes=([3], [0]))
                if overwrite == "dA_prev":
                    dA_pad[i, hs : hs + f, ws : ws + f, :] = contribution
                else:
                    dA_pad[i, hs : hs + f, ws : ws + f, :] += contribution
                dW = dW + A_pad[i, hs : hs + f, ws : ws + f, :][..., None] * g
    if overwrite == "dW":  # each position (h, w) overwrote the one before: only the last one is left
        hs, ws = (n_H - 1) * stride, (n_W - 1) * stride
        dW = np.einsum("ihwc,ik->hwck", A_pad[:, hs : hs + f, ws : ws + f, :], dZ[:, n_H - 1, n_W - 1, :])
    dA_prev = dA_pad[:, pad : pad + n_H_prev, pad : pad + n_W_prev, :]
    db = dZ.sum(axis=(0, 1, 2)).reshape(b.shape)
    scale = m if per_example else 1
    return dA_prev / scale, dW / scale, db / scale


mistake(CV, "conv_backward", "dividing by m (no 1/m here: dZ already holds the cost's derivative)")(
    lambda dZ, cache: _conv_backward(dZ, cache, per_example=True)
)
mistake(CV, "conv_backward", "assigning dW with = instead of accumulating with += over the positions (h, w)")(
    lambda dZ, cache: _conv_backward(dZ, cache, overwrite="dW")
)
mistake(
    CV,
    "conv_backward",
    "assigning to the window of dA_prev_pad with = instead of adding with += (overlapping windows add up)",
)(lambda dZ, cache: _conv_backward(dZ, cache, overwrite="dA_prev"))


# --------------------------------------------------------------------------- recurrent

RC = "recurrent"


def _softmax(x: np.ndarray, axis: int | None = 0) -> np.ndarray:
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


_SOFTMAX_AXIS1 = "taking the softmax over axis 1, across the examples, instead of over the classes (axis 0)"
mistake(RC, "softmax", _SOFTMAX_AXIS1)(lambda x: _softmax(x, axis=1))
mistake(RC, "softmax", "normalising over the whole array instead of each column")(lambda x: _softmax(x, axis=None))


def _rnn_cell(
    xt: np.ndarray,
    a_prev: np.ndarray,
    p: dict,
    *,
    hidden: Callable = np.tanh,
    ba: bool = True,
    by: bool = True,
    output: Callable | None = None,
    from_prev: bool = False,
) -> tuple:
    a_next = hidden(p["Waa"] @ a_prev + p["Wax"] @ xt + (p["ba"] if ba else 0.0))
    scores = p["Wya"] @ (a_prev if from_prev else a_next) + (p["by"] if by else 0.0)
    return a_next, (output or _softmax)(scores), (a_next, a_prev, xt, p)


for _hint, _kwargs in (
    ("using a sigmoid instead of tanh for a_next", {"hidden": deepnet.sigmoid}),
    ("forgetting the bias ba", {"ba": False}),
    (_SOFTMAX_AXIS1, {"output": lambda s: _softmax(s, axis=1)}),
    ("forgetting the softmax on yt_pred", {"output": lambda s: s}),
    ("computing yt_pred from a_prev instead of a_next", {"from_prev": True}),
    ("forgetting the bias by", {"by": False}),
):
    mistake(RC, "rnn_cell_forward", _hint)(
        lambda xt, a_prev, parameters, kw=_kwargs: _rnn_cell(xt, a_prev, parameters, **kw)
    )


def _rnn(x: np.ndarray, a0: np.ndarray, p: dict, *, restart: bool = False, store_prev: bool = False) -> tuple:
    T_x = x.shape[2]
    a, y = np.zeros((a0.shape[0], x.shape[1], T_x)), np.zeros((p["Wya"].shape[0], x.shape[1], T_x))
    a_prev, caches = a0, []
    for t in range(T_x):
        a_next, y[:, :, t], cache = _rnn_cell(x[:, :, t], a0 if restart else a_prev, p)
        a[:, :, t] = cache[1] if store_prev else a_next
        caches.append(cache)
        a_prev = a_next
    return a, y, (caches, x)


_RESTART_A = "starting every step from a0 instead of the previous step's a_next"
mistake(RC, "rnn_forward", _RESTART_A)(lambda x, a0, parameters: _rnn(x, a0, parameters, restart=True))
mistake(RC, "rnn_forward", "storing a_prev instead of a_next at each step")(
    lambda x, a0, parameters: _rnn(x, a0, parameters, store_prev=True)
)


def _lstm_cell(
    xt: np.ndarray,
    a_prev: np.ndarray,
    c_prev: np.ndarray,
    p: dict,
    *,
    concat_x_first: bool = False,
    candidate: Callable = np.tanh,
    forget: bool = True,
    swap_gates: bool = False,
    update: bool = True,
    tanh_c: bool = True,
    a_from_c_prev: bool = False,
    output_axis: int = 0,
) -> tuple:
    concat = np.concatenate([xt, a_prev] if concat_x_first else [a_prev, xt], axis=0)
    ft = deepnet.sigmoid(p["Wf"] @ concat + p["bf"])
    it = deepnet.sigmoid(p["Wi"] @ concat + p["bi"])
    cct = candidate(p["Wc"] @ concat + p["bc"])
    ot = deepnet.sigmoid(p["Wo"] @ concat + p["bo"])
    if swap_gates:
        c_next = it * c_prev + ft * cct
    else:
        c_next = (ft if forget else 1.0) * c_prev + (it if update else 1.0) * cct
    c_for_a = c_prev if a_from_c_prev else c_next
    a_next = ot * (np.tanh(c_for_a) if tanh_c else c_for_a)
    yt_pred = _softmax(p["Wy"] @ a_next + p["by"], axis=output_axis)
    return a_next, c_next, yt_pred, (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, p)


for _hint, _kwargs in (
    ("concatenating [xt; a_prev] instead of [a_prev; xt]", {"concat_x_first": True}),
    ("using a sigmoid instead of tanh for the candidate cct", {"candidate": deepnet.sigmoid}),
    ("not multiplying c_prev by the forget gate ft", {"forget": False}),
    ("swapping the gates in c_next (it is ft * c_prev + it * cct)", {"swap_gates": True}),
    ("not multiplying the candidate cct by the update gate it", {"update": False}),
    ("forgetting the tanh in a_next = ot * tanh(c_next)", {"tanh_c": False}),
    ("using c_prev instead of c_next in a_next = ot * tanh(c_next)", {"a_from_c_prev": True}),
    (_SOFTMAX_AXIS1, {"output_axis": 1}),
):
    mistake(RC, "lstm_cell_forward", _hint)(
        lambda xt, a_prev, c_prev, parameters, kw=_kwargs: _lstm_cell(xt, a_prev, c_prev, parameters, **kw)
    )


def _lstm(
    x: np.ndarray, a0: np.ndarray, p: dict, *, restart_a: bool = False, restart_c: bool = False, c0_is_a0: bool = False
) -> tuple:
    n_a, m, T_x = a0.shape[0], x.shape[1], x.shape[2]
    a, c, y = np.zeros((n_a, m, T_x)), np.zeros((n_a, m, T_x)), np.zeros((p["Wy"].shape[0], m, T_x))
    c0 = a0 if c0_is_a0 else np.zeros_like(a0)
    a_prev, c_prev, caches = a0, c0, []
    for t in range(T_x):
        a_next, c_next, y[:, :, t], cache = _lstm_cell(
            x[:, :, t], a0 if restart_a else a_prev, c0 if restart_c else c_prev, p
        )
        a[:, :, t], c[:, :, t] = a_next, c_next
        caches.append(cache)
        a_prev, c_prev = a_next, c_next
    return a, y, c, (caches, x)


mistake(RC, "lstm_forward", _RESTART_A)(lambda x, a0, parameters: _lstm(x, a0, parameters, restart_a=True))
mistake(RC, "lstm_forward", "starting every step from an empty memory instead of the previous step's c_next")(
    lambda x, a0, parameters: _lstm(x, a0, parameters, restart_c=True)
)
mistake(RC, "lstm_forward", "starting the memory from a0 (c0 is zeros)")(
    lambda x, a0, parameters: _lstm(x, a0, parameters, c0_is_a0=True)
)
