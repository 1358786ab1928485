"""Public checks of the sequence_models assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs, says what is wrong in
words and names the typical mistakes it recognises. Expected values come from Keras's
own layers where there is one (``SimpleRNN`` for ``simple_rnn_forward``), from the
architecture table of the notebook, or from numbers stored at the bottom of this file.
Passing these checks is necessary, not sufficient: the hidden tests try other shapes,
seeds and weights.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from dlcourse.compare import Mismatch, as_numeric_array, check_array, check_float, check_shape, check_tuple


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


# --------------------------------------------------------------------------- make_memory_task


def check_make_memory_task(make_memory_task: Callable[..., Any]) -> None:
    name = "make_memory_task(4, 3, 3, np.random.default_rng(0), noise_std=0.5)"
    X, y = check_tuple(name, _call(name, make_memory_task, 4, 3, 3, np.random.default_rng(0), 0.5), 2)
    X = check_shape(f"X of {name}", X, (4, 3, 4))
    y = check_shape(f"y of {name}", y, (4,))
    if X.dtype != np.float32:
        raise Mismatch(f"X of {name} has dtype {X.dtype}; it should be float32, Keras's dtype.")
    if y.dtype.kind not in "iu":
        raise Mismatch(f"y of {name} has dtype {y.dtype}; the labels should be integers.")
    check_array(f"y of {name}", y, _EXPECTED_Y, rtol=0, reveal=True)
    check_array(f"the one-hot classes and markers at step 0 of X of {name}", X[:, 0], _EXPECTED_X[:, 0], reveal=True)
    if np.any(X[:, 1:, 3] != 0):
        raise Mismatch(f"the marker (the last feature) of X of {name} should be 0 after step 0.")
    check_array(
        f"X of {name}",
        X,
        _EXPECTED_X,
        rtol=1e-6,
        reveal=True,
        mistakes={"forgetting to multiply the noise by noise_std": _EXPECTED_X_UNSCALED},
    )
    _passed("make_memory_task")


# --------------------------------------------------------------------------- simple_rnn_forward


def _public_rnn_case() -> tuple[np.ndarray, ...]:
    rng = np.random.default_rng(3)
    X = rng.standard_normal((2, 4, 3))  # m=2, T=4, n_x=3, n_a=5: every axis a different size
    kernel = rng.standard_normal((3, 5)) * 0.5
    recurrent = rng.standard_normal((5, 5)) * 0.5
    bias = np.linspace(-0.2, 0.2, 5)
    return X, kernel, recurrent, bias


def check_simple_rnn_forward(simple_rnn_forward: Callable[..., Any]) -> None:
    X, kernel, recurrent, bias = _public_rnn_case()
    name = "simple_rnn_forward(X, kernel, recurrent_kernel, bias) for X (2, 4, 3) and n_a=5"
    got = _call(name, simple_rnn_forward, X, kernel, recurrent, bias)
    if tf.is_tensor(got):
        raise Mismatch(f"{name} returned a tensor; return a NumPy array (.numpy()).")
    got = as_numeric_array(name, got)
    if got.shape == (2, 5):
        raise Mismatch(f"{name} has shape (2, 5): the last state only. Stack all T states: shape (2, 4, 5).")
    got = check_shape(name, got, (2, 4, 5))
    layer = keras.layers.SimpleRNN(5, return_sequences=True, dtype="float64")
    layer.build((None, 4, 3))
    layer.set_weights([kernel, recurrent, bias])
    want = np.asarray(layer(X))
    no_recurrence = np.tanh(X @ kernel + bias)
    check_array(
        f"{name}, against Keras's SimpleRNN",
        got,
        want,
        atol=1e-12,
        reveal=True,
        mistakes={"leaving out the recurrent term a_prev @ recurrent_kernel": no_recurrence},
    )
    if got.dtype != np.float64:
        raise Mismatch(f"{name} has dtype {got.dtype} for float64 inputs: keep the dtype of X.")
    _passed("simple_rnn_forward")


# --------------------------------------------------------------------------- build_rnn_classifier


def check_build_rnn_classifier(build_rnn_classifier: Callable[..., Any]) -> None:
    n_x, n_a, k = 3, 6, 4
    for cell, layer_name, params in [
        ("simple_rnn", "SimpleRNN", n_a * (n_x + n_a + 1)),
        ("lstm", "LSTM", 4 * n_a * (n_x + n_a + 1)),
    ]:
        name = f"build_rnn_classifier({cell!r}, (5, 3), 4, units=6, learning_rate=0.002)"
        model = _call(name, build_rnn_classifier, cell, (5, n_x), k, n_a, 0.002)
        if not isinstance(model, keras.Model):
            raise Mismatch(f"{name} returned a {type(model).__name__}; it should return a keras.Model.")
        if not model.inputs:
            raise Mismatch(f"{name} has no input shape: start the Sequential with keras.Input(shape=input_shape).")
        layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
        kinds = [type(layer).__name__ for layer in layers]
        if kinds != [layer_name, "Dense"]:
            raise Mismatch(f"{name} has the layers {kinds}; it should have [{layer_name!r}, 'Dense'].")
        shapes = [tuple(layer.output.shape) for layer in layers]
        if shapes != [(None, n_a), (None, k)]:
            raise Mismatch(
                f"the layers of {name} have output shapes {shapes}; they should be "
                f"[(None, {n_a}), (None, {k})]: the recurrent layer returns its last state only."
            )
        counts = [layer.count_params() for layer in layers]
        if counts != [params, (n_a + 1) * k]:
            raise Mismatch(
                f"the layers of {name} have {counts} parameters; they should have [{params}, {(n_a + 1) * k}]."
            )
        if getattr(layers[1].activation, "__name__", None) != "softmax":
            raise Mismatch(f"the Dense layer of {name} should use the softmax.")
        if layers[1].compute_dtype != "float32" or layers[1].dtype_policy.name != "float32":
            raise Mismatch(f'the Dense layer of {name} should be created with dtype="float32".')
        if getattr(model, "optimizer", None) is None or not model.compiled:
            raise Mismatch(f"{name} is not compiled: call model.compile(...) before returning it.")
        if type(model.optimizer).__name__ != "Adam":
            raise Mismatch(f"{name} is compiled with {type(model.optimizer).__name__}; use keras.optimizers.Adam.")
        check_float(f"the learning rate of {name}", float(model.optimizer.learning_rate), 0.002, rtol=1e-6, reveal=True)
        x = np.random.default_rng(1).standard_normal((3, 5, n_x)).astype(np.float32)
        y = np.array([0, 3, 1])
        probs = model(x)
        loss = float(model.compute_loss(x=x, y=y, y_pred=probs, training=False))
        want = float(-np.mean(np.log(np.asarray(probs)[np.arange(3), y])))
        check_float(
            f"the compiled loss of {name} (the cross-entropy for integer labels)", loss, want, rtol=1e-4, reveal=True
        )
    try:
        build_rnn_classifier("gru", (5, 3), 4)
    except ValueError:
        pass
    except Exception as exc:
        raise Mismatch(
            f"build_rnn_classifier('gru', ...) raised {type(exc).__name__}; it should raise a ValueError."
        ) from None
    else:
        raise Mismatch("build_rnn_classifier('gru', ...) returned a model; it should raise a ValueError.")
    _passed("build_rnn_classifier")


# --------------------------------------------------------------------------- set_forget_bias


def check_set_forget_bias(set_forget_bias: Callable[..., Any]) -> None:
    model = keras.Sequential([keras.Input(shape=(4, 2)), keras.layers.LSTM(3), keras.layers.Dense(2)])
    lstm = model.layers[0]
    lstm.cell.bias.assign(np.arange(12.0, dtype=np.float32))  # blocks [input, forget, cell, output], 3 each
    kernel, dense = lstm.cell.kernel.numpy(), model.layers[1].get_weights()
    name = "set_forget_bias(model, 5.0) for a model with an LSTM(3) layer"
    _call(name, set_forget_bias, model, 5.0)
    bias = lstm.cell.bias.numpy()
    want = np.array([0, 1, 2, 5, 5, 5, 6, 7, 8, 9, 10, 11], dtype=np.float64)
    check_array(
        f"the LSTM bias after {name}",
        bias,
        want,
        rtol=0,
        reveal=True,
        mistakes={
            "setting the input gate's block (the first) instead of the forget gate's (the second)": np.array(
                [5, 5, 5, 3, 4, 5, 6, 7, 8, 9, 10, 11]
            ),
            "setting the whole bias": np.full(12, 5.0),
        },
    )
    if not np.array_equal(lstm.cell.kernel.numpy(), kernel) or not all(
        np.array_equal(a, b) for a, b in zip(model.layers[1].get_weights(), dense, strict=True)
    ):
        raise Mismatch(f"{name} changed weights other than the LSTM's bias.")
    other = keras.Sequential([keras.Input(shape=(4, 2)), keras.layers.SimpleRNN(3), keras.layers.Dense(2)])
    weights = other.get_weights()
    _call("set_forget_bias on a model without an LSTM layer", set_forget_bias, other, 5.0)
    if not all(np.array_equal(a, b) for a, b in zip(other.get_weights(), weights, strict=True)):
        raise Mismatch("set_forget_bias changed a model without an LSTM layer; it should leave it as it is.")
    _passed("set_forget_bias")


# --------------------------------------------------------------------------- input_gradient_norms


def _public_norm_model() -> keras.Model:
    model = keras.Sequential(
        [keras.Input(shape=(4, 2)), keras.layers.SimpleRNN(3), keras.layers.Dense(3, activation="softmax")]
    )
    kernel = np.array([[0.5, -0.4, 0.3], [0.2, 0.6, -0.5]])
    recurrent = np.array([[0.4, 0.3, 0.0], [-0.3, 0.5, 0.2], [0.1, -0.2, 0.6]])
    dense = np.array([[1.0, -0.5, 0.2], [0.3, 0.8, -1.0], [-0.6, 0.4, 0.9]])
    model.set_weights([kernel, recurrent, np.zeros(3), dense, np.array([0.1, 0.0, -0.1])])
    return model


def _public_norm_data() -> tuple[np.ndarray, np.ndarray]:
    X = (np.arange(24.0).reshape(3, 4, 2) % 5 - 2).astype(np.float32) / 2
    return X, np.array([0, 2, 1])


def check_input_gradient_norms(input_gradient_norms: Callable[..., Any]) -> None:
    model = _public_norm_model()
    X, y = _public_norm_data()
    name = "input_gradient_norms(model, X, y) for a SimpleRNN classifier and X of shape (3, 4, 2)"
    got = _call(name, input_gradient_norms, model, X, y)
    if tf.is_tensor(got):
        raise Mismatch(f"{name} returned a tensor; return a NumPy array (.numpy()).")
    got = check_shape(name, got, (4,))
    check_array(
        name,
        got,
        _EXPECTED_NORMS,
        rtol=1e-4,
        atol=1e-7,
        reveal=True,
        mistakes={
            "a mean loss over the batch instead of the sum": _EXPECTED_NORMS / 3,
            "the squared norm instead of the norm": _EXPECTED_SQUARED_NORMS,
        },
    )
    _passed("input_gradient_norms")


# --------------------------------------------------------------------------- stored results
# The public cases above, computed once: make_memory_task's data from default_rng(0),
# and the gradient norms of the public SimpleRNN model (float32, with a GradientTape).
_EXPECTED_Y = np.array([2, 1, 1, 0])
_EXPECTED_X = np.array(
    [
        [
            [0.0, 0.0, 1.0, 1.0],
            [0.320211321, 0.052450057, -0.267834693, 0.0],
            [0.180797532, 0.65200001, 0.473540485, 0.0],
        ],
        [
            [0.0, 1.0, 0.0, 1.0],
            [-0.351867616, -0.632710755, -0.311637223, 0.0],
            [0.020662989, -1.162515402, -0.109395832, 0.0],
        ],
        [
            [0.0, 1.0, 0.0, 1.0],
            [-0.622955501, -0.36613369, -0.272129506, 0.0],
            [-0.158150077, 0.205815271, 0.521256685, 0.0],
        ],
        [
            [1.0, 0.0, 0.0, 1.0],
            [-0.06426733, 0.683231711, -0.332597345, 0.0],
            [0.175755039, 0.451735079, 0.047006149, 0.0],
        ],
    ]
)
_EXPECTED_X_UNSCALED = np.array(
    [
        [
            [0.0, 0.0, 1.0, 1.0],
            [0.640422642, 0.104900114, -0.535669386, 0.0],
            [0.361595064, 1.30400002, 0.94708097, 0.0],
        ],
        [
            [0.0, 1.0, 0.0, 1.0],
            [-0.703735232, -1.26542151, -0.623274446, 0.0],
            [0.041325979, -2.325030804, -0.218791664, 0.0],
        ],
        [
            [0.0, 1.0, 0.0, 1.0],
            [-1.245911002, -0.73226738, -0.544259012, 0.0],
            [-0.316300154, 0.411630541, 1.042513371, 0.0],
        ],
        [
            [1.0, 0.0, 0.0, 1.0],
            [-0.12853466, 1.366463423, -0.66519469, 0.0],
            [0.351510078, 0.903470159, 0.094012298, 0.0],
        ],
    ]
)
_EXPECTED_NORMS = np.array([0.063795425, 0.106500862, 0.208055206, 0.486940006])
_EXPECTED_SQUARED_NORMS = np.array([0.005854329, 0.013268078, 0.045826291, 0.2816195])
