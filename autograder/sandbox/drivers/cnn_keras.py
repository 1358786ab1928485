"""Drivers of the cnn_keras assignment (see drivers/tensorflow_intro.py).

Besides the shared Keras helpers, a fixed **probe** network (its architecture here, its
weights drawn from a seed the test passes) lets the tests grade ``predict_classes``
and ``layer_activations`` on a model that does not depend on the student's
``build_cnn``.
"""

from __future__ import annotations

from typing import Any

import keras
import numpy as np

from .tensorflow_intro import (
    Namespace,
    describe_model,
    output_dtype_under_mixed_precision,
    predict,
    student_function,
    to_plain,
    train_steps,
)

__all__ = [
    "describe_model",
    "layer_activations",
    "output_dtype_under_mixed_precision",
    "predict",
    "predict_classes",
    "train_steps",
]


def probe_model(input_shape: tuple[int, ...], n_classes: int, seed: int, functional: bool = False) -> keras.Model:
    """A small fixed CNN (convolution, pooling, convolution, flatten, softmax) with seeded weights."""
    layers = [
        keras.layers.Conv2D(3, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(2),
        keras.layers.Conv2D(4, 2, activation="tanh"),
        keras.layers.Flatten(),
        keras.layers.Dense(n_classes, activation="softmax"),
    ]
    inputs = keras.Input(shape=tuple(input_shape))
    if functional:
        x = inputs
        for layer in layers:
            x = layer(x)
        model = keras.Model(inputs, x)
    else:
        model = keras.Sequential([inputs, *layers])
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.standard_normal(w.shape) * 0.7).astype(np.float32) for w in model.get_weights()])
    return model


def predict_classes(
    namespace: Namespace, input_shape: tuple[int, ...], n_classes: int, seed: int, images: np.ndarray
) -> Any:
    """The student's ``predict_classes`` on the probe model."""
    model = probe_model(input_shape, n_classes, seed)
    return to_plain(student_function(namespace, "predict_classes")(model, images))


def layer_activations(
    namespace: Namespace,
    input_shape: tuple[int, ...],
    n_classes: int,
    seed: int,
    images: np.ndarray,
    functional: bool = False,
) -> Any:
    """The student's ``layer_activations`` on the probe model (Sequential, or functional)."""
    model = probe_model(input_shape, n_classes, seed, functional)
    result = student_function(namespace, "layer_activations")(model, images)
    return to_plain(list(result) if isinstance(result, tuple) else result)
