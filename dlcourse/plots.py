"""Plots the notebooks share: cost curves and decision boundaries."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt
import numpy as np


def plot_costs(costs: Sequence[float], every: int = 100, title: str = "", ax: plt.Axes | None = None) -> plt.Axes:
    """Cost against iteration, for costs recorded every ``every`` iterations."""
    ax = ax or plt.figure(figsize=(5, 3.2)).gca()
    ax.plot(np.arange(len(costs)) * every, costs)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    ax.set_title(title)
    return ax


def plot_decision_boundary(
    predict: Callable[[np.ndarray], np.ndarray],
    X: np.ndarray,
    Y: np.ndarray,
    title: str = "",
    ax: plt.Axes | None = None,
    resolution: int = 300,
) -> plt.Axes:
    """Shade the regions ``predict`` labels 0 and 1 and scatter the data.

    ``predict`` maps points of shape ``(2, k)`` to labels of shape ``(1, k)``.
    """
    ax = ax or plt.figure(figsize=(5, 4)).gca()
    pad = 0.5
    x0 = np.linspace(X[0].min() - pad, X[0].max() + pad, resolution)
    x1 = np.linspace(X[1].min() - pad, X[1].max() + pad, resolution)
    g0, g1 = np.meshgrid(x0, x1)
    Z = predict(np.vstack([g0.ravel(), g1.ravel()])).reshape(g0.shape)
    ax.contourf(g0, g1, Z, levels=[-0.5, 0.5, 1.5], cmap="coolwarm", alpha=0.35)
    ax.scatter(X[0], X[1], c=Y.ravel(), cmap="coolwarm", s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_title(title)
    return ax
