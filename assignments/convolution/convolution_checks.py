"""Public checks of the convolution assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs (integer-valued, so the
expected results, stored in ``convolution_expected.json``, are exact), says what is wrong in
words and names the typical mistakes it recognises. Passing them is necessary, not
sufficient: the hidden tests try more shapes, strides, paddings and seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from dlcourse import expected
from dlcourse.checking import call, passed
from dlcourse.compare import Mismatch, as_numeric_array, check_array, check_shape, check_tuple, close
from dlcourse.expected import Case


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


def _single_step_inputs() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    return _ints(rng, -3, 3, (3, 3, 4)), _ints(rng, -2, 2, (3, 3, 4)), np.array(-1.5).reshape(1, 1, 1)


CONV_HP = ((1, 1), (2, 1), (1, 0))  # (stride, pad)
POOL_HP = ((3, 1), (2, 2), (3, 2))  # (f, stride)
CASES = {
    "conv_single_step": Case("conv_single_step", _single_step_inputs()),
    **{
        f"conv_forward/{s}/{p}": Case("conv_forward", (*_public_conv_inputs(), {"stride": s, "pad": p}))
        for s, p in CONV_HP
    },
    **{
        f"pool_forward/{mode}/{f}/{s}": Case("pool_forward", (_public_pool_input(), {"f": f, "stride": s}, mode))
        for f, s in POOL_HP
        for mode in ("max", "average")
    },
    # dZ has the shape of conv_forward's Z for the same hyperparameters
    **{
        f"conv_backward/{s}/{p}": Case(
            "conv_backward",
            lambda value, s=s, p=p: (
                _public_dZ(value(f"conv_forward/{s}/{p}", 0).shape, seed=s),
                (*_public_conv_inputs(), {"stride": s, "pad": p}),
            ),
        )
        for s, p in CONV_HP
    },
}
EXPECTED = expected.load(__file__, CASES)


def _check_shape_named(name: str, got: Any, want: tuple[int, ...], wrong: dict[str, tuple[int, ...]]) -> np.ndarray:
    """check_shape, naming the mistake when the wrong shape is one that ``wrong`` lists."""
    arr = as_numeric_array(name, got)
    want = tuple(want)
    if arr.shape != want:
        for label, shape in wrong.items():
            if arr.shape == tuple(shape):
                raise Mismatch(
                    f"{name} has shape {arr.shape}, but it should have shape {want}. You get {arr.shape} by {label}."
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
            call("zero_pad", zero_pad, X, pad),
            want,
            {
                "padding every axis, examples and channels too: "
                "give np.pad the widths ((0, 0), (pad, pad), (pad, pad), (0, 0))": (
                    m + 2 * pad,
                    n_H + 2 * pad,
                    n_W + 2 * pad,
                    n_C + 2 * pad,
                ),
                "padding one side only: pad both sides, (pad, pad)": (m, n_H + pad, n_W + pad, n_C),
                "padding axes 0 and 1 (examples and rows) instead of 1 and 2 (rows and columns)": (
                    m + 2 * pad,
                    n_H + 2 * pad,
                    n_W,
                    n_C,
                ),
                "padding axes 2 and 3 (columns and channels) instead of 1 and 2 (rows and columns)": (
                    m,
                    n_H,
                    n_W + 2 * pad,
                    n_C + 2 * pad,
                ),
            },
        )
        inner = got[:, pad : pad + n_H, pad : pad + n_W, :]
        check_array(f"the interior of {name} (the original images)", inner, X, reveal=True)
        border = np.array(got, dtype=np.float64)
        border[:, pad : pad + n_H, pad : pad + n_W, :] = 0.0
        if np.any(border != 0):
            idx = tuple(int(i) for i in np.argwhere(border != 0)[0])
            raise Mismatch(
                f"{name}: the border should be zeros, but index {idx} holds {border[idx]:g}. "
                "Pad with mode='constant' and constant_values=0."
            )
    passed("zero_pad")


# --------------------------------------------------------------------------- conv_single_step


def check_conv_single_step(conv_single_step: Callable[..., Any]) -> None:
    got = call("conv_single_step", conv_single_step, *CASES["conv_single_step"].arguments(EXPECTED.value))
    name = "conv_single_step(a_slice_prev, W, b) for a window of shape (3, 3, 4)"
    if isinstance(got, np.ndarray) and got.ndim > 0 and got.size == 1:
        raise Mismatch(
            f"{name} returned an array of shape {got.shape}; it should return a float. "
            "b has shape (1, 1, 1), so adding it to a number makes a (1, 1, 1) array: add b.item() instead."
        )
    EXPECTED.check(name, got, "conv_single_step")
    passed("conv_single_step")


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
            m,
            (n_H_prev - f + 2 * pad) // stride,
            (n_W_prev - f + 2 * pad) // stride,
            n_C,
        ),
        "ignoring the stride in the size formula: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m,
            n_H_prev - f + 2 * pad + 1,
            n_W_prev - f + 2 * pad + 1,
            n_C,
        ),
        "ignoring the padding in the size formula: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m,
            (n_H_prev - f) // stride + 1,
            (n_W_prev - f) // stride + 1,
            n_C,
        ),
        "counting the padding on one side only: n_H = (n_H_prev - f + 2 * pad) // stride + 1": (
            m,
            (n_H_prev - f + pad) // stride + 1,
            (n_W_prev - f + pad) // stride + 1,
            n_C,
        ),
        "swapping n_H and n_W": (m, n_W, n_H, n_C),
        "making one output channel per input channel: there are W.shape[3] filters, one per output channel": (
            m,
            n_H,
            n_W,
            n_C_prev,
        ),
    }
    return {k: v for k, v in wrong.items() if v != (m, n_H, n_W, n_C)}


def check_conv_forward(conv_forward: Callable[..., Any]) -> None:
    A_prev, W, b = _public_conv_inputs()
    for stride, pad in CONV_HP:
        hp = {"stride": stride, "pad": pad}
        case = f"conv_forward/{stride}/{pad}"
        name = f"Z of conv_forward with stride={stride}, pad={pad}, A_prev {A_prev.shape}, W {W.shape}"
        out = check_tuple("conv_forward(...)", call("conv_forward", conv_forward, A_prev, W, b, hp), 2)
        Z, cache = out
        expected = EXPECTED.value(case, 0)
        _check_shape_named(name, Z, expected.shape, _conv_shape_mistakes(A_prev.shape, W.shape, stride, pad))
        mistakes = EXPECTED.mistakes(case, 0)

        def diagnose(hp: dict = hp, expected: np.ndarray = expected) -> str:
            flipped = call("conv_forward", conv_forward, A_prev, W[::-1, ::-1], b, hp)[0]
            if close(flipped, expected):
                return (
                    "Your function flips the kernel (a true convolution, as scipy.signal.convolve computes). "
                    "CNN layers compute a cross-correlation: multiply each window by W as it is, unflipped."
                )
            return ""

        _check_array_diagnosed(name, Z, expected, mistakes, diagnose)
        cache = check_tuple("the cache of conv_forward", cache, 4)
        _check_shape_named(
            "cache[0] (A_prev)",
            cache[0],
            A_prev.shape,
            {
                "caching the padded input: cache the original A_prev": (
                    A_prev.shape[0],
                    A_prev.shape[1] + 2 * pad,
                    A_prev.shape[2] + 2 * pad,
                    A_prev.shape[3],
                )
            },
        )
        check_array("cache[0] (A_prev)", cache[0], A_prev, reveal=True)
        check_array("cache[1] (W)", cache[1], W, reveal=True)
        check_array("cache[2] (b)", cache[2], b, reveal=True)
        if not isinstance(cache[3], dict) or cache[3].get("stride") != stride or cache[3].get("pad") != pad:
            raise Mismatch("cache[3] should be the hparameters dict conv_forward received.")
    passed("conv_forward")


# --------------------------------------------------------------------------- pool_forward


def check_pool_forward(pool_forward: Callable[..., Any]) -> None:
    A_prev = _public_pool_input()
    m, n_H_prev, n_W_prev, n_C = A_prev.shape
    for f, stride in POOL_HP:
        hp = {"f": f, "stride": stride}
        maxed = EXPECTED.value(f"pool_forward/max/{f}/{stride}", 0)
        n_H, n_W = maxed.shape[1:3]
        wrong_shapes = {
            "pooling over the channels too: pool each channel on its own, axis=(1, 2)": (m, n_H, n_W),
            "pooling over the channels too, with keepdims: pool each channel on its own, axis=(1, 2)": (m, n_H, n_W, 1),
            "ignoring the stride in the size formula: n_H = (n_H_prev - f) // stride + 1": (
                m,
                n_H_prev - f + 1,
                n_W_prev - f + 1,
                n_C,
            ),
            "using the size formula without its + 1: n_H = (n_H_prev - f) // stride + 1": (
                m,
                (n_H_prev - f) // stride,
                (n_W_prev - f) // stride,
                n_C,
            ),
            "swapping n_H and n_W": (m, n_W, n_H, n_C),
        }
        wrong_shapes = {k: v for k, v in wrong_shapes.items() if v != maxed.shape}
        for mode in ("max", "average"):
            case = f"pool_forward/{mode}/{f}/{stride}"
            expected = EXPECTED.value(case, 0)
            name = f"A of pool_forward(A_prev, {hp}, mode={mode!r}) for A_prev of shape {A_prev.shape}"
            A, cache = check_tuple("pool_forward(...)", call("pool_forward", pool_forward, A_prev, hp, mode=mode), 2)
            _check_shape_named(name, A, expected.shape, wrong_shapes)
            _check_array_diagnosed(name, A, expected, EXPECTED.mistakes(case, 0))
            cache = check_tuple("the cache of pool_forward", cache, 2)
            check_array("cache[0] (A_prev)", cache[0], A_prev, reveal=True)
            if not isinstance(cache[1], dict) or cache[1].get("f") != f or cache[1].get("stride") != stride:
                raise Mismatch("cache[1] should be the hparameters dict pool_forward received.")
    A_default = check_tuple("pool_forward(...)", call("pool_forward", pool_forward, A_prev, {"f": 2, "stride": 2}), 2)[
        0
    ]
    check_array(
        "pool_forward(A_prev, hparameters) without a mode (the default is 'max')",
        A_default,
        EXPECTED.value("pool_forward/max/2/2", 0),
        reveal=True,
    )
    passed("pool_forward")


# --------------------------------------------------------------------------- conv_backward


def check_conv_backward(conv_backward: Callable[..., Any]) -> None:
    A_prev, W, b = _public_conv_inputs()
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    n_C = W.shape[3]
    for stride, pad in CONV_HP:
        case = f"conv_backward/{stride}/{pad}"
        where = f"(stride={stride}, pad={pad}, A_prev {A_prev.shape}, W {W.shape})"
        out = call("conv_backward", conv_backward, *CASES[case].arguments(EXPECTED.value))
        dA_prev, dW, db = check_tuple("conv_backward(...)", out, 3)

        crop = "crop the padding with dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]"
        _check_shape_named(
            f"dA_prev {where}",
            dA_prev,
            A_prev.shape,
            {
                f"returning the padded gradient: {crop}": (m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev),
                f"slicing with pad:-pad, which is empty when pad = 0: {crop}": (m, 0, 0, n_C_prev),
            },
        )
        _check_shape_named(f"dW {where}", dW, W.shape, {})
        _check_shape_named(
            f"db {where}",
            db,
            b.shape,
            {"summing without keeping the dimensions: reshape db to (1, 1, 1, n_C)": (n_C,)},
        )
        for index, name, got in ((2, "db", db), (1, "dW", dW), (0, "dA_prev", dA_prev)):
            _check_array_diagnosed(f"{name} {where}", got, EXPECTED.value(case, index), EXPECTED.mistakes(case, index))
    passed("conv_backward")
