"""dlcourse.datasets: offline data in the course's column-major layout."""

import numpy as np

from dlcourse import datasets


def test_digits_binary_is_column_major_and_labelled_0_1():
    X_train, Y_train, X_test, Y_test = datasets.digits_binary((1,), (0,))
    assert X_train.shape[0] == 64 and Y_train.shape == (1, X_train.shape[1])
    assert X_test.shape[1] == Y_test.shape[1] > 0
    assert set(np.unique(Y_train)) == {0.0, 1.0}
    assert 0.0 <= X_train.min() and X_train.max() <= 1.0


def test_planar_flower_is_balanced_and_reproducible():
    X, Y = datasets.planar_flower(m=400)
    X2, _ = datasets.planar_flower(m=400)
    assert X.shape == (2, 400) and Y.shape == (1, 400)
    assert Y.mean() == 0.5
    np.testing.assert_array_equal(X, X2)


def test_split_partitions_the_columns():
    X = np.arange(20.0).reshape(2, 10)
    Y = (np.arange(10) % 2).reshape(1, 10).astype(float)
    Xa, Ya, Xb, Yb = datasets.train_test_split_columns(X, Y, 0.3, np.random.default_rng(0))
    assert Xa.shape[1] == 7 and Xb.shape[1] == 3
    assert sorted(np.concatenate([Xa[0], Xb[0]])) == sorted(X[0])
    np.testing.assert_array_equal(np.concatenate([Xa, Xb], 1)[1] - 10, np.concatenate([Xa, Xb], 1)[0])
