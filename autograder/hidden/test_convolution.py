"""Hidden tests of the convolution assignment (batch-first images, (m, n_H, n_W, n_C)).

Each test compares the student's function with the reference in float64 on random
shapes, strides, paddings and seeds, and names the typical mistake a wrong result
matches. Tolerances: rtol=1e-7 for these closed-form results, with atol=1e-12 so that
values which cancel to about 0 (sums of O(1) terms) may differ by rounding;
rtol=1e-5, atol=1e-7 against centered finite differences (autograder/oracle.py,
eps=1e-6; the forward pass is linear in each argument, so the differences are exact up
to rounding, about 1e-9).
"""

from __future__ import annotations

import numpy as np

from autograder.oracle import numerical_gradient
from autograder.testing import Mismatch, as_float, check_array, check_float, check_shape, check_tuple, graded
from dlcourse.compare import as_numeric_array

# graded function -> the graded functions it calls: while a test of the caller runs, the
# reference stands in for them (autograder/testing.py), so a mistake costs points once
CALLS = {"conv_forward": ("zero_pad", "conv_single_step"), "conv_backward": ("zero_pad",)}

RTOL, ATOL = 1e-7, 1e-12
FD_RTOL, FD_ATOL = 1e-5, 1e-7

# (m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad, seed): sizes differ from one
# another, strides do not always divide the padded size (the floor in the size formula).
CONV_CASES = [
    (2, 5, 6, 3, 3, 4, 1, 0, 101),
    (3, 6, 5, 2, 3, 3, 1, 1, 102),
    (2, 7, 6, 3, 2, 2, 1, 2, 103),
    (2, 7, 8, 2, 3, 3, 2, 1, 104),
    (1, 9, 7, 3, 3, 2, 3, 2, 105),
    (3, 6, 7, 4, 2, 5, 2, 0, 106),
]
POOL_CASES = [
    # (m, n_H_prev, n_W_prev, n_C, f, stride, seed)
    (2, 6, 7, 3, 2, 2, 201),
    (3, 5, 6, 2, 3, 1, 202),
    (2, 8, 7, 4, 3, 2, 203),
    (1, 7, 9, 3, 2, 3, 204),
]


def _normal(seed: int, *shapes: tuple[int, ...]) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s) for s in shapes]


def _conv_inputs(case):
    m, n_H_prev, n_W_prev, n_C_prev, f, n_C, stride, pad, seed = case
    A_prev, W, b = _normal(seed, (m, n_H_prev, n_W_prev, n_C_prev), (f, f, n_C_prev, n_C), (1, 1, 1, n_C))
    return A_prev, W, b, {"stride": stride, "pad": pad}


def _where(A_prev, W, hp) -> str:
    return f"for A_prev of shape {A_prev.shape}, W of shape {W.shape}, stride={hp['stride']}, pad={hp['pad']}"


def _check_shape_named(name, got, want, wrong):
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


