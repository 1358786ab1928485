"""Hidden tests of the cnn_keras assignment (batch-first images, (m, n_H, n_W, n_C)).

Keras models cannot leave the student's process, so the model tests go through drivers
(autograder/sandbox/drivers/cnn_keras.py) that build the student's network, set given
weights and return plain data; the reference goes through the same drivers.
``predict_classes`` and ``layer_activations`` are graded on the drivers' fixed probe
network, so a wrong ``build_cnn`` does not cost their points. Tolerances: exact
reshapes rtol=1e-7; float32 forward passes rtol=1e-5 with atol=1e-6; the loss after
Adam steps rtol=1e-4 (float32 arithmetic, an update of about the learning rate per
weight).
"""

from __future__ import annotations

import math

import numpy as np

from autograder.student import NamespaceStudent, StudentError
from autograder.testing import Mismatch, check_array, check_float, check_shape, graded
from dlcourse.compare import as_numeric_array

ASSIGNMENT = "cnn_keras"
F32_RTOL, F32_ATOL = 1e-5, 1e-6
BUILDER = "build_cnn"
# (input_shape, n_classes): the default, and a shape whose sides the poolings do not
# halve evenly, with two channels and another number of classes.
CNN_CASES = [((8, 8, 1), 10), ((7, 6, 2), 3)]


def _reference(reference):
    return NamespaceStudent(vars(reference), ASSIGNMENT)


def _kwargs(input_shape, n_classes, learning_rate=1e-3):
    return {"input_shape": tuple(input_shape), "n_classes": n_classes, "learning_rate": learning_rate}


# ---------------------------------------------------------------- to_images (5)


@graded(points=5, function="to_images")
def test_to_images(student, reference):
    """to_images: examples first, each column reshaped row by row, float32"""
    rng = np.random.default_rng(1)
    for n_H, n_W, m in [(8, 8, 5), (3, 4, 6), (5, 2, 3)]:
        X = rng.random((n_H * n_W, m))
        name = f"to_images(X, n_H={n_H}, n_W={n_W}) for X of shape {X.shape}"
        got = student.to_images(X, n_H, n_W)
        check_array(
            name,
            got,
            reference.to_images(X, n_H, n_W),
            rtol=1e-7,
            mistakes={
                "reshaping X without transposing it first": X.reshape(-1, n_H, n_W, 1),
                "filling each image column by column": X.T.reshape(-1, n_W, n_H, 1).transpose(0, 2, 1, 3),
            },
        )
        if as_numeric_array(name, got).dtype != np.float32:
            raise Mismatch(f"{name} has dtype {np.asarray(got).dtype}; return float32, Keras's dtype.")


# ---------------------------------------------------------------- conv_output_shape (10)


def _is_int(v):
    if isinstance(v, np.ndarray):  # a NumPy integer travels as a 0-d array
        return v.ndim == 0 and v.dtype.kind in "iu"
    return isinstance(v, int) and not isinstance(v, bool)


def _check_conv_shape(student, reference, case, mistakes):
    input_shape, filters, f, s, padding = case
    name = f"conv_output_shape({input_shape}, {filters}, {f}, strides={s}, padding={padding!r})"
    got = student.conv_output_shape(input_shape, filters, f, s, padding)
    want = reference.conv_output_shape(input_shape, filters, f, s, padding)
    if not isinstance(got, (tuple, list)) or len(got) != 3:
        raise Mismatch(f"{name} should be a tuple of 3 ints (n_H, n_W, n_C); it is {type(got).__name__}.")
    if not all(_is_int(v) for v in got):
        raise Mismatch(f"{name} should hold three ints; it holds {[type(v).__name__ for v in got]}.")
    got = tuple(int(v) for v in got)
    if got != tuple(want):
        for label, wrong in mistakes(input_shape, filters, f, s).items():
            if got == tuple(wrong):
                raise Mismatch(f"{name} is {got}, which is not right: it is what {label} gives.")
        raise Mismatch(f"{name} is {got}, which is not right.")


