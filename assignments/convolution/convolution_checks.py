"""Public checks of the convolution assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs (integer-valued, so the
expected results, stored at the bottom of this file, are exact), says what is wrong in
words and names the typical mistakes it recognises. Passing them is necessary, not
sufficient: the hidden tests try more shapes, strides, paddings and seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlcourse.compare import Mismatch, as_numeric_array, check_array, check_float, check_shape, check_tuple, close


def _passed(function: str) -> None:
    print(f"✓ {function} passed its public checks")


def _ints(rng: np.random.Generator, low: int, high: int, shape: tuple[int, ...]) -> np.ndarray:
    return rng.integers(low, high + 1, size=shape).astype(np.float64)


def _public_conv_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A_prev (2, 4, 5, 3), W (3, 3, 3, 2), b (1, 1, 1, 2): m, n_H_prev, n_W_prev and n_C differ,
    so a swapped axis shows up in a shape."""
    rng = np.random.default_rng(7)
    A_prev = _ints(rng, -3, 3, (2, 4, 5, 3))
    W = _ints(rng, -2, 2, (3, 3, 3, 2))
    b = np.array([1.0, -2.0]).reshape(1, 1, 1, 2)
    return A_prev, W, b


def _public_dZ(shape: tuple[int, ...], seed: int) -> np.ndarray:
    return _ints(np.random.default_rng(seed), -2, 2, shape)


def _public_pool_input() -> np.ndarray:
    return _ints(np.random.default_rng(11), -5, 5, (2, 5, 6, 3))


def _check_shape_named(name: str, got: Any, want: tuple[int, ...], wrong: dict[str, tuple[int, ...]]) -> np.ndarray:
    """check_shape, naming the mistake when the wrong shape is one that ``wrong`` lists."""
    arr = as_numeric_array(name, got)
    want = tuple(want)
    if arr.shape != want:
        for label, shape in wrong.items():
            if arr.shape == tuple(shape):
                raise Mismatch(
                    f"{name} has shape {arr.shape}, but it should have shape {want}. "
                    f"You get {arr.shape} by {label}."
                )
    return check_shape(name, arr, want)


def _check_array_diagnosed(
    name: str, got: Any, expected: np.ndarray, mistakes: dict, diagnose: Callable[[], str] | None = None
) -> np.ndarray:
    """check_array with reveal=True; ``diagnose()`` may return one more hint when the values are off."""
    try:
        return check_array(name, got, expected, mistakes=mistakes, reveal=True)
    except Mismatch as exc:
        hint = ""
        if diagnose is not None:
            try:
                hint = diagnose() or ""
            except Exception:  # the diagnosis calls your function again; its own failure says nothing new
                hint = ""
        raise Mismatch(f"{exc} {hint}".strip()) from None


# --------------------------------------------------------------------------- zero_pad


def check_zero_pad(zero_pad: Callable[..., Any]) -> None:
    rng = np.random.default_rng(3)
    X = _ints(rng, 1, 9, (2, 3, 4, 5))  # no zeros inside, so any zero in the interior is a mistake
    for pad in (2, 1, 0):
        m, n_H, n_W, n_C = X.shape
        name = f"zero_pad(X, pad={pad}) for X of shape {X.shape}"
        want = (m, n_H + 2 * pad, n_W + 2 * pad, n_C)
        got = _check_shape_named(
            name,
            zero_pad(X.copy(), pad),
            want,
            {
                "padding every axis, examples and channels too: "
                "give np.pad the widths ((0, 0), (pad, pad), (pad, pad), (0, 0))": (
                    m + 2 * pad, n_H + 2 * pad, n_W + 2 * pad, n_C + 2 * pad),
                "padding one side only: pad both sides, (pad, pad)": (m, n_H + pad, n_W + pad, n_C),
                "padding axes 0 and 1 (examples and rows) instead of 1 and 2 (rows and columns)": (
                    m + 2 * pad, n_H + 2 * pad, n_W, n_C),
                "padding axes 2 and 3 (columns and channels) instead of 1 and 2 (rows and columns)": (
                    m, n_H, n_W + 2 * pad, n_C + 2 * pad),
            },
        )
        inner = got[:, pad:pad + n_H, pad:pad + n_W, :]
        check_array(f"the interior of {name} (the original images)", inner, X, reveal=True)
        border = np.array(got, dtype=np.float64)
        border[:, pad:pad + n_H, pad:pad + n_W, :] = 0.0
        if np.any(border != 0):
            idx = tuple(int(i) for i in np.argwhere(border != 0)[0])
            raise Mismatch(
                f"{name}: the border should be zeros, but index {idx} holds {border[idx]:g}. "
                "Pad with mode='constant' and constant_values=0."
            )
    _passed("zero_pad")