def _conv_shape_mistakes(A_shape, W_shape, stride, pad):
    m, n_H_prev, n_W_prev, n_C_prev = A_shape
    f, n_C = W_shape[0], W_shape[3]
    n_H = (n_H_prev - f + 2 * pad) // stride + 1
    n_W = (n_W_prev - f + 2 * pad) // stride + 1
    wrong = {
        "using the size formula without its + 1": (
            m,
            (n_H_prev - f + 2 * pad) // stride,
            (n_W_prev - f + 2 * pad) // stride,
            n_C,
        ),
        "ignoring the stride in the size formula": (m, n_H_prev - f + 2 * pad + 1, n_W_prev - f + 2 * pad + 1, n_C),
        "ignoring the padding in the size formula": (
            m,
            (n_H_prev - f) // stride + 1,
            (n_W_prev - f) // stride + 1,
            n_C,
        ),
        "counting the padding on one side only": (
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


def _conv_value_mistakes(reference, A_prev, W, b, hp):
    Z = reference.conv_forward(A_prev, W, b, hp)[0]
    flipped = reference.conv_forward(A_prev, W[::-1, ::-1], b, hp)[0]
    mistakes = {
        "flipping the kernel (a true convolution; CNN layers compute a cross-correlation with W unflipped)": flipped,
        "forgetting the bias b": Z - b,
        "applying a ReLU (conv_forward returns the linear output Z)": np.maximum(Z, 0.0),
    }
    if hp["stride"] > 1:
        same = reference.conv_forward(A_prev, W, b, {"stride": 1, "pad": hp["pad"]})[0]
        mistakes["ignoring the stride when placing the window (vert_start = h * stride)"] = same[
            :, : Z.shape[1], : Z.shape[2], :
        ]
    return mistakes


def _Z(student, A_prev, W, b, hp):
    out = check_tuple("conv_forward(...)", student.conv_forward(A_prev, W, b, hp), 2)
    return out[0]


def _check_conv_values(student, reference, cases):
    for case in cases:
        A_prev, W, b, hp = _conv_inputs(case)
        expected = reference.conv_forward(A_prev, W, b, hp)[0]
        name = f"Z {_where(A_prev, W, hp)}"
        Z = _check_shape_named(
            name,
            _Z(student, A_prev, W, b, hp),
            expected.shape,
            _conv_shape_mistakes(A_prev.shape, W.shape, hp["stride"], hp["pad"]),
        )
        check_array(name, Z, expected, rtol=RTOL, atol=ATOL, mistakes=_conv_value_mistakes(reference, A_prev, W, b, hp))


# --------------------------------------------------------------------------- zero_pad


@graded(points=3, function="zero_pad", structure=True)
def test_zero_pad_output_shape(student, reference):
    """zero_pad pads the rows and the columns only, on both sides"""
    for shape, pad in (((2, 3, 4, 5), 1), ((1, 5, 5, 1), 3), ((3, 2, 6, 2), 2)):
        (X,) = _normal(sum(shape) + pad, shape)
        m, n_H, n_W, n_C = shape
        _check_shape_named(
            f"zero_pad(X, pad={pad}) for X of shape {shape}",
            student.zero_pad(X, pad),
            (m, n_H + 2 * pad, n_W + 2 * pad, n_C),
            {
                "padding every axis, the examples and channels too": (
                    m + 2 * pad,
                    n_H + 2 * pad,
                    n_W + 2 * pad,
                    n_C + 2 * pad,
                ),
                "padding one side only": (m, n_H + pad, n_W + pad, n_C),
                "padding axes 0 and 1 instead of 1 and 2": (m + 2 * pad, n_H + 2 * pad, n_W, n_C),
                "padding axes 2 and 3 instead of 1 and 2": (m, n_H, n_W + 2 * pad, n_C + 2 * pad),
            },
        )


@graded(points=4, function="zero_pad")
def test_zero_pad_values(student, reference):
    """zero_pad keeps each image in the middle and puts zeros around it"""
    for shape, pad, seed in (((2, 3, 4, 5), 2, 1), ((3, 4, 4, 2), 1, 2), ((1, 2, 3, 3), 3, 3)):
        (X,) = _normal(seed, shape)
        widths = ((0, 0), (pad, pad), (pad, pad), (0, 0))
        check_array(
            f"zero_pad(X, pad={pad}) for X of shape {shape}",
            student.zero_pad(X, pad),
            reference.zero_pad(X, pad),
            rtol=RTOL,
            mistakes={
                "padding with the edge values (mode='edge') instead of zeros": np.pad(X, widths, mode="edge"),
                "padding with reflected values (mode='reflect') instead of zeros": np.pad(X, widths, mode="reflect"),
                "padding with ones": np.pad(X, widths, mode="constant", constant_values=1.0),
            },
        )


@graded(points=1, function="zero_pad", structure=True)
def test_zero_pad_with_pad_zero(student, reference):
    """zero_pad with pad = 0 returns the images unchanged"""
    (X,) = _normal(4, (2, 3, 4, 2))
    check_array("zero_pad(X, pad=0) for X of shape (2, 3, 4, 2)", student.zero_pad(X, 0), X, rtol=RTOL)


@graded(points=2, function="zero_pad")
def test_zero_pad_single_channel_float32(student, reference):
    """zero_pad works on one grey image given in float32"""
    (X,) = _normal(5, (1, 4, 3, 1))
    X = X.astype(np.float32)
    check_array(
        "zero_pad(X, pad=2) for a float32 X of shape (1, 4, 3, 1)",
        student.zero_pad(X, 2),
        reference.zero_pad(X, 2),
        rtol=RTOL,
    )


# --------------------------------------------------------------------------- conv_single_step


def _single_step_cases():
    for f, n_C_prev, seed in ((3, 4, 11), (1, 1, 12), (5, 2, 13), (2, 3, 14)):
        a, W, b = _normal(seed, (f, f, n_C_prev), (f, f, n_C_prev), (1, 1, 1))
        yield f, n_C_prev, a, W, b


def _check_is_scalar(name, got):
    if isinstance(got, np.ndarray) and got.ndim > 0 and got.size == 1:
        raise Mismatch(
            f"{name} is an array of shape {got.shape}; it should be a float. b has shape (1, 1, 1), "
            "so adding it to a number makes a (1, 1, 1) array: add b.item() instead."
        )


@graded(points=5, function="conv_single_step")
def test_conv_single_step_values(student, reference):
    """conv_single_step on random windows, from 1x1x1 to 5x5x2"""
    for f, n_C_prev, a, W, b in _single_step_cases():
        name = f"conv_single_step(a_slice_prev, W, b) for a window of shape {(f, f, n_C_prev)}"
        got = student.conv_single_step(a, W, b)
        _check_is_scalar(name, got)
        expected = reference.conv_single_step(a, W, b)
        check_float(
            name,
            got,
            expected,
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "forgetting the bias b": expected - b.item(),
                "subtracting the bias": expected - 2 * b.item(),
                "taking the mean of the product instead of its sum": float(np.mean(a * W)) + b.item(),
            },
        )


@graded(points=3, function="conv_single_step", structure=True)
def test_conv_single_step_returns_a_float(student, reference):
    """conv_single_step returns one number (a float), not an array"""
    _, _, a, W, b = next(_single_step_cases())
    got = student.conv_single_step(a, W, b)
    name = "conv_single_step(a_slice_prev, W, b)"
    _check_is_scalar(name, got)
    as_float(name, got)  # any single number but a bool


@graded(points=2, function="conv_single_step", structure=True)
def test_conv_single_step_zero_window_gives_the_bias(student, reference):
    """conv_single_step on a window of zeros returns the bias"""
    _, _, _, W, b = next(_single_step_cases())
    got = student.conv_single_step(np.zeros(W.shape), W, b)
    name = "conv_single_step on a window of zeros"
    _check_is_scalar(name, got)
    check_float(
        name,
        got,
        b.item(),
        rtol=RTOL,
        atol=ATOL,
        mistakes={"forgetting the bias b": 0.0, "subtracting the bias": -b.item()},
    )


# --------------------------------------------------------------------------- conv_forward


@graded(points=5, function="conv_forward", structure=True)
def test_conv_forward_output_shape(student, reference):
    """conv_forward's output size, n_H = (n_H_prev - f + 2 pad) // stride + 1, on six layers"""
    for case in CONV_CASES:
        A_prev, W, b, hp = _conv_inputs(case)
        want = reference.conv_forward(A_prev, W, b, hp)[0].shape
        _check_shape_named(
            f"Z {_where(A_prev, W, hp)}",
            _Z(student, A_prev, W, b, hp),
            want,
            _conv_shape_mistakes(A_prev.shape, W.shape, hp["stride"], hp["pad"]),
        )


@graded(points=6, function="conv_forward")
def test_conv_forward_stride_1_no_padding(student, reference):
    """conv_forward with stride 1 and no padding"""
    _check_conv_values(student, reference, [CONV_CASES[0], (2, 4, 4, 2, 2, 3, 1, 0, 107)])


@graded(points=6, function="conv_forward")
def test_conv_forward_with_padding(student, reference):
    """conv_forward with stride 1 and padding 1 or 2"""
    _check_conv_values(student, reference, [CONV_CASES[1], CONV_CASES[2]])


@graded(points=7, function="conv_forward")
def test_conv_forward_with_stride(student, reference):
    """conv_forward with strides 2 and 3, with and without padding"""
    _check_conv_values(student, reference, CONV_CASES[3:])


@graded(points=3, function="conv_forward", structure=True)
def test_conv_forward_cache(student, reference):
    """conv_forward's cache is (A_prev, W, b, hparameters)"""
    A_prev, W, b, hp = _conv_inputs(CONV_CASES[3])
    cache = check_tuple("conv_forward(...)", student.conv_forward(A_prev, W, b, hp), 2)[1]
    cache = check_tuple("the cache of conv_forward", cache, 4)
    pad = hp["pad"]
    _check_shape_named(
        "cache[0]",
        cache[0],
        A_prev.shape,
        {
            "caching the padded input instead of A_prev": (
                A_prev.shape[0],
                A_prev.shape[1] + 2 * pad,
                A_prev.shape[2] + 2 * pad,
                A_prev.shape[3],
            )
        },
    )
    check_array("cache[0] (A_prev)", cache[0], A_prev, rtol=RTOL)
    check_array("cache[1] (W)", cache[1], W, rtol=RTOL)
    check_array("cache[2] (b)", cache[2], b, rtol=RTOL)
    if not isinstance(cache[3], dict) or cache[3].get("stride") != hp["stride"] or cache[3].get("pad") != pad:
        raise Mismatch("cache[3] should be the hparameters dict that conv_forward received.")


@graded(points=3, function="conv_forward")
def test_conv_forward_edge_cases(student, reference):
    """conv_forward with one example, 1x1 filters, and a filter as large as the image"""
    _check_conv_values(
        student,
        reference,
        [(1, 4, 5, 3, 1, 2, 1, 0, 108), (2, 4, 4, 2, 4, 3, 1, 0, 109), (1, 3, 3, 1, 3, 1, 2, 1, 110)],
    )


# --------------------------------------------------------------------------- pool_forward


def _pool_inputs(case):
    m, n_H_prev, n_W_prev, n_C, f, stride, seed = case
    (A_prev,) = _normal(seed, (m, n_H_prev, n_W_prev, n_C))
    return A_prev, {"f": f, "stride": stride}


def _pool_shape_mistakes(A_shape, f, stride):
    m, n_H_prev, n_W_prev, n_C = A_shape
    n_H, n_W = (n_H_prev - f) // stride + 1, (n_W_prev - f) // stride + 1
    wrong = {
        "pooling over the channels too: pool each channel on its own, axis=(1, 2)": (m, n_H, n_W),
        "pooling over the channels too, with keepdims: pool each channel on its own, axis=(1, 2)": (m, n_H, n_W, 1),
        "ignoring the stride in the size formula": (m, n_H_prev - f + 1, n_W_prev - f + 1, n_C),
        "using the size formula without its + 1": (m, (n_H_prev - f) // stride, (n_W_prev - f) // stride, n_C),
        "swapping n_H and n_W": (m, n_W, n_H, n_C),
    }
    return {k: v for k, v in wrong.items() if v != (m, n_H, n_W, n_C)}


def _pool_A(student, A_prev, hp, mode):
    name = f"A of pool_forward for A_prev of shape {A_prev.shape}, f={hp['f']}, stride={hp['stride']}, mode={mode!r}"
    out = check_tuple("pool_forward(...)", student.pool_forward(A_prev, hp, mode), 2)
    return name, out[0]


def _check_pool(student, reference, mode):
    for case in POOL_CASES:
        A_prev, hp = _pool_inputs(case)
        f, stride = hp["f"], hp["stride"]
        name, A = _pool_A(student, A_prev, hp, mode)
        expected = reference.pool_forward(A_prev, hp, mode)[0]
        A = _check_shape_named(name, A, expected.shape, _pool_shape_mistakes(A_prev.shape, f, stride))
        other = reference.pool_forward(A_prev, hp, "average" if mode == "max" else "max")[0]
        mistakes = {f"computing the {'average' if mode == 'max' else 'max'} (check the mode)": other}
        if mode == "average":
            n_C = A_prev.shape[3]
            mistakes.update(
                {
                    "dividing the window's sum by f instead of by its number of values, f * f": expected * f,
                    "summing the window without dividing by its number of values": expected * f * f,
                    "dividing by f * f * n_C (one channel's window holds f * f values)": expected / n_C,
                }
            )
        if stride > 1:
            same = reference.pool_forward(A_prev, {"f": f, "stride": 1}, mode)[0]
            mistakes["ignoring the stride when placing the window (vert_start = h * stride)"] = same[
                :, : expected.shape[1], : expected.shape[2], :
            ]
        check_array(name, A, expected, rtol=RTOL, atol=ATOL, mistakes=mistakes)


@graded(points=4, function="pool_forward", structure=True)
def test_pool_forward_output_shape(student, reference):
    """pool_forward's output size, n_H = (n_H_prev - f) // stride + 1, with channels kept apart"""
    for case in POOL_CASES:
        A_prev, hp = _pool_inputs(case)
        name, A = _pool_A(student, A_prev, hp, "max")
        _check_shape_named(
            name,
            A,
            reference.pool_forward(A_prev, hp, "max")[0].shape,
            _pool_shape_mistakes(A_prev.shape, hp["f"], hp["stride"]),
        )


@graded(points=6, function="pool_forward")
def test_pool_forward_max(student, reference):
    """max pooling on four layers"""
    _check_pool(student, reference, "max")


@graded(points=6, function="pool_forward")
def test_pool_forward_average(student, reference):
    """average pooling on four layers"""
    _check_pool(student, reference, "average")


@graded(points=4, function="pool_forward")
def test_pool_forward_default_mode_and_cache(student, reference):
    """pool_forward pools by max when no mode is given; its cache is (A_prev, hparameters)"""
    A_prev, hp = _pool_inputs(POOL_CASES[0])
    A, cache = check_tuple("pool_forward(A_prev, hparameters)", student.pool_forward(A_prev, hp), 2)
    check_array(
        "pool_forward(A_prev, hparameters) without a mode (the default is 'max')",
        A,
        reference.pool_forward(A_prev, hp, "max")[0],
        rtol=RTOL,
        mistakes={"average pooling": reference.pool_forward(A_prev, hp, "average")[0]},
    )
    cache = check_tuple("the cache of pool_forward", cache, 2)
    check_array("cache[0] (A_prev)", cache[0], A_prev, rtol=RTOL)
    if not isinstance(cache[1], dict) or cache[1].get("f") != hp["f"] or cache[1].get("stride") != hp["stride"]:
        raise Mismatch("cache[1] should be the hparameters dict that pool_forward received.")


# --------------------------------------------------------------------------- conv_backward


def _backward(student, reference, case):
    """The student's and the reference's gradients for a random dZ, as ((dA, dW, db), (dA, dW, db))."""
    A_prev, W, b, hp = _conv_inputs(case)
    Z = reference.conv_forward(A_prev, W, b, hp)[0]
    (dZ,) = _normal(case[-1] + 1000, Z.shape)
    cache = (A_prev, W, b, hp)
    got = check_tuple("conv_backward(...)", student.conv_backward(dZ, cache), 3)
    return got, reference.conv_backward(dZ, cache), (A_prev, W, b, hp, dZ)


def _check_backward_shapes(got, inputs):
    A_prev, W, b, hp, dZ = inputs
    m, n_H_prev, n_W_prev, n_C_prev = A_prev.shape
    pad, n_C = hp["pad"], W.shape[3]
    where = _where(A_prev, W, hp)
    crop = "crop it with dA_prev_pad[:, pad:pad + n_H_prev, pad:pad + n_W_prev, :]"
    dA = _check_shape_named(
        f"dA_prev {where}",
        got[0],
        A_prev.shape,
        {
            f"returning the padded gradient: {crop}": (m, n_H_prev + 2 * pad, n_W_prev + 2 * pad, n_C_prev),
            f"slicing with pad:-pad, which is empty when pad = 0: {crop}": (m, 0, 0, n_C_prev),
        },
    )
    dW = _check_shape_named(f"dW {where}", got[1], W.shape, {})
    db = _check_shape_named(
        f"db {where}", got[2], b.shape, {"summing without keeping the dimensions: reshape db to (1, 1, 1, n_C)": (n_C,)}
    )
    return dA, dW, db, where


BACKWARD_CASES = [CONV_CASES[0], CONV_CASES[1], CONV_CASES[3], CONV_CASES[4]]


@graded(points=4, function="conv_backward", structure=True)
def test_conv_backward_shapes(student, reference):
    """conv_backward returns (dA_prev, dW, db) shaped like (A_prev, W, b)"""
    for case in BACKWARD_CASES:
        got, _, inputs = _backward(student, reference, case)
        _check_backward_shapes(got, inputs)


@graded(points=5, function="conv_backward")
def test_conv_backward_db(student, reference):
    """conv_backward's db sums dZ over the examples and positions"""
    for case in BACKWARD_CASES:
        got, want, inputs = _backward(student, reference, case)
        _, _, db, where = _check_backward_shapes(got, inputs)
        m = inputs[0].shape[0]
        check_array(
            f"db {where}",
            db,
            want[2],
            rtol=RTOL,
            atol=ATOL,
            mistakes={"averaging over the examples (no 1/m here: dZ already holds the cost's derivative)": want[2] / m},
        )


@graded(points=7, function="conv_backward")
def test_conv_backward_dW(student, reference):
    """conv_backward's dW, with strides and paddings"""
    for case in BACKWARD_CASES:
        got, want, inputs = _backward(student, reference, case)
        _, dW, _, where = _check_backward_shapes(got, inputs)
        A_prev, W, b, hp, dZ = inputs
        m, n_H, n_W, _ = dZ.shape
        f, s = W.shape[0], hp["stride"]
        top, left = (n_H - 1) * s, (n_W - 1) * s  # the last window
        last = reference.zero_pad(A_prev, hp["pad"])[:, top : top + f, left : left + f, :]
        check_array(
            f"dW {where}",
            dW,
            want[1],
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "dividing by m (no 1/m here: dZ already holds the cost's derivative)": want[1] / m,
                "assigning dW with = instead of accumulating with += over the positions": np.einsum(
                    "mijc,mk->ijck", last, dZ[:, -1, -1, :]
                ),
            },
        )


@graded(points=7, function="conv_backward")
def test_conv_backward_dA_prev(student, reference):
    """conv_backward's dA_prev, with strides and paddings"""
    for case in BACKWARD_CASES:
        got, want, inputs = _backward(student, reference, case)
        dA, _, _, where = _check_backward_shapes(got, inputs)
        A_prev, W, b, hp, dZ = inputs
        flipped = reference.conv_backward(dZ, (A_prev, W[::-1, ::-1], b, hp))[0]
        check_array(
            f"dA_prev {where}",
            dA,
            want[0],
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "dividing by m (no 1/m here: dZ already holds the cost's derivative)": want[0] / A_prev.shape[0],
                "using the flipped kernel": flipped,
            },
        )


