"""Public checks of the cnn_keras assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs, says what is wrong in
words and names the typical mistakes it recognises. Expected shapes come from Keras's
own layers and from the architecture table of the notebook; expected activations of a
small public model are stored at the bottom of this file. Passing these checks is
necessary, not sufficient: the hidden tests try other shapes and weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from dlcourse.compare import Mismatch, as_numeric_array, check_array, check_float, check_shape


def _passed(function: str) -> None:
    print(f"✓ {function} passed its public checks")


def _call(name: str, f: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return f(*args, **kwargs)
    except NotImplementedError:
        raise Mismatch(f"{name} raised NotImplementedError: write the function first.") from None
    except Exception as exc:
        text = str(exc).strip().splitlines()
        raise Mismatch(f"{name} raised {type(exc).__name__}: {text[0][:300] if text else ''}") from None


# --------------------------------------------------------------------------- to_images


def check_to_images(to_images: Callable[..., Any]) -> None:
    X = np.arange(24.0).reshape(12, 2) / 24  # two 3x4 images, one per column
    name = "to_images(X, n_H=3, n_W=4) for X of shape (12, 2)"
    got = check_shape(name, _call(name, to_images, X, 3, 4), (2, 3, 4, 1))
    want = X.T.reshape(2, 3, 4, 1)
    check_array(
        name,
        got,
        want,
        reveal=True,
        mistakes={
            "reshaping X without transposing it first": X.reshape(-1, 3, 4, 1),
            "filling each image column by column": X.T.reshape(-1, 4, 3, 1).transpose(0, 2, 1, 3),
        },
    )
    if got.dtype != np.float32:
        raise Mismatch(f"{name} has dtype {got.dtype}; return float32 (.astype(np.float32)), Keras's dtype.")
    _passed("to_images")


# --------------------------------------------------------------------------- conv_output_shape


def _keras_shape(input_shape: tuple[int, int, int], filters: int, f: int, s: int, padding: str) -> tuple:
    layer = keras.layers.Conv2D(filters, f, strides=s, padding=padding)
    return tuple(int(n) for n in layer.compute_output_shape((None, *input_shape))[1:])


def check_conv_output_shape(conv_output_shape: Callable[..., Any]) -> None:
    cases = [
        ((8, 8, 1), 32, 3, 1, "same"),
        ((8, 8, 1), 16, 3, 1, "valid"),
        ((9, 7, 3), 4, 2, 2, "valid"),
        ((9, 7, 3), 4, 3, 2, "same"),
        ((4, 4, 32), 32, 2, 2, "valid"),  # what a 2x2 max-pooling does to the channels' grid
    ]
    for input_shape, filters, f, s, padding in cases:
        name = f"conv_output_shape({input_shape}, {filters}, {f}, strides={s}, padding={padding!r})"
        got = _call(name, conv_output_shape, input_shape, filters, f, s, padding)
        want = _keras_shape(input_shape, filters, f, s, padding)
        if not isinstance(got, tuple) or len(got) != 3:
            raise Mismatch(f"{name} should be a tuple of 3 ints; it is {got!r}.")
        if tuple(int(v) for v in got) != want:
            raise Mismatch(f"{name} is {got}, but Keras's Conv2D gives {want}.")
    _passed("conv_output_shape")


# --------------------------------------------------------------------------- build_cnn

_LAYERS = ["Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Flatten", "Dense", "Dense"]
_SHAPES_8x8 = [
    (None, 8, 8, 32),
    (None, 4, 4, 32),
    (None, 4, 4, 64),
    (None, 2, 2, 64),
    (None, 256),
    (None, 64),
    (None, 10),
]
_PARAMS_8x8 = [320, 0, 18496, 0, 0, 16448, 650]
_ACTIVATIONS = ["relu", None, "relu", None, None, "relu", "softmax"]


def _layers(model: keras.Model) -> list:
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def check_build_cnn(build_cnn: Callable[..., Any]) -> None:
    name = "build_cnn(input_shape=(8, 8, 1), n_classes=10, learning_rate=0.002)"
    model = _call(name, build_cnn, (8, 8, 1), 10, 0.002)
    if not isinstance(model, keras.Model):
        raise Mismatch(f"{name} returned a {type(model).__name__}; it should return a keras.Model.")
    if not model.inputs:
        raise Mismatch(f"{name} has no input shape: start the Sequential with keras.Input(shape=input_shape).")
    layers = _layers(model)
    kinds = [type(layer).__name__ for layer in layers]
    if kinds != _LAYERS:
        raise Mismatch(f"{name} has the layers {kinds}; the table asks for {_LAYERS}.")
    for i, layer in enumerate(layers):
        shape = tuple(layer.output.shape)
        if shape != _SHAPES_8x8[i]:
            raise Mismatch(
                f"layer {i + 1} ({kinds[i]}) of {name} has output shape {shape}, but the table says {_SHAPES_8x8[i]}."
            )
        params = layer.count_params()
        if params != _PARAMS_8x8[i]:
            raise Mismatch(
                f"layer {i + 1} ({kinds[i]}) of {name} has {params} parameters, but the table says {_PARAMS_8x8[i]}."
            )
        activation = getattr(getattr(layer, "activation", None), "__name__", None)
        if activation != _ACTIVATIONS[i]:
            raise Mismatch(
                f"layer {i + 1} ({kinds[i]}) of {name} has activation {activation!r}; it should be {_ACTIVATIONS[i]!r}."
            )
    if layers[-1].dtype_policy.name != "float32" or layers[-1].compute_dtype != "float32":
        raise Mismatch(f'the output layer of {name} should be created with dtype="float32".')
    if getattr(model, "optimizer", None) is None or not model.compiled:
        raise Mismatch(f"{name} is not compiled: call model.compile(...) before returning it.")
    if type(model.optimizer).__name__ != "Adam":
        raise Mismatch(f"{name} is compiled with {type(model.optimizer).__name__}; use keras.optimizers.Adam.")
    check_float(f"the learning rate of {name}", float(model.optimizer.learning_rate), 0.002, rtol=1e-6, reveal=True)
    x = np.random.default_rng(0).random((3, 8, 8, 1)).astype(np.float32)
    y = np.array([0, 5, 9])
    probs = model(x)
    loss = float(model.compute_loss(x=x, y=y, y_pred=probs, training=False))
    want = float(-np.mean(np.log(np.asarray(probs)[np.arange(3), y])))
    check_float(
        f"the compiled loss of {name} (the cross-entropy for integer labels)", loss, want, rtol=1e-4, reveal=True
    )
    other = _call("build_cnn(input_shape=(12, 10, 3), n_classes=4)", build_cnn, (12, 10, 3), 4)
    shape = tuple(other.outputs[0].shape)
    if shape != (None, 4):
        raise Mismatch(
            f"build_cnn(input_shape=(12, 10, 3), n_classes=4) outputs shape {shape}, not (None, 4): "
            "use the arguments, not 8 and 10."
        )
    first = _layers(other)[0].count_params()
    if first != 3 * 3 * 3 * 32 + 32:
        raise Mismatch(
            f"the first layer of build_cnn(input_shape=(12, 10, 3), ...) has {first} parameters, "
            "not 3 * 3 * 3 * 32 + 32 = 896: the input shape must come from input_shape."
        )
    _passed("build_cnn")


# --------------------------------------------------------------------------- predict_classes and layer_activations


def _public_model(functional: bool = False) -> keras.Model:
    """A tiny fixed CNN with integer-valued weights: 3x3x1 images, 3 classes."""
    layers = [
        keras.layers.Conv2D(2, 2, activation="relu"),
        keras.layers.Flatten(),
        keras.layers.Dense(3, activation="softmax"),
    ]
    inputs = keras.Input(shape=(3, 3, 1))
    if functional:
        x = inputs
        for layer in layers:
            x = layer(x)
        model = keras.Model(inputs, x)
    else:
        model = keras.Sequential([inputs, *layers])
    kernel = np.array([[1.0, -1.0], [0.0, 1.0], [1.0, 0.0], [-1.0, 1.0]]).reshape(2, 2, 1, 2)
    dense = (np.arange(24.0).reshape(8, 3) % 5 - 2) / 4
    model.set_weights([kernel, np.array([0.0, 0.5]), dense, np.array([0.1, 0.0, -0.1])])
    return model


def _public_images() -> np.ndarray:
    return (np.arange(36.0).reshape(4, 3, 3, 1) % 7 / 6).astype(np.float32)


def check_predict_classes(predict_classes: Callable[..., Any]) -> None:
    model, images = _public_model(), _public_images()
    name = "predict_classes(model, images) for 4 images and 3 classes"
    got = check_shape(name, _call(name, predict_classes, model, images), (4,))
    if got.dtype.kind not in "iu":
        raise Mismatch(f"{name} has dtype {got.dtype}; the classes should be integers.")
    want = np.argmax(_EXPECTED_ACTIVATIONS[-1], axis=1)
    if not np.array_equal(got, want):
        raise Mismatch(
            f"{name} is {got.tolist()}, but the most probable classes are {want.tolist()}: "
            "take the argmax over the classes (axis 1)."
        )
    _passed("predict_classes")


def check_layer_activations(layer_activations: Callable[..., Any]) -> None:
    for functional in (False, True):
        model, images = _public_model(functional), _public_images()
        kind = "a functional model" if functional else "a Sequential model"
        name = f"layer_activations(model, images) for {kind} of 3 layers and 4 images"
        try:
            got = _call(name, layer_activations, model, images)
        except Mismatch as exc:
            if functional and "TypeError" in str(exc):
                raise Mismatch(
                    f"{exc} A functional model's model.layers starts with an InputLayer, which is not "
                    "applied to data: leave it out."
                ) from None
            raise
        if not isinstance(got, (list, tuple)):
            raise Mismatch(f"{name} should be a list of arrays, one per layer; it is a {type(got).__name__}.")
        if len(got) != 3:
            hint = " Leave out the InputLayer." if len(got) == 4 else ""
            raise Mismatch(f"{name} has {len(got)} arrays; it should have 3, one per layer.{hint}")
        for i, (a, want) in enumerate(zip(got, _EXPECTED_ACTIVATIONS, strict=True)):
            if tf.is_tensor(a):
                raise Mismatch(f"array {i} of {name} is a tensor; return NumPy arrays (np.asarray or .numpy()).")
            as_numeric_array(f"array {i} of {name}", a)
            check_array(f"array {i} of {name}", a, want, rtol=1e-5, atol=1e-6, reveal=True)
    _passed("layer_activations")


# --------------------------------------------------------------------------- stored results
# The outputs of the public model's three layers on the public images (computed once with
# Keras, float32): the convolution (4, 2, 2, 2), the flattened vector (4, 8), the
# probabilities (4, 3).
_EXPECTED_ACTIVATIONS = [
    np.array(
        [
            [[[0.0, 1.3333334], [1e-07, 1.5]], [[1.5, 0.6666667], [0.5, 0.8333333]]],
            [[[0.1666666, 1.6666666], [1.5, 0.6666667]], [[0.6666666, 1.0], [0.8333334, 0.0]]],
            [[[0.5, 0.8333333], [0.6666666, 1.0]], [[0.0, 1.3333334], [1e-07, 1.5]]],
            [[[0.8333334, 0.0], [0.0, 1.3333334]], [[0.1666666, 1.6666666], [1.5, 0.6666667]]],
        ]
    ),
    np.array(
        [
            [0.0, 1.3333334, 1e-07, 1.5, 1.5, 0.6666667, 0.5, 0.8333333],
            [0.1666666, 1.6666666, 1.5, 0.6666667, 0.6666666, 1.0, 0.8333334, 0.0],
            [0.5, 0.8333333, 0.6666666, 1.0, 0.0, 1.3333334, 1e-07, 1.5],
            [0.8333334, 0.0, 0.0, 1.3333334, 0.1666666, 1.6666666, 1.5, 0.6666667],
        ]
    ),
    np.array(
        [
            [0.5057852, 0.3418751, 0.1523396],
            [0.2940972, 0.5873241, 0.1185787],
            [0.274423, 0.3058222, 0.4197547],
            [0.4317361, 0.3447483, 0.2235156],
        ]
    ),
]
