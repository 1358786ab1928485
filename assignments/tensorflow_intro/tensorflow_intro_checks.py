"""Public checks of the tensorflow_intro assignment.

``check_<function>(f)`` runs your ``f`` on small public inputs, says what is wrong in
words and names the typical mistakes it recognises. Expected values come from
TensorFlow's own functions (``tf.nn.softmax``, ...) or from closed-form formulas, and
for the training loop from numbers stored at the bottom of this file. Passing these
checks is necessary, not sufficient: the hidden tests try more shapes and seeds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import keras
import numpy as np
import tensorflow as tf

from dlcourse.compare import Mismatch, check_array, check_float, check_shape, check_tuple


def _passed(function: str) -> None:
    print(f"✓ {function} passed its public checks")


def _call(name: str, f: Callable[..., Any], *args: Any) -> Any:
    """``f(*args)``, or a Mismatch that says what it raised, with a hint for common causes."""
    try:
        return f(*args)
    except NotImplementedError:
        raise Mismatch(f"{name} raised NotImplementedError: write the function first.") from None
    except Exception as exc:
        text = str(exc).strip().splitlines()
        detail = text[0][:300] if text else ""
        hint = ""
        if "Incompatible shapes" in detail:
            hint = (
                " Two shapes do not broadcast: a reduction without keepdims=True loses the axis "
                "it reduced, and the result then lines up with the wrong axis."
            )
        elif "expected to be a float tensor but is a double" in detail or "is a double tensor" in detail:
            hint = (
                " TensorFlow does not mix float32 and float64: give every tensor the dtype of the "
                "input (tf.one_hot(..., dtype=z.dtype), tf.zeros(..., dtype=X.dtype))."
            )
        raise Mismatch(f"{name} raised {type(exc).__name__}: {detail}.{hint}") from None


def _as_numpy(name: str, got: Any, want_tensor: bool) -> np.ndarray:
    if want_tensor and not tf.is_tensor(got):
        raise Mismatch(
            f"{name} returned a {type(got).__module__}.{type(got).__name__}; it should return the "
            "tf.Tensor itself. Converting to NumPy inside the function (.numpy(), np.…) takes the "
            "computation off the GradientTape."
        )
    if tf.is_tensor(got):
        got = got.numpy()
    return got


def _np_softmax(Z: np.ndarray) -> np.ndarray:
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


_LOGITS = np.array(
    [[1.0, 2.0, 0.5, -1.0], [0.0, 0.0, 0.0, 0.0], [3.0, -2.0, 1.0, 4.0]]
)  # (3, 4): m != k, so an axis mix-up shows in a shape or a sum
_LABELS = np.array([1, 3, 0])


# --------------------------------------------------------------------------- softmax


def check_softmax(softmax: Callable[..., Any]) -> None:
    name = "softmax(logits) for logits of shape (3, 4)"
    got = check_shape(name, _as_numpy(name, _call(name, softmax, _LOGITS), True), (3, 4))
    check_array(
        name,
        got,
        tf.nn.softmax(_LOGITS).numpy(),
        reveal=True,
        mistakes={
            "normalizing over axis 0 (the examples) instead of axis 1 (the classes)": np.exp(_LOGITS)
            / np.exp(_LOGITS).sum(axis=0, keepdims=True),
            "forgetting to divide by the row sums": np.exp(_LOGITS - _LOGITS.max(axis=1, keepdims=True)),
        },
    )
    if got.dtype != np.float64:
        raise Mismatch(f"{name} has dtype {got.dtype} for float64 logits: keep the input's dtype.")
    big = np.array([[1000.0, 0.0, -1000.0], [-800.0, -800.0, -801.0]])
    name = "softmax(logits) for logits as large as ±1000"
    got = _as_numpy(name, _call(name, softmax, big), True)
    if not np.all(np.isfinite(got)):
        raise Mismatch(f"{name} contains inf or nan: exp(1000) overflows. Subtract each row's max before exp.")
    check_array(name, got, _np_softmax(big), reveal=True)
    name = "softmax(logits) for float32 logits"
    got = _as_numpy(name, _call(name, softmax, _LOGITS.astype(np.float32)), True)
    if got.dtype != np.float32:
        raise Mismatch(f"{name} has dtype {got.dtype}: keep the input's dtype (here float32).")
    _passed("softmax")


# --------------------------------------------------------------------------- softmax_cross_entropy


def _np_cross_entropy(Z: np.ndarray, y: np.ndarray) -> float:
    P = _np_softmax(Z)
    return float(-np.mean(np.log(P[np.arange(len(y)), y])))


def check_softmax_cross_entropy(softmax_cross_entropy: Callable[..., Any]) -> None:
    name = "softmax_cross_entropy(logits, labels) for logits of shape (3, 4)"
    got = _as_numpy(name, _call(name, softmax_cross_entropy, _LOGITS, _LABELS), True)
    arr = np.asarray(got)
    if arr.shape != ():
        raise Mismatch(f"{name} has shape {arr.shape}; it should be a scalar (shape ()): the mean over the examples.")
    want = _np_cross_entropy(_LOGITS, _LABELS)
    P = _np_softmax(_LOGITS)
    picked = P[np.arange(3), _LABELS]
    check_float(
        name,
        arr[()],
        want,
        reveal=True,
        mistakes={
            "summing over the examples instead of averaging": -np.sum(np.log(picked)),
            "forgetting the minus sign": -want,
            "averaging over every entry of the (m, k) matrix instead of over the examples": want / 4,
        },
    )
    # The gradient: the tape must be able to follow the computation.
    logits = tf.constant(_LOGITS)
    with tf.GradientTape() as tape:
        tape.watch(logits)
        loss = _call(name, softmax_cross_entropy, logits, _LABELS)
    grad = tape.gradient(loss, logits) if tf.is_tensor(loss) else None
    if grad is None:
        raise Mismatch(
            f"The gradient of {name} with respect to the logits is None: the GradientTape could not "
            "follow your computation. Use TensorFlow operations only (no .numpy(), no np. functions)."
        )
    Y = np.eye(4)[_LABELS]
    check_array(f"the gradient of {name}", grad.numpy(), (P - Y) / 3, reveal=True)
    name = "softmax_cross_entropy for logits as large as ±1000"
    big = np.array([[1000.0, 0.0, -1000.0], [0.0, 900.0, 0.0]])
    got = np.asarray(_as_numpy(name, _call(name, softmax_cross_entropy, big, np.array([2, 0])), True))
    if not np.isfinite(got):
        raise Mismatch(
            f"{name} is {got}: the log of a probability that rounded to 0. Take the log of the "
            "softmax analytically: log softmax(z)_j = (z_j - max z) - log sum_l exp(z_l - max z)."
        )
    check_float(name, got, 1450.0, reveal=True)
    name = "softmax_cross_entropy for float32 logits"
    got = _as_numpy(name, _call(name, softmax_cross_entropy, _LOGITS.astype(np.float32), _LABELS), True)
    if np.asarray(got).dtype != np.float32:
        raise Mismatch(f"{name} has dtype {np.asarray(got).dtype}: keep the logits' dtype (here float32).")
    _passed("softmax_cross_entropy")


# --------------------------------------------------------------------------- loss_and_gradients


def _public_regression_case() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(5)
    X = rng.standard_normal((6, 4))  # m=6, n_x=4, k=3: every axis a different size
    W = rng.standard_normal((4, 3)) * 0.5
    b = np.array([0.1, -0.2, 0.3])
    y = np.array([0, 2, 1, 1, 0, 2])
    return W, b, X, y


def check_loss_and_gradients(loss_and_gradients: Callable[..., Any]) -> None:
    W, b, X, y = _public_regression_case()
    name = "loss_and_gradients(W, b, X, y) with W (4, 3), b (3,), X (6, 4)"
    loss, dW, db = check_tuple(name, _call(name, loss_and_gradients, W, b, X, y), 3)
    if tf.is_tensor(loss) or tf.is_tensor(dW) or tf.is_tensor(db):
        raise Mismatch(f"{name} returned tensors: return a Python float and NumPy arrays (float(loss), dW.numpy()).")
    P = _np_softmax(X @ W + b)
    Y = np.eye(3)[y]
    m = X.shape[0]
    check_float(f"the loss of {name}", loss, _np_cross_entropy(X @ W + b, y), reveal=True)
    check_array(
        f"dW of {name}",
        dW,
        X.T @ (P - Y) / m,
        reveal=True,
        mistakes={"a missing 1/m (a sum instead of a mean in the loss)": X.T @ (P - Y)},
    )
    check_array(
        f"db of {name}",
        db,
        (P - Y).mean(axis=0),
        reveal=True,
        mistakes={"a missing 1/m (a sum instead of a mean in the loss)": (P - Y).sum(axis=0)},
    )
    if not isinstance(loss, float):
        raise Mismatch(f"the loss of {name} is a {type(loss).__name__}; return a Python float (float(loss)).")
    _passed("loss_and_gradients")


# --------------------------------------------------------------------------- train_softmax_regression


def _public_training_case() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(11)
    X = rng.standard_normal((10, 3))
    y = np.array([0, 1, 2, 0, 1, 2, 0, 1, 2, 0])
    return X, y


def check_train_softmax_regression(train_softmax_regression: Callable[..., Any]) -> None:
    X, y = _public_training_case()
    name = "train_softmax_regression(X, y, 3, num_epochs=3, batch_size=4, learning_rate=0.5, seed=1) for X (10, 3)"
    W, b, losses = check_tuple(name, _call(name, train_softmax_regression, X, y, 3, 3, 4, 0.5, 1), 3)
    W = check_shape(f"W of {name}", W, (3, 3))
    b = check_shape(f"b of {name}", b, (3,))
    if not isinstance(losses, (list, tuple)) or len(losses) != 3:
        raise Mismatch(f"losses of {name} should be a list of 3 floats, one per epoch.")
    losses = np.array([float(v) for v in losses])
    check_array(
        f"losses of {name}",
        losses,
        _EXPECTED_LOSSES,
        reveal=True,
        mistakes={
            "drawing one permutation for all epochs instead of one per epoch": _ONE_PERMUTATION_LOSSES,
            "recording the mean batch loss instead of the loss on all of X after the epoch": _MEAN_BATCH_LOSSES,
            "no shuffling (the batches taken in the data's order)": _NO_SHUFFLE_LOSSES,
        },
    )
    check_array(f"W of {name}", W, _EXPECTED_W, reveal=True)
    check_array(f"b of {name}", b, _EXPECTED_B, reveal=True)
    _passed("train_softmax_regression")


# --------------------------------------------------------------------------- build_softmax_regression_model


def check_build_softmax_regression_model(
    build_softmax_regression_model: Callable[..., Any],
) -> None:
    name = "build_softmax_regression_model(5, 3, learning_rate=0.2)"
    model = _call(name, build_softmax_regression_model, 5, 3, 0.2)
    if not isinstance(model, keras.Model):
        raise Mismatch(f"{name} returned a {type(model).__name__}; it should return a keras.Model (keras.Sequential).")
    layers = [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]
    kinds = [type(layer).__name__ for layer in layers]
    if kinds != ["Dense"]:
        raise Mismatch(f"{name} has the layers {kinds}; it should have one Dense layer.")
    dense = layers[0]
    if not model.inputs:
        raise Mismatch(f"{name} has no input shape: start the Sequential with keras.Input(shape=(n_features,)).")
    if tuple(dense.output.shape) != (None, 3):
        raise Mismatch(
            f"The Dense layer of {name} has output shape {tuple(dense.output.shape)}; it should be (None, 3)."
        )
    if dense.activation.__name__ != "softmax":
        raise Mismatch(
            f"The Dense layer of {name} has activation {dense.activation.__name__!r}; it should be 'softmax'."
        )
    if model.count_params() != 5 * 3 + 3:
        raise Mismatch(f"{name} has {model.count_params()} parameters; it should have 5 * 3 + 3 = 18.")
    if any(np.any(w != 0) for w in model.get_weights()):
        raise Mismatch(
            f"{name} does not start from zeros: use kernel_initializer='zeros' (the bias is zero by default)."
        )
    if getattr(model, "optimizer", None) is None or not model.compiled:
        raise Mismatch(f"{name} is not compiled: call model.compile(...) before returning it.")
    if type(model.optimizer).__name__ != "SGD":
        raise Mismatch(
            f"{name} is compiled with {type(model.optimizer).__name__}; use keras.optimizers.SGD(learning_rate)."
        )
    check_float(
        f"the SGD learning rate of {name}",
        float(model.optimizer.learning_rate),
        0.2,
        rtol=1e-6,
        reveal=True,
    )
    X = np.random.default_rng(2).standard_normal((4, 5)).astype(np.float32)
    y = np.array([0, 1, 2, 1])
    loss = float(model.compute_loss(x=X, y=y, y_pred=model(X), training=False))
    check_float(f"the compiled loss of {name} at its zero start", loss, np.log(3.0), rtol=1e-5, reveal=True)
    _passed("build_softmax_regression_model")


# --------------------------------------------------------------------------- matmul_on_device


def check_matmul_on_device(matmul_on_device: Callable[..., Any]) -> None:
    A = np.arange(6.0).reshape(2, 3)
    B = np.arange(6.0).reshape(3, 2) - 2.0
    name = 'matmul_on_device(A, B, "/CPU:0") for A (2, 3), B (3, 2)'
    C, placed_on = check_tuple(name, _call(name, matmul_on_device, A, B, "/CPU:0"), 2)
    if tf.is_tensor(C):
        raise Mismatch(f"the product of {name} is a tensor: return it as a NumPy array (.numpy()).")
    check_array(f"the product of {name}", C, A @ B, reveal=True)
    if not isinstance(placed_on, str):
        raise Mismatch(f"the device of {name} is a {type(placed_on).__name__}; return the result's .device string.")
    if not placed_on.endswith("CPU:0"):
        raise Mismatch(
            f"the device of {name} is {placed_on!r}; it should name CPU:0. Compute the product inside "
            "`with tf.device(device):` and return the .device of that result."
        )
    _passed("matmul_on_device")


# --------------------------------------------------------------------------- stored results
# The public training case above, computed once in float64 (the solution reproduces them
# to about 1e-15); the mistakes are the same loop with the named change. The hidden tests
# use other data and compare with the solution directly.
_EXPECTED_LOSSES = np.array([1.0404890165484648, 0.9893364842368602, 0.9717771041155305])
_EXPECTED_W = np.array(
    [
        [-0.2593305897505833, 0.33931441282689745, -0.07998382307631413],
        [0.5005725650386582, -0.20339085617545377, -0.2971817088632047],
        [0.2676666620670202, -0.40369535469506845, 0.13602869262804823],
    ]
)
_EXPECTED_B = np.array([-0.05437927156163855, 0.03224230419719327, 0.022136967364445398])
_ONE_PERMUTATION_LOSSES = np.array([1.0404890165484648, 1.0347272427178946, 1.0210289712925211])
_MEAN_BATCH_LOSSES = np.array([1.2073568115107416, 1.0607877270086334, 1.126900556492906])
_NO_SHUFFLE_LOSSES = np.array([1.0704308792642863, 1.044848460885181, 1.0231193028610994])