def _finite_differences(reference, A_prev, W, b, hp, dZ):
    """Centered differences of the cost sum(conv_forward(A_prev, W, b) * dZ) for each argument."""

    def cost(A_, W_, b_):
        return float(np.sum(reference.conv_forward(A_, W_, b_, hp)[0] * dZ))

    return {
        "dA_prev": numerical_gradient(lambda x: cost(x, W, b), A_prev),
        "dW": numerical_gradient(lambda x: cost(A_prev, x, b), W),
        "db": numerical_gradient(lambda x: cost(A_prev, W, x), b),
    }


@graded(points=7, function="conv_backward")
def test_conv_backward_matches_finite_differences(student, reference):
    """conv_backward agrees with centered finite differences of the cost sum(Z * dZ)"""
    for case in [(2, 4, 5, 2, 3, 2, 1, 1, 301), (1, 5, 4, 2, 2, 3, 2, 1, 302)]:
        A_prev, W, b, hp = _conv_inputs(case)
        Z = reference.conv_forward(A_prev, W, b, hp)[0]
        (dZ,) = _normal(case[-1] + 1000, Z.shape)
        got = check_tuple("conv_backward(...)", student.conv_backward(dZ, (A_prev, W, b, hp)), 3)
        dA, dW, db, where = _check_backward_shapes(got, (A_prev, W, b, hp, dZ))

        numeric = _finite_differences(reference, A_prev, W, b, hp, dZ)
        for label, grad in (("dA_prev", dA), ("dW", dW), ("db", db)):
            check_array(
                f"{label} {where}, against finite differences", grad, numeric[label], rtol=FD_RTOL, atol=FD_ATOL
            )
