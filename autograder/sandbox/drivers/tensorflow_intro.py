"""Drivers of the TensorFlow assignments: trusted glue that runs beside the student's code.

A Keras model or a tf.Tensor is not plain data, so it cannot leave the student's
process. These functions take the student's namespace and plain arguments, call the
student's functions, and return plain data: layer names, shapes, parameter counts,
NumPy arrays. They hold no expected values (the student's process can read them); the
hidden tests call the same driver on the reference's namespace and compare.

The Keras helpers here (``describe_model``, ``predict``, ``train_steps``,
``output_dtype_under_mixed_precision``) serve every TensorFlow assignment: the
``cnn_keras`` and ``sequence_models`` drivers re-export them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import keras
import numpy as np
import tensorflow as tf

Namespace = Mapping[str, Any]


def student_function(namespace: Namespace, name: str) -> Callable[..., Any]:
    f = namespace.get(name)
    if not callable(f):
        raise NameError(f"there is no function named `{name}`: check its name and its cell")
    return f


def to_plain(value: Any) -> Any:
    """Tensors and variables as NumPy arrays, recursively through tuples, lists and dicts."""
    if isinstance(value, (tf.Tensor, tf.Variable)) or tf.is_tensor(value):
        return np.asarray(value)
    if isinstance(value, (list, tuple)):
        return type(value)(to_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------- tensor-valued functions


def softmax(namespace: Namespace, logits: np.ndarray) -> dict[str, Any]:
    """The student's softmax(logits): its value, and whether it is a tensor."""
    result = student_function(namespace, "softmax")(logits)
    return {"value": to_plain(result), "is_tensor": bool(tf.is_tensor(result))}


def softmax_cross_entropy(namespace: Namespace, logits: np.ndarray, labels: np.ndarray) -> dict[str, Any]:
    """The student's loss on a watched logits tensor: value, tensor or not, and the tape's
    gradient with respect to the logits (None when the tape cannot follow the computation)."""
    f = student_function(namespace, "softmax_cross_entropy")
    z = tf.constant(logits)
    with tf.GradientTape() as tape:
        tape.watch(z)
        loss = f(z, labels)
    gradient = tape.gradient(loss, z) if tf.is_tensor(loss) else None
    return {
        "value": to_plain(loss),
        "is_tensor": bool(tf.is_tensor(loss)),
        "gradient": None if gradient is None else gradient.numpy(),
    }


# ---------------------------------------------------------------- Keras models


def build_model(namespace: Namespace, builder: str, kwargs: Mapping[str, Any]) -> keras.Model:
    """The student's ``builder(**kwargs)``, checked to be a built Keras model."""
    model = student_function(namespace, builder)(**kwargs)
    if not isinstance(model, keras.Model):
        raise TypeError(f"{builder} returned a {type(model).__name__}, not a keras.Model")
    if not model.inputs:
        raise ValueError(f"the model of {builder} has no input shape: start it with keras.Input(shape=...)")
    return model


def model_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The model's layers without its InputLayer (a functional model lists one, a Sequential does not)."""
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def _activation_name(layer: keras.layers.Layer) -> str | None:
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", None) if activation is not None else None


def describe_model(namespace: Namespace, builder: str, kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The architecture and compile settings of the student's ``builder(**kwargs)``."""
    model = build_model(namespace, builder, kwargs)
    layers = model_layers(model)
    optimizer = getattr(model, "optimizer", None)
    compiled = bool(getattr(model, "compiled", False)) and optimizer is not None
    return {
        "layers": [type(layer).__name__ for layer in layers],
        "output_shapes": [tuple(layer.output.shape) for layer in layers],
        "params": [int(layer.count_params()) for layer in layers],
        "activations": [_activation_name(layer) for layer in layers],
        "weight_shapes": [tuple(int(n) for n in w.shape) for w in model.get_weights()],
        "initial_weights_zero": all(not np.any(w) for w in model.get_weights()),
        "compiled": compiled,
        "optimizer": type(optimizer).__name__ if compiled else None,
        "learning_rate": float(np.asarray(optimizer.learning_rate)) if compiled else None,
    }


def _with_weights(namespace: Namespace, builder: str, kwargs: Mapping[str, Any], weights: list) -> keras.Model:
    model = build_model(namespace, builder, kwargs)
    mine = [tuple(w.shape) for w in model.get_weights()]
    given = [tuple(np.shape(w)) for w in weights]
    if mine != given:
        raise ValueError(f"the model's weights have the shapes {mine}, but the architecture asked for has {given}")
    model.set_weights(weights)
    return model


def predict(namespace: Namespace, builder: str, kwargs: Mapping[str, Any], weights: list, x: np.ndarray) -> np.ndarray:
    """The output of the student's model, with the given weights, on ``x`` (inference mode)."""
    model = _with_weights(namespace, builder, kwargs, weights)
    return np.asarray(model(x, training=False))


def _compiled_loss(model: keras.Model, x: np.ndarray, y: np.ndarray) -> float:
    return float(model.compute_loss(x=x, y=y, y_pred=model(x, training=False), training=False))


def train_steps(
    namespace: Namespace,
    builder: str,
    kwargs: Mapping[str, Any],
    weights: list,
    x: np.ndarray,
    y: np.ndarray,
    steps: int,
) -> dict[str, Any]:
    """The compiled loss on (x, y) before and after ``steps`` calls of ``train_on_batch``.

    Steps run eagerly: on tiny inputs, tracing a graph would cost more than it saves.
    """
    model = _with_weights(namespace, builder, kwargs, weights)
    if not getattr(model, "compiled", False) or getattr(model, "optimizer", None) is None:
        raise ValueError(f"the model of {builder} is not compiled: call model.compile(...) before returning it")
    model.run_eagerly = True
    before = _compiled_loss(model, x, y)
    for _ in range(int(steps)):
        model.train_on_batch(x, y)
    return {"loss_before": before, "loss_after": _compiled_loss(model, x, y)}


def output_dtype_under_mixed_precision(namespace: Namespace, builder: str, kwargs: Mapping[str, Any]) -> str:
    """The dtype of the model's output when it is built under the mixed_float16 policy."""
    previous = keras.mixed_precision.global_policy()
    keras.mixed_precision.set_global_policy("mixed_float16")
    try:
        model = build_model(namespace, builder, kwargs)
    finally:
        keras.mixed_precision.set_global_policy(previous)
    return str(keras.backend.standardize_dtype(model.outputs[0].dtype))