def _valid_mistakes(input_shape, filters, f, s):
    n_H, n_W, _ = input_shape
    return {
        "the formula without its + 1": ((n_H - f) // s, (n_W - f) // s, filters),
        "ignoring the stride": (n_H - f + 1, n_W - f + 1, filters),
        "rounding up instead of down": (math.ceil((n_H - f) / s) + 1, math.ceil((n_W - f) / s) + 1, filters),
        "keeping the input's channels": ((n_H - f) // s + 1, (n_W - f) // s + 1, input_shape[2]),
    }


def _same_mistakes(input_shape, filters, f, s):
    n_H, n_W, _ = input_shape
    return {
        "the 'valid' formula": ((n_H - f) // s + 1, (n_W - f) // s + 1, filters),
        "rounding down instead of up": (n_H // s, n_W // s, filters),
        "ignoring the stride": (n_H, n_W, filters),
    }


@graded(points=5, function="conv_output_shape")
def test_conv_output_shape_valid(student, reference):
    """conv_output_shape: 'valid' padding, strides that do and do not divide"""
    for case in [
        ((8, 8, 1), 16, 3, 1, "valid"),
        ((9, 7, 3), 5, 2, 2, "valid"),
        ((11, 10, 2), 4, 3, 3, "valid"),
        ((6, 13, 4), 2, 4, 2, "valid"),
    ]:
        _check_conv_shape(student, reference, case, _valid_mistakes)


@graded(points=5, function="conv_output_shape")
def test_conv_output_shape_same(student, reference):
    """conv_output_shape: 'same' padding, with strides 1, 2 and 3"""
    for case in [
        ((8, 8, 1), 32, 3, 1, "same"),
        ((9, 7, 3), 6, 3, 2, "same"),
        ((10, 11, 2), 4, 5, 3, "same"),
        ((5, 4, 1), 3, 2, 2, "same"),
    ]:
        _check_conv_shape(student, reference, case, _same_mistakes)


# ---------------------------------------------------------------- build_cnn (55)


def _describe(student, reference, input_shape, n_classes):
    kwargs = _kwargs(input_shape, n_classes)
    return student.drive("describe_model", BUILDER, kwargs), _reference(reference).drive(
        "describe_model", BUILDER, kwargs
    )


@graded(points=15, function="build_cnn")
def test_cnn_layers_and_output_shapes(student, reference):
    """build_cnn: the layers, in order, and their output shapes"""
    for input_shape, n_classes in CNN_CASES:
        where = f"build_cnn(input_shape={input_shape}, n_classes={n_classes})"
        got, want = _describe(student, reference, input_shape, n_classes)
        if got["layers"] != want["layers"]:
            raise Mismatch(f"{where} has the layers {got['layers']}; the assignment asks for {want['layers']}.")
        for i, (g, w) in enumerate(zip(got["output_shapes"], want["output_shapes"], strict=True)):
            if tuple(g) != tuple(w):
                raise Mismatch(
                    f"layer {i + 1} ({got['layers'][i]}) of {where} has output shape {tuple(g)}, which is "
                    "not right: check its filters or units, its kernel or pool size and its padding."
                )


@graded(points=10, function="build_cnn")
def test_cnn_parameter_counts(student, reference):
    """build_cnn: the number of parameters of every layer"""
    for input_shape, n_classes in CNN_CASES:
        where = f"build_cnn(input_shape={input_shape}, n_classes={n_classes})"
        got, want = _describe(student, reference, input_shape, n_classes)
        if len(got["params"]) != len(want["params"]):
            raise Mismatch(f"{where} has {len(got['params'])} layers; it should have {len(want['params'])}.")
        for i, (g, w) in enumerate(zip(got["params"], want["params"], strict=True)):
            if g != w:
                raise Mismatch(f"layer {i + 1} ({got['layers'][i]}) of {where} has {g} parameters, which is not right.")
        if sum(got["params"]) != sum(want["params"]):
            raise Mismatch(f"{where} does not have the right number of parameters.")


@graded(points=5, function="build_cnn")
def test_cnn_activations_and_float32_output(student, reference):
    """build_cnn: ReLU and softmax activations; a float32 output under mixed precision"""
    got, want = _describe(student, reference, (8, 8, 1), 10)
    if got["activations"] != want["activations"]:
        raise Mismatch(
            f"the activations of build_cnn's layers are {got['activations']}; "
            "use ReLU after the convolutions and the hidden Dense layer, softmax at the output."
        )
    dtype = student.drive("output_dtype_under_mixed_precision", BUILDER, _kwargs((8, 8, 1), 10))
    if dtype != "float32":
        raise Mismatch(
            f"built under the mixed_float16 policy, build_cnn's output is {dtype}: create the output "
            'layer with dtype="float32" so that the softmax stays in float32.'
        )


@graded(points=5, function="build_cnn")
def test_cnn_compiled_with_adam(student, reference):
    """build_cnn: compiled with Adam and the learning rate asked for"""
    got = student.drive("describe_model", BUILDER, _kwargs((8, 8, 1), 10, learning_rate=0.004))
    if not got["compiled"]:
        raise Mismatch("build_cnn returns a model that is not compiled.")
    if got["optimizer"] != "Adam":
        raise Mismatch(f"build_cnn compiles with {got['optimizer']}; use keras.optimizers.Adam(learning_rate).")
    check_float("the learning rate of build_cnn(..., learning_rate=0.004)", got["learning_rate"], 0.004, rtol=1e-6)


def _weights_for(reference, kwargs, seed, scale=0.3):
    shapes = _reference(reference).drive("describe_model", BUILDER, kwargs)["weight_shapes"]
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * scale).astype(np.float32) for s in shapes]


@graded(points=10, function="build_cnn")
def test_cnn_forward_pass(student, reference):
    """build_cnn: the probabilities it outputs with given weights"""
    for (input_shape, n_classes), seed in zip(CNN_CASES, [11, 12], strict=True):
        kwargs = _kwargs(input_shape, n_classes)
        weights = _weights_for(reference, kwargs, seed)
        x = np.random.default_rng(seed + 100).random((4, *input_shape)).astype(np.float32)
        name = f"the output of build_cnn(input_shape={input_shape}, n_classes={n_classes}) with given weights"
        got = student.drive("predict", BUILDER, kwargs, weights, x)
        want = _reference(reference).drive("predict", BUILDER, kwargs, weights, x)
        check_array(name, got, want, rtol=F32_RTOL, atol=F32_ATOL)


@graded(points=10, function="build_cnn")
def test_cnn_training_steps_lower_the_loss(student, reference):
    """build_cnn: its compiled loss, and two training steps that lower it"""
    kwargs = _kwargs((8, 8, 1), 10, learning_rate=1e-3)
    weights = _weights_for(reference, kwargs, 21)
    rng = np.random.default_rng(22)
    x = rng.random((8, 8, 8, 1)).astype(np.float32)
    y = rng.integers(0, 10, size=8)
    got = student.drive("train_steps", BUILDER, kwargs, weights, x, y, 2)
    want = _reference(reference).drive("train_steps", BUILDER, kwargs, weights, x, y, 2)
    check_float(
        "build_cnn's compiled loss on given weights (the cross-entropy for integer labels)",
        got["loss_before"],
        want["loss_before"],
        rtol=1e-5,
    )
    if not got["loss_after"] < got["loss_before"]:
        raise Mismatch("two training steps of build_cnn's model did not lower its loss.")
    check_float(
        "the loss after two training steps of build_cnn's model", got["loss_after"], want["loss_after"], rtol=1e-4
    )


# ---------------------------------------------------------------- predict_classes (10)


@graded(points=10, function="predict_classes")
def test_predict_classes(student, reference):
    """predict_classes: the most probable class of every image, as integers"""
    for input_shape, n_classes, seed, m in [((5, 7, 2), 6, 32, 12)]:
        images = np.random.default_rng(seed).random((m, *input_shape)).astype(np.float32)
        name = f"predict_classes(model, images) for {m} images of shape {input_shape} and {n_classes} classes"
        got = student.drive("predict_classes", input_shape, n_classes, seed, images)
        want = _reference(reference).drive("predict_classes", input_shape, n_classes, seed, images)
        arr = check_shape(name, got, (m,))
        if arr.dtype.kind not in "iu":
            raise Mismatch(f"{name} has dtype {arr.dtype}; the classes should be integers (np.argmax gives them).")
        if not np.array_equal(arr, want):
            raise Mismatch(
                f"{name}: {int(np.sum(arr != want))} of {m} classes are not the most probable one. "
                "Take the argmax over the classes (axis 1), not over the images."
            )


# ---------------------------------------------------------------- layer_activations (20)


def _activations(student, reference, input_shape, n_classes, seed, m, functional):
    images = np.random.default_rng(seed).random((m, *input_shape)).astype(np.float32)
    args = (input_shape, n_classes, seed, images, functional)
    try:
        got = student.drive("layer_activations", *args)
    except StudentError as exc:
        if not functional or "TypeError" not in str(exc):
            raise
        raise Mismatch(
            f"{exc} The model was a functional one: its model.layers starts with an InputLayer, "
            "which is not applied to data; leave it out."
        ) from None
    return got, _reference(reference).drive("layer_activations", *args)


def _check_structure(name, got, want):
    if not isinstance(got, list):
        raise Mismatch(f"{name} should be a list of arrays, one per layer; it is a {type(got).__name__}.")
    if len(got) != len(want):
        hint = " Leave out the InputLayer." if len(got) == len(want) + 1 else ""
        raise Mismatch(f"{name} has {len(got)} arrays for a model of {len(want)} layers.{hint}")
    for i, (g, w) in enumerate(zip(got, want, strict=True)):
        check_shape(f"array {i} of {name}", g, np.shape(w))


@graded(points=10, function="layer_activations")
def test_layer_activations_one_per_layer(student, reference):
    """layer_activations: one array per layer, with the layer's output shape (Sequential and functional)"""
    for functional in (False, True):
        kind = "a functional model" if functional else "a Sequential model"
        got, want = _activations(student, reference, (6, 6, 1), 3, 41, 2, functional)
        _check_structure(f"layer_activations(model, images) for {kind} of 5 layers", got, want)


@graded(points=10, function="layer_activations")
def test_layer_activations_values(student, reference):
    """layer_activations: the values of every layer's output"""
    for input_shape, n_classes, seed, m, functional in [((6, 6, 1), 3, 51, 3, False), ((7, 5, 2), 4, 52, 2, True)]:
        name = f"layer_activations(model, images) for {m} images of shape {input_shape}"
        got, want = _activations(student, reference, input_shape, n_classes, seed, m, functional)
        _check_structure(name, got, want)
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            check_array(f"array {i} of {name}", g, w, rtol=F32_RTOL, atol=F32_ATOL)
