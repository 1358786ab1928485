"""Drivers of the sequence_models assignment (see drivers/tensorflow_intro.py).

Besides the shared Keras helpers, fixed **probe** networks (architectures here, weights
drawn from a seed the test passes) let the tests grade ``set_forget_bias`` and
``input_gradient_norms`` on models that do not depend on the student's
``build_rnn_classifier``.
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
    "forget_bias_probe",
    "input_gradient_norms",
    "output_dtype_under_mixed_precision",
    "predict",
    "train_steps",
]

_RECURRENT = {"simple_rnn": keras.layers.SimpleRNN, "lstm": keras.layers.LSTM}


def _seeded(model: keras.Model, seed: int, scale: float) -> keras.Model:
    rng = np.random.default_rng(seed)
    model.set_weights([(rng.standard_normal(w.shape) * scale).astype(np.float32) for w in model.get_weights()])
    return model


def forget_bias_probe(namespace: Namespace, units: tuple[int, int], seed: int, value: float) -> dict[str, Any]:
    """The weights of a probe model (LSTM, SimpleRNN, LSTM, Dense; seeded weights) before and
    after the student's ``set_forget_bias(model, value)``."""
    model = keras.Sequential(
        [
            keras.Input(shape=(5, 3)),
            keras.layers.LSTM(units[0], return_sequences=True),
            keras.layers.SimpleRNN(4, return_sequences=True),
            keras.layers.LSTM(units[1]),
            keras.layers.Dense(2),
        ]
    )
    _seeded(model, seed, 0.5)
    before = model.get_weights()
    student_function(namespace, "set_forget_bias")(model, value)
    return {
        "layers": [type(layer).__name__ for layer in model.layers],
        "weights_per_layer": [len(layer.get_weights()) for layer in model.layers],
        "before": before,
        "after": model.get_weights(),
    }


def input_gradient_norms(
    namespace: Namespace,
    cell: str,
    input_shape: tuple[int, int],
    n_classes: int,
    units: int,
    seed: int,
    X: np.ndarray,
    y: np.ndarray,
) -> Any:
    """The student's ``input_gradient_norms`` on a probe classifier (a ``cell`` layer, then softmax)."""
    model = keras.Sequential(
        [
            keras.Input(shape=tuple(input_shape)),
            _RECURRENT[cell](units),
            keras.layers.Dense(n_classes, activation="softmax"),
        ]
    )
    _seeded(model, seed, 0.5)
    return to_plain(student_function(namespace, "input_gradient_norms")(model, X, y))
