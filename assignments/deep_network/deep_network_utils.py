"""Plotting helpers for the deep_network assignment (complete: nothing to implement here)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


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
