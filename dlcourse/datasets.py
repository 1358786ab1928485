"""Datasets for the course, all offline: generated in code, or shipped with
scikit-learn (pinned in requirements.txt). Column-major as in the lectures:
``X`` has shape ``(n_x, m)``, ``Y`` shape ``(1, m)``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np


def train_test_split_columns(
    X: np.ndarray, Y: np.ndarray, test_fraction: float, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Shuffle the columns of ``X``, ``Y`` and split off ``test_fraction`` of them."""
    m = X.shape[1]
    perm = rng.permutation(m)
    n_test = int(round(m * test_fraction))
    test, train = perm[:n_test], perm[n_test:]
    return X[:, train], Y[:, train], X[:, test], Y[:, test]


def digits(classes: tuple[int, ...] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's 8x8 handwritten digits (1797 images, shipped with the package).

    Returns ``X`` of shape ``(64, m)`` scaled to [0, 1] and integer labels ``y`` of
    shape ``(m,)``, keeping only ``classes`` when given.
    """
    from sklearn.datasets import load_digits

    data = load_digits()
    X, y = data.data / 16.0, data.target
    if classes is not None:
        keep = np.isin(y, classes)
        X, y = X[keep], y[keep]
    return X.T.astype(np.float64), y.astype(np.int64)


def digits_binary(
    positive: tuple[int, ...], negative: tuple[int, ...], test_fraction: float = 0.25, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A binary task on the digits: label 1 for ``positive`` digits, 0 for ``negative``.

    Returns ``X_train, Y_train, X_test, Y_test`` with ``Y`` of shape ``(1, m)``.
    """
    X, y = digits(tuple(positive) + tuple(negative))
    Y = np.isin(y, positive).astype(np.float64).reshape(1, -1)
    return train_test_split_columns(X, Y, test_fraction, np.random.default_rng(seed))


def planar_flower(m: int = 400, petals: int = 4, noise: float = 0.2, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """A two-class 'flower' in the plane: petals of alternating classes.

    No line separates the classes, so logistic regression stays near chance while
    one hidden layer can learn the petals. Returns ``X (2, m)`` and ``Y (1, m)``.
    """
    rng = np.random.default_rng(seed)
    n = m // 2
    X = np.zeros((m, 2))
    Y = np.zeros((m, 1))
    for j in range(2):
        ix = range(n * j, n * (j + 1))
        t = np.linspace(j * np.pi, (j + 1) * np.pi, n) + rng.standard_normal(n) * noise
        r = petals * np.sin(petals * t) + rng.standard_normal(n) * noise
        X[ix] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[ix] = j
    return X.T, Y.T


def moons(m: int = 400, noise: float = 0.2, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's two interleaving half circles: ``X (2, m)``, ``Y (1, m)``."""
    from sklearn.datasets import make_moons

    X, y = make_moons(n_samples=m, noise=noise, random_state=seed)
    return X.T.astype(np.float64), y.reshape(1, -1).astype(np.float64)


def circles(m: int = 400, noise: float = 0.1, factor: float = 0.5, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """scikit-learn's two concentric circles: ``X (2, m)``, ``Y (1, m)``."""
    from sklearn.datasets import make_circles

    X, y = make_circles(n_samples=m, noise=noise, factor=factor, random_state=seed)
    return X.T.astype(np.float64), y.reshape(1, -1).astype(np.float64)


def load_mnist_npz(path: str | Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Real MNIST from a file the user supplies (Keras's ``mnist.npz`` layout:
    ``x_train, y_train, x_test, y_test``). Nothing in the course needs it; it is
    never downloaded. Returns images scaled to [0, 1], batch-first, and labels."""
    with np.load(Path(path)) as f:
        return f["x_train"] / 255.0, f["y_train"], f["x_test"] / 255.0, f["y_test"]
