"""A gradient oracle: centered finite differences, to check backward functions
without trusting any analytic formula (the reference's included)."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def numerical_gradient(f: Callable[[np.ndarray], float], x: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """d f / d x by centered differences, ``(f(x + eps e_i) - f(x - eps e_i)) / (2 eps)``.

    ``f`` takes an array shaped like ``x`` and returns a scalar; ``x`` is not modified.
    Error is O(eps^2) plus rounding O(1e-16 / eps): about 1e-9 relative in float64.
    """
    x = np.array(x, dtype=np.float64)
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"])
    for _ in it:
        i = it.multi_index
        old = x[i]
        x[i] = old + eps
        plus = f(x)
        x[i] = old - eps
        minus = f(x)
        x[i] = old
        grad[i] = (plus - minus) / (2 * eps)
    return grad


def relative_difference(a: np.ndarray, b: np.ndarray) -> float:
    """``||a - b|| / (||a|| + ||b||)``, 0 when both are 0."""
    num = np.linalg.norm(np.ravel(a) - np.ravel(b))
    den = np.linalg.norm(np.ravel(a)) + np.linalg.norm(np.ravel(b))
    return float(num / den) if den else 0.0