# --------------------------------------------------------------------------- conv_single_step


def check_conv_single_step(conv_single_step: Callable[..., Any]) -> None:
    rng = np.random.default_rng(5)
    a_slice = _ints(rng, -3, 3, (3, 3, 4))
    W = _ints(rng, -2, 2, (3, 3, 4))
    b = np.array(-1.5).reshape(1, 1, 1)
    got = conv_single_step(a_slice.copy(), W.copy(), b.copy())
    name = "conv_single_step(a_slice_prev, W, b) for a window of shape (3, 3, 4)"
    if isinstance(got, np.ndarray) and got.ndim > 0 and got.size == 1:
        raise Mismatch(
            f"{name} returned an array of shape {got.shape}; it should return a float. "
            "b has shape (1, 1, 1), so adding it to a number makes a (1, 1, 1) array: add b.item() instead."
        )
    expected = _EXPECTED["conv_single_step"]
    check_float(
        name,
        got,
        expected,
        reveal=True,
        mistakes={
            "forgetting the bias b": expected - b.item(),
            "subtracting the bias instead of adding it": expected - 2 * b.item(),
            "taking the mean of the product instead of its sum": np.mean(a_slice * W) + b.item(),
        },
    )
    _passed("conv_single_step")


# --------------------------------------------------------------------------- conv_forward


def _conv_shape_mistakes(
    A_shape: tuple[int, ...], W_shape: tuple[int, ...], stride: int, pad: int
) -> dict[str, tuple[int, ...]]:
    m, n_H_prev, n_W_prev, n_C_prev = A_shape
    f, _, _, n_C = W_shape
    n_H = (n_H_prev - f + 2 * pad) // stride + 1
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    wrong = {
        "using the size formula without its + 1: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m, (n_H_prev - f + 2 * pad) // stride, (n_W_prev - f + 2 * pad) // stride, n_C),
        "ignoring the stride in the size formula: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m, n_H_prev - f + 2 * pad + 1, n_W_prev - f + 2 * pad + 1, n_C),
        "ignoring the padding in the size formula: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m, (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1, n_C),
        "counting the padding on one side only: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m, (n_H_prev - f + pad) // stride + 1, (n_W_prev - f + pad) // stride + 1, n_C),
        "swapping n_H and n_W": (m, n_W, n_H, n_C),
        "making one output channel per input channel: there are W.shape[3] filters, one per output channel": (
            m, n_H, n_W, n_C_prev),
    }
    return {k: v for k, v in wrong.items() if v != (m, n_H, n_W, n_C)}


def check_conv_forward(conv_forward: Callable[..., Any]) -> None:
    A_prev, W, b = _public_conv_inputs()
    z_same = _EXPECTED["conv_forward"][(1, 1)]
    for stride, pad in ((1, 1), (2, 1), (1, 0)):
        hp = {"stride": stride, "pad": pad}
        name = f"Z of conv_forward with stride={stride}, pad={pad}, A_prev {A_prev.shape}, W {W.shape}"
        out = check_tuple("conv_forward(...)", conv_forward(A_prev.copy(), W.copy(), b.copy(), dict(hp)), 2)
        Z, cache = out
        expected = _EXPECTED["conv_forward"][(stride, pad)]
        _check_shape_named(name, Z, expected.shape, _conv_shape_mistakes(A_prev.shape, W.shape, stride, pad))
        mistakes = {
            "forgetting the bias b": expected - b,
            "applying a ReLU (conv_forward returns the linear output Z)": np.maximum(expected, 0.0),
        }
        if stride > 1:
            n_H, n_W = expected.shape[1:3]
            mistakes["ignoring the stride when you place the window (vert_start = h * stride)"] = (
                z_same[:, :n_H, :n_W, :])

        def diagnose(hp: dict = hp, expected: np.ndarray = expected) -> str:
            flipped = conv_forward(A_prev.copy(), W[::-1, ::-1].copy(), b.copy(), dict(hp))[0]
            if close(flipped, expected):
                return (
                    "Your function flips the kernel (a true convolution, as scipy.signal.convolve computes). "
                    "CNN layers compute a cross-correlation: multiply each window by W as it is, unflipped."
                )
            return ""

        _check_array_diagnosed(name, Z, expected, mistakes, diagnose)
        cache = check_tuple("the cache of conv_forward", cache, 4)
        _check_shape_named(
            "cache[0] (A_prev)", cache[0], A_prev.shape,
            {"caching the padded input: cache the original A_prev": (
                A_prev.shape[0], A_prev.shape[1] + 2 * pad, A_prev.shape[2] + 2 * pad, A_prev.shape[3])},
        )
        check_array("cache[0] (A_prev)", cache[0], A_prev, reveal=True)
        check_array("cache[1] (W)", cache[1], W, reveal=True)
        check_array("cache[2] (b)", cache[2], b, reveal=True)
        if not isinstance(cache[3], dict) or cache[3].get("stride") != stride or cache[3].get("pad") != pad:
            raise Mismatch("cache[3] should be the hparameters dict conv_forward received.")
    _passed("conv_forward")


