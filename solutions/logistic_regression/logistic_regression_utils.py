"""Plotting helpers for the logistic_regression assignment (complete: nothing to implement here)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def show_weights(w: np.ndarray, title: str = "") -> plt.Axes:
    """Draw the 64 weights of ``w`` (shape ``(64, 1)``) as an 8x8 image, 0 in white."""
    fig, ax = plt.subplots(figsize=(3.6, 3))
    limit = np.abs(w).max() or 1.0
    image = ax.imshow(w.reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
    fig.colorbar(image, ax=ax)
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=9)
    return ax
