"""Plotting utilities of the cnn_keras assignment (complete: nothing to implement here)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np


def plot_feature_maps(
    image: np.ndarray, activations: Sequence[np.ndarray], names: Sequence[str], max_maps: int = 16
) -> plt.Figure:
    """One image and what each layer makes of it.

    ``image`` has shape (n_H, n_W, n_C); ``activations`` holds one array per layer for a
    batch of one image (as ``layer_activations`` returns them), ``names`` the layers'
    names. Every 4-D activation (a convolution or a pooling) gets a row of its first
    ``max_maps`` channels, each map on its own colour scale (dark = large); the last two
    1-D activations (the hidden units and the output) get bar charts. Flatten's output,
    a reshaped copy of the layer before it, is skipped.
    """
    maps = [(n, a[0]) for n, a in zip(names, activations, strict=True) if a.ndim == 4]
    vectors = [(n, a[0]) for n, a in zip(names, activations, strict=True) if a.ndim == 2 and "flatten" not in n][-2:]
    cols = max_maps + 1
    rows = len(maps) + (1 if vectors else 0)
    fig = plt.figure(figsize=(cols * 0.75, rows * 0.95 + (1.2 if vectors else 0)))
    grid = fig.add_gridspec(rows, cols, height_ratios=[1] * len(maps) + ([1.8] if vectors else []))
    for r, (name, a) in enumerate(maps):
        ax = fig.add_subplot(grid[r, 0])
        ax.imshow(image[:, :, 0], cmap="gray_r")
        ax.set_ylabel(
            f"{name}\n{a.shape[0]}x{a.shape[1]}x{a.shape[2]}", fontsize=7, rotation=0, ha="right", va="center"
        )
        ax.set_xticks([])
        ax.set_yticks([])
        for c in range(min(max_maps, a.shape[2])):
            ax = fig.add_subplot(grid[r, c + 1])
            ax.imshow(a[:, :, c], cmap="gray_r")
            ax.axis("off")
    if vectors:
        half = cols // 2
        for k, (name, v) in enumerate(vectors):
            ax = fig.add_subplot(grid[rows - 1, k * half : (k + 1) * half - (1 if k == 0 else 0)])
            ax.bar(np.arange(len(v)), v, color="C0" if k == 0 else "C1")
            ax.set_title(f"{name} ({len(v)} values)", fontsize=8)
            if len(v) <= 20:  # the output: one bar per class, each labelled
                ax.set_xticks(np.arange(len(v)))
            ax.tick_params(labelsize=6)
    fig.suptitle("one test image through the network", fontsize=10)
    fig.tight_layout()
    return fig