# --------------------------------------------------------------------------- pool_forward


def check_pool_forward(pool_forward: Callable[..., Any]) -> None:
    A_prev = _public_pool_input()
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    data = _EXPECTED["pool_forward"]
    for f, stride in ((3, 1), (2, 2), (3, 2)):
        hp = {"f": f, "stride": stride}
        maxed, summed = data[(f, stride)]
        averaged = summed / f**2
        n_H, n_W = maxed.shape[1:3]
        wrong_shapes = {
            "pooling over the channels too: pool each channel on its own, axis=(1, 2)": (m, n_H, n_W),
            "pooling over the channels too, with keepdims: pool each channel on its own, axis=(1, 2)": (
                m, n_H, n_W, 1),
            "ignoring the stride in the size formula: n_H = (n_H_prev - f) // stride + 1": (
                m, n_H_prev - f + 1, n_W_prev - f + 1, n_C),
            "using the size formula without its + 1: n_H = (n_H_prev - f) // stride + 1": (
                m, (n_H_prev - f) // stride, (n_W_prev - f) // stride, n_C),
            "swapping n_H and n_W": (m, n_W, n_H, n_C),
        }
        wrong_shapes = {k: v for k, v in wrong_shapes.items() if v != maxed.shape}
        for mode, expected in (("max", maxed), ("average", averaged)):
            name = f"A of pool_forward(A_prev, {hp}, mode={mode!r}) for A_prev of shape {A_prev.shape}"
            A, cache = check_tuple("pool_forward(...)", pool_forward(A_prev.copy(), dict(hp), mode=mode), 2)
            _check_shape_named(name, A, expected.shape, wrong_shapes)
            mistakes = {}
            if mode == "max":
                mistakes["averaging (check which mode you are in)"] = averaged
            else:
                mistakes.update({
                    "taking the max (check which mode you are in)": maxed,
                    f"dividing the window's sum by f = {f} instead of by its number of values, f * f = {f * f}":
                        summed / f,
                    "summing the window without dividing by its number of values": summed,
                    f"dividing by f * f * n_C = {f * f * n_C} (one channel's window holds f * f = {f * f} values)":
                        summed / (f * f * n_C),
                })
            if stride > 1 and f == 3:
                same_max, same_sum = data[(3, 1)]
                same = same_max if mode == "max" else same_sum / 9
                mistakes["ignoring the stride when you place the window (vert_start = h * stride)"] = (
                    same[:, :n_H, :n_W, :])
            _check_array_diagnosed(name, A, expected, mistakes)
            cache = check_tuple("the cache of pool_forward", cache, 2)
            check_array("cache[0] (A_prev)", cache[0], A_prev, reveal=True)
            if not isinstance(cache[1], dict) or cache[1].get("f") != f or cache[1].get("stride") != stride:
                raise Mismatch("cache[1] should be the hparameters dict pool_forward received.")
    A_default = pool_forward(A_prev.copy(), {"f": 2, "stride": 2})[0]
    check_array("pool_forward(A_prev, hparameters) without a mode (the default is 'max')",
                A_default, data[(2, 2)][0], reveal=True)
    _passed("pool_forward")


# --------------------------------------------------------------------------- conv_backward


def check_conv_backward(conv_backward: Callable[..., Any]) -> None:
    A_prev, W, b = _public_conv_inputs()
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    n_C = W.shape[3]
    for stride, pad in ((1, 1), (2, 1), (1, 0)):
        hp = {"stride": stride, "pad": pad}
        e = _EXPECTED["conv_backward"][(stride, pad)]
        dZ = _public_dZ(e["dZ_shape"], seed=stride)
        where = f"(stride={stride}, pad={pad}, A_prev {A_prev.shape}, W {W.shape})"
        out = conv_backward(dZ.copy(), (A_prev.copy(), W.copy(), b.copy(), dict(hp)))
        dA_prev, dW, db = check_tuple("conv_backward(...)", out, 3)

        crop = "crop the padding with dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]"
        _check_shape_named(
            f"dA_prev {where}", dA_prev, A_prev.shape,
            {
                f"returning the padded gradient: {crop}": (m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev),
                f"slicing with pad:-pad, which is empty when pad = 0: {crop}": (m, 0, 0, n_C_prev),
            },
        )
        _check_shape_named(f"dW {where}", dW, W.shape, {})
        _check_shape_named(
            f"db {where}", db, b.shape,
            {"summing without keeping the dimensions: reshape db to (1, 1, 1, n_C)": (n_C,)},
        )
        db_mistakes = {
            "averaging over the examples (no 1/m here: dZ already holds the cost's derivative)": e["db"] / m,
        }
        _check_array_diagnosed(f"db {where}", db, e["db"], db_mistakes)
        dW_mistakes = {"dividing by m (no 1/m here: dZ already holds the cost's derivative)": e["dW"] / m}
        if "dW_overwrite" in e:
            dW_mistakes["assigning dW with = instead of accumulating with += over the positions (h, w)"] = (
                e["dW_overwrite"])
        _check_array_diagnosed(f"dW {where}", dW, e["dW"], dW_mistakes)
        dA_mistakes = {"dividing by m (no 1/m here: dZ already holds the cost's derivative)": e["dA_prev"] / m}
        if "dA_prev_overwrite" in e:
            dA_mistakes[
                "assigning to the window of dA_prev_pad with = instead of adding with += (overlapping windows add up)"
            ] = e["dA_prev_overwrite"]
        _check_array_diagnosed(f"dA_prev {where}", dA_prev, e["dA_prev"], dA_mistakes)
    _passed("conv_backward")


# --------------------------------------------------------------------------- expected values
# The results of the public inputs above, computed once from the reference solution.
# Integer inputs give integer results, stored exactly.


def _ints_array(values: list[int], shape: tuple[int, ...]) -> np.ndarray:
    return np.array(values, dtype=np.float64).reshape(shape)


_EXPECTED: dict = {"conv_forward": {}, "pool_forward": {}, "conv_backward": {}}
_EXPECTED["conv_single_step"] = -7.5
_EXPECTED["conv_forward"][(1, 1)] = _ints_array(
    [
        10, 11, 0, -17, -3, 4, 21, -7, 8, -3, 5, 0, -2, -25, 7, 25, -7, 12, 12, -11, 20, 19, 11, 29, -4,
        36, 1, 2, 16, -10, 3, -9, 24, -3, 9, 19, -10, 15, -5, -5, -20, -16, -7, -1, -5, -12, -25, -8,
        -3, 3, 1, -32, -19, 18, -11, -4, -4, 9, 3, 8, -29, -9, 10, 2, -3, 10, -20, 8, 8, 8, -6, 3, -16,
        15, 8, -25, 10, -10, 5, 6
    ],
    (2, 4, 5, 2),
) + np.array([1.0, -2.0]).reshape(1, 1, 1, 2)
_EXPECTED["conv_forward"][(2, 1)] = _ints_array(
    [
        10, 11, -3, 4, 8, -3, 20, 19, -4, 36, 16, -10, -20, -16, -5, -12, -3, 3, -29, -9, -3, 10, 8, 8
    ],
    (2, 2, 3, 2),
) + np.array([1.0, -2.0]).reshape(1, 1, 1, 2)
_EXPECTED["conv_forward"][(1, 0)] = _ints_array(
    [
        -2, -25, 7, 25, -7, 12, 11, 29, -4, 36, 1, 2, -19, 18, -11, -4, -4, 9, 10, 2, -3, 10, -20, 8
    ],
    (2, 2, 3, 2),
) + np.array([1.0, -2.0]).reshape(1, 1, 1, 2)
_EXPECTED["pool_forward"][(3, 1)] = (
    _ints_array(
    [
        5, 5, 5, 2, 5, 5, 5, 4, 5, 5, 4, 5, 5, 5, 5, 4, 5, 5, 5, 4, 5, 5, 4, 5, 5, 5, 5, 5, 5, 5, 5, 4,
        5, 5, 4, 5, 5, 5, 3, 5, 5, 4, 5, 4, 4, 5, 4, 4, 5, 5, 2, 5, 5, 4, 5, 4, 4, 5, 4, 4, 5, 5, 3, 5,
        5, 4, 5, 5, 4, 5, 5, 4
    ],
    (2, 3, 4, 3),
),
    _ints_array(
    [
        3, -4, 20, -8, 3, 10, -4, -3, 6, -2, 8, 5, 13, 12, 18, -1, 8, -3, 3, 7, -4, 7, 7, -16, 16, 13,
        9, 0, 0, -2, 7, -11, -2, 3, -8, -6, 7, -5, -21, 11, -5, -21, 16, -17, -13, 10, -11, -10, 12,
        -11, -12, 10, -2, -7, 19, -13, -9, 9, -13, -11, 18, -4, -3, 17, 6, 5, 26, -10, 4, 7, -6, -4
    ],
    (2, 3, 4, 3),
),
)
_EXPECTED["pool_forward"][(2, 2)] = (
    _ints_array(
    [
        5, 1, 4, 2, 4, 5, 2, 3, 5, 5, 5, 5, 3, 4, 2, 5, 4, 5, 1, 4, 3, 5, 3, 0, 4, 2, 4, 3, 5, 2, 5, 4,
        4, 5, 0, -1
    ],
    (2, 2, 3, 3),
),
    _ints_array(
    [
        0, -6, 8, -5, 0, 6, -3, 1, 2, 11, 16, 9, -2, -4, -5, 10, 1, -4, -3, 5, -9, 3, -8, -11, 3, -8,
        -6, -1, -5, -1, 11, -1, 6, 9, -8, -10
    ],
    (2, 2, 3, 3),
),
)
_EXPECTED["pool_forward"][(3, 2)] = (
    _ints_array(
    [
        5, 5, 5, 5, 4, 5, 5, 5, 5, 5, 4, 5, 5, 5, 3, 5, 4, 4, 5, 5, 3, 5, 5, 4
    ],
    (2, 2, 2, 3),
),
    _ints_array(
    [
        3, -4, 20, -4, -3, 6, 16, 13, 9, 7, -11, -2, 7, -5, -21, 16, -17, -13, 18, -4, -3, 26, -10, 4
    ],
    (2, 2, 2, 3),
),
)
_EXPECTED["conv_backward"][(1, 1)] = {
    "dZ_shape": (2, 4, 5, 2),
    "dA_prev": _ints_array(
        [
            6, 2, -4, -8, 6, 1, 4, -2, 8, -3, -9, -10, 4, 7, 12, 0, -5, -7, 6, 12, -3, 8, 9, 5, -9, 0, -5,
            -5, 7, 14, 0, -14, -14, 22, -5, -1, 0, 3, 1, 6, 2, 3, -9, 15, 11, 14, -6, -8, -4, -1, 2, 3, -7,
            -9, -9, 1, 2, -2, 0, 8, -7, 8, 4, -3, -2, 4, -6, 0, -5, 8, 14, -7, -4, 10, -7, -6, 11, 2, 6, -1,
            7, -3, -13, -7, -3, -6, 2, 9, -5, -11, -6, 1, 1, 4, -3, 13, 0, 1, -11, -8, 5, -5, 0, 10, 1, 4,
            3, 2, -1, -1, 11, -1, -16, -12, 4, -4, 1, 3, 2, 6
        ],
        (2, 4, 5, 3),
    ),
    "dW": _ints_array(
        [
            -10, 15, -5, 6, -16, -11, -1, -9, 3, 10, 21, 19, 16, -18, -10, -9, 1, -13, 16, 9, 10, -12, -25,
            -7, 9, 0, 2, 22, 42, 10, 25, 21, 12, -13, 0, -34, 1, 4, -37, 1, -29, 7, 21, -11, -4, 9, -13, 24,
            14, 0, 14, -10, -16, -13
        ],
        (3, 3, 3, 2),
    ),
    "db": _ints_array(
        [
            -1, 0
        ],
        (1, 1, 1, 2),
    ),
    "dA_prev_overwrite": _ints_array(
        [
            2, 2, 2, 0, 0, 0, 0, 0, 0, -2, -2, -2, 0, 0, 4, 0, 0, 0, -1, -1, -1, 1, 1, 1, -1, -1, -1, -2, 0,
            3, -2, -2, -2, 0, 0, 0, -1, -1, -1, -1, -1, -1, 2, 0, 1, 6, -6, -2, -2, 2, 2, 5, -5, -3, 1, -1,
            1, -2, -1, 2, 0, 0, 0, -1, -1, -1, -2, -2, -2, 2, 2, 2, -6, 0, -1, -2, -2, -2, 1, 1, 1, 1, 1, 1,
            1, 1, 1, -4, 0, 0, -2, -2, -2, 0, 0, 0, 0, 0, 0, -2, -2, -2, 2, 0, 3, 2, -2, 2, 2, -2, -2, 4,
            -4, -4, 0, 0, 4, -4, 0, 4
        ],
        (2, 4, 5, 3),
    ),
    "dW_overwrite": _ints_array(
        [
            -3, -9, -1, -2, 1, 4, -1, -4, -1, 0, 3, 3, 0, 0, 0, 0, 0, 0, 1, 0, 1, -1, -1, -4, -3, -7, 1, 2,
            -1, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0
        ],
        (3, 3, 3, 2),
    ),
}
_EXPECTED["conv_backward"][(2, 1)] = {
    "dZ_shape": (2, 2, 3, 2),
    "dA_prev": _ints_array(
        [
            -2, -5, 2, -1, 1, 5, -2, 3, 2, -8, 0, -6, 4, 2, -4, 4, -2, 0, -7, 12, -1, -8, 2, 6, 3, -12, -1,
            6, 0, -7, -4, -2, 4, -7, -1, -3, 2, 3, -2, 3, -1, -4, 2, -3, -2, -4, 0, 4, -6, -3, -2, 1, 1, 0,
            7, -5, -2, 4, -2, -6, -4, -6, 4, 6, -10, -4, -4, -6, 4, 1, -5, -1, -2, -1, 2, -6, -2, 0, 0, 0,
            6, -4, -2, 1, -6, 0, 0, 0, 0, 5, 2, 3, -2, -2, 4, 3, 0, 2, 0, -2, 0, 3, -4, 0, 4, 1, 1, 0, 1, 0,
            0, -1, 1, 2, -1, 3, 4, -5, 1, 6
        ],
        (2, 4, 5, 3),
    ),
    "dW": _ints_array(
        [
            8, 3, -2, -2, 1, -1, 4, -12, -4, 4, -4, -6, -1, 9, 4, -4, -6, -1, -7, -2, 3, -14, -15, 14, -5,
            5, -6, -1, 21, 6, 3, -6, 19, -17, -9, -1, 12, 11, 7, 2, 4, -2, 0, -3, 2, 7, 16, -8, -14, 6, -1,
            14, 3, -5
        ],
        (3, 3, 3, 2),
    ),
    "db": _ints_array(
        [
            2, -6
        ],
        (1, 1, 1, 2),
    ),
}
_EXPECTED["conv_backward"][(1, 0)] = {
    "dZ_shape": (2, 2, 3, 2),
    "dA_prev": _ints_array(
        [
            0, 0, 0, 2, 2, 2, -4, -2, -5, -2, -2, 8, 4, 0, -4, 2, 2, 2, -1, -1, -9, -2, 2, 8, 8, 6, 5, -12,
            0, -6, 2, -2, -6, 5, -6, -5, 11, 6, 2, -7, 0, 5, 2, -6, 2, 4, -6, -4, 4, 1, -6, 3, 5, 4, 1, -5,
            -4, -2, 4, 0, 2, 2, 2, -6, 0, -1, 0, -6, 5, 4, -2, -1, -2, 2, 0, -6, 2, -2, 3, 7, 3, 10, 4, -6,
            -2, 0, -1, -2, 4, 1, -4, -1, 2, 0, 1, -3, 4, -11, -10, 8, -5, 2, 3, 2, 2, -4, 6, 4, -2, -2, 6,
            6, -10, -6, 2, 3, -4, -2, 4, 0
        ],
        (2, 4, 5, 3),
    ),
    "dW": _ints_array(
        [
            9, 12, -8, -4, 15, 6, -1, -7, 11, 14, 13, -9, -3, -16, -2, -8, -3, 2, 4, -8, -2, -4, 5, 10, 21,
            9, 11, 5, -7, -4, 15, -2, -2, 5, -6, 9, 15, 7, -3, 0, 4, 3, -5, -14, -1, -10, 9, 2, 3, 7, 5, 8,
            -13, -13
        ],
        (3, 3, 3, 2),
    ),
    "db": _ints_array(
        [
            3, 2
        ],
        (1, 1, 1, 2),
    ),
}
