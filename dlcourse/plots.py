"""Plots the notebooks share: cost curves, decision boundaries and 8x8 digit images."""

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


def show_digits(
    X: np.ndarray,
    Y: np.ndarray | None = None,
    probabilities: np.ndarray | None = None,
    ncols: int = 6,
) -> plt.Figure:
    """Draw the images in the columns of ``X`` (shape ``(64, k)``) as 8x8 pictures.

    ``Y`` (shape ``(1, k)``) adds each label to its title, ``probabilities`` (shape
    ``(1, k)``) the model's probability that the image is a 1.
    """
    k = X.shape[1]
    nrows = -(-k // ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.4 * ncols, 1.6 * nrows), squeeze=False)
    for j, ax in enumerate(axes.flat):
        ax.axis("off")
        if j >= k:
            continue
        ax.imshow(X[:, j].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        title = []
        if Y is not None:
            title.append(f"y={int(Y[0, j])}")
        if probabilities is not None:
            title.append(f"a={probabilities[0, j]:.2f}")
        ax.set_title(" ".join(title), fontsize=9)
    fig.tight_layout()
    return fig
