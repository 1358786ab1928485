"""Hidden tests of the tensorflow_intro assignment (batch-first: X is (m, n_x), y is (m,)).

Functions that return tensors (softmax, softmax_cross_entropy) and the Keras model are
run through drivers (autograder/sandbox/drivers/tensorflow_intro.py), which return
plain data; the reference goes through the same drivers. Tolerances: float64
closed-form results rtol=1e-7 (atol=1e-12 for entries that cancel to about 0); the
training loop, iterated, rtol=1e-6; float32 results (float32 inputs, the Keras model)
rtol=1e-5 with atol=1e-7; one Keras training step rtol=1e-4 (float32 arithmetic in
whatever order the student's layers use).
"""

from __future__ import annotations

import numpy as np

from autograder.student import NamespaceStudent
from autograder.testing import Mismatch, check_array, check_float, check_shape, check_tuple, graded

ASSIGNMENT = "tensorflow_intro"
RTOL, ATOL = 1e-7, 1e-12
LOOP_RTOL = 1e-6
F32_RTOL, F32_ATOL = 1e-5, 1e-7


def _reference(reference):
    return NamespaceStudent(vars(reference), ASSIGNMENT)


def _softmax(Z):
    e = np.exp(Z - Z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _cross_entropy(Z, y):
    Z = Z - Z.max(axis=1, keepdims=True)
    log_p = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
    return float(-np.mean(log_p[np.arange(len(y)), y]))


def _logits_case(seed, m, k, scale=3.0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, k)) * scale, rng.integers(0, k, size=m)


def _require_tensor(function, result):
    if not result["is_tensor"]:
        raise Mismatch(
            f"{function} should return a tf.Tensor, not a NumPy value: converting inside the function "
            "(.numpy(), np.…) takes the computation off the GradientTape."
        )


# ---------------------------------------------------------------- softmax (10)


@graded(points=5, function="softmax")
def test_softmax_matches_on_random_logits(student, reference):
    """softmax: values, shape and dtype on random logits"""
    for seed, m, k in [(1, 5, 3), (2, 4, 7), (3, 6, 6)]:
        Z, _ = _logits_case(seed, m, k)
        name = f"softmax(logits) for logits of shape {Z.shape}"
        got = student.drive("softmax", Z)["value"]
        want = _reference(reference).drive("softmax", Z)["value"]
        check_array(
            name,
            got,
            want,
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "normalizing over axis 0 (the examples) instead of axis 1 (the classes)": np.exp(Z)
                / np.exp(Z).sum(axis=0, keepdims=True),
            },
        )
        check_array(f"{name} against the softmax formula", got, _softmax(Z), rtol=RTOL, atol=ATOL)
        if np.asarray(got).dtype != np.float64:
            raise Mismatch(f"{name} has dtype {np.asarray(got).dtype} for float64 logits: keep the input's dtype.")
    Z32 = _logits_case(4, 3, 5)[0].astype(np.float32)
    got = student.drive("softmax", Z32)["value"]
    if np.asarray(got).dtype != np.float32:
        raise Mismatch(f"softmax of float32 logits has dtype {np.asarray(got).dtype}: keep the input's dtype.")
    check_array(
        "softmax(logits) for float32 logits of shape (3, 5)",
        got,
        _softmax(Z32.astype(np.float64)),
        rtol=F32_RTOL,
        atol=F32_ATOL,
    )


@graded(points=5, function="softmax")
def test_softmax_is_stable_and_returns_a_tensor(student, reference):
    """softmax: finite for logits near ±1000, rows summing to 1, a tensor result"""
    rng = np.random.default_rng(7)
    Z = rng.choice([-1000.0, -700.0, 0.0, 750.0, 1000.0], size=(4, 5))
    result = student.drive("softmax", Z)
    got = np.asarray(result["value"], dtype=np.float64)
    if got.shape == Z.shape and not np.all(np.isfinite(got)):
        raise Mismatch(
            "softmax(logits) for logits of size up to 1000 contains inf or nan: exp overflows. "
            "Subtract each row's max before exp."
        )
    check_array("softmax(logits) for logits of size up to 1000", got, _softmax(Z), rtol=RTOL, atol=ATOL)
    check_array("the row sums of softmax(logits)", got.sum(axis=1), np.ones(4), rtol=1e-12)
    _require_tensor("softmax", result)


# ---------------------------------------------------------------- softmax_cross_entropy (15)


@graded(points=5, function="softmax_cross_entropy")
def test_cross_entropy_value(student, reference):
    """softmax_cross_entropy: the mean cross-entropy on random logits"""
    for seed, m, k in [(11, 5, 3), (12, 8, 4), (13, 3, 9)]:
        Z, y = _logits_case(seed, m, k)
        name = f"softmax_cross_entropy(logits, labels) for logits of shape {Z.shape}"
        result = student.drive("softmax_cross_entropy", Z, y)
        got = result["value"]
        if np.ndim(got) != 0:
            raise Mismatch(f"{name} has shape {np.shape(got)}; it should be a scalar (the mean over the examples).")
        want = _reference(reference).drive("softmax_cross_entropy", Z, y)["value"]
        check_float(
            name,
            got,
            float(want),
            rtol=RTOL,
            mistakes={
                "summing over the examples instead of averaging": float(want) * m,
                "forgetting the minus sign": -float(want),
                "averaging over every entry of the (m, k) matrix": float(want) / k,
            },
        )
        check_float(f"{name} against the formula", got, _cross_entropy(Z, y), rtol=RTOL)
        _require_tensor("softmax_cross_entropy", result)


@graded(points=5, function="softmax_cross_entropy")
def test_cross_entropy_gradient(student, reference):
    """softmax_cross_entropy: a GradientTape differentiates it, to (softmax(Z) - onehot(y)) / m"""
    for seed, m, k in [(21, 6, 4), (22, 4, 5)]:
        Z, y = _logits_case(seed, m, k)
        name = f"the tape's gradient of softmax_cross_entropy for logits of shape {Z.shape}"
        gradient = student.drive("softmax_cross_entropy", Z, y)["gradient"]
        if gradient is None:
            raise Mismatch(
                f"{name} is None: the GradientTape could not follow the computation. Use TensorFlow "
                "operations only inside the function (no .numpy(), no np. functions)."
            )
        Y = np.eye(k)[y]
        check_array(
            name,
            gradient,
            (_softmax(Z) - Y) / m,
            rtol=1e-6,
            atol=1e-12,
            mistakes={"a sum over the examples instead of a mean": _softmax(Z) - Y},
        )


@graded(points=5, function="softmax_cross_entropy")
def test_cross_entropy_stable_and_keeps_dtype(student, reference):
    """softmax_cross_entropy: finite for confident wrong predictions, float32 logits accepted"""
    Z = np.array([[1000.0, 0.0, -1000.0], [0.0, 900.0, 0.0], [-500.0, 500.0, 0.0]])
    y = np.array([2, 0, 0])
    name = "softmax_cross_entropy for logits as large as ±1000 and wrong labels"
    got = student.drive("softmax_cross_entropy", Z, y)["value"]
    if not np.all(np.isfinite(np.asarray(got, dtype=np.float64))):
        raise Mismatch(
            f"{name} is not finite: the log of a probability that rounded to 0. Compute the log of the "
            "softmax as (z - max z) - log(sum(exp(z - max z))) instead of log(softmax(z))."
        )
    check_float(name, got, _cross_entropy(Z, y), rtol=RTOL)
    Z32, y32 = _logits_case(31, 4, 3)
    name = "softmax_cross_entropy for float32 logits"
    got = student.drive("softmax_cross_entropy", Z32.astype(np.float32), y32)["value"]
    if np.asarray(got).dtype != np.float32:
        raise Mismatch(
            f"{name} has dtype {np.asarray(got).dtype}: keep the logits' dtype (tf.one_hot(..., dtype=...))."
        )
    check_float(name, got, _cross_entropy(Z32.astype(np.float32).astype(np.float64), y32), rtol=F32_RTOL)


# ---------------------------------------------------------------- loss_and_gradients (20)


def _regression_case(seed, m, n_x, k):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, n_x))
    W = rng.standard_normal((n_x, k)) * 0.5
    b = rng.standard_normal(k) * 0.5
    y = rng.integers(0, k, size=m)
    return W, b, X, y


@graded(points=12, function="loss_and_gradients")
def test_loss_and_gradients_values(student, reference):
    """loss_and_gradients: the loss and the tape's gradients on random problems"""
    for seed, m, n_x, k in [(41, 7, 4, 3), (42, 5, 6, 5), (43, 9, 3, 2)]:
        W, b, X, y = _regression_case(seed, m, n_x, k)
        where = f"for W {W.shape}, b {b.shape}, X {X.shape}"
        got = check_tuple(f"loss_and_gradients(W, b, X, y) {where}", student.loss_and_gradients(W, b, X, y), 3)
        loss, dW, db = reference.loss_and_gradients(W, b, X, y)
        P, Y = _softmax(X @ W + b), np.eye(k)[y]
        check_float(f"the loss {where}", got[0], loss, rtol=RTOL)
        check_array(
            f"dW {where}",
            got[1],
            dW,
            rtol=RTOL,
            atol=ATOL,
            mistakes={"a sum over the examples instead of a mean": X.T @ (P - Y)},
        )
        check_array(
            f"db {where}",
            got[2],
            db,
            rtol=RTOL,
            atol=ATOL,
            mistakes={"a sum over the examples instead of a mean": (P - Y).sum(axis=0)},
        )
        check_array(f"dW {where}, against X^T (P - Y) / m", got[1], X.T @ (P - Y) / m, rtol=RTOL, atol=ATOL)


@graded(points=8, function="loss_and_gradients")
def test_loss_and_gradients_returns_plain_values(student, reference):
    """loss_and_gradients: a Python float and NumPy arrays of the parameters' shapes, inputs unchanged"""
    W, b, X, y = _regression_case(51, 6, 5, 4)
    W0, b0 = W.copy(), b.copy()
    loss, dW, db = check_tuple("loss_and_gradients(W, b, X, y)", student.loss_and_gradients(W, b, X, y), 3)
    if not isinstance(loss, float):
        raise Mismatch(f"the loss of loss_and_gradients is a {type(loss).__name__}; return a Python float.")
    check_shape("dW of loss_and_gradients(W, b, X, y) for W of shape (5, 4)", dW, (5, 4))
    check_shape("db of loss_and_gradients(W, b, X, y) for b of shape (4,)", db, (4,))
    if np.asarray(dW).dtype != np.float64 or np.asarray(db).dtype != np.float64:
        raise Mismatch("the gradients of loss_and_gradients should keep the float64 dtype of W and b.")
    if not (np.array_equal(W, W0) and np.array_equal(b, b0)):
        raise Mismatch("loss_and_gradients changed the W or b it was given; it should only compute.")


# ---------------------------------------------------------------- train_softmax_regression (25)


def _numpy_training(X, y, k, epochs, batch_size, lr, seed, variant=None):
    """The training loop in NumPy, and the same loop with one named mistake (``variant``)."""
    m, n_x = X.shape
    W, b = np.zeros((n_x, k)), np.zeros(k)
    rng = np.random.default_rng(seed)
    once = rng.permutation(m) if variant == "one permutation" else None
    losses = []
    for _ in range(epochs):
        if variant == "one permutation":
            perm = once
        elif variant == "no shuffle":
            perm = np.arange(m)
        else:
            perm = rng.permutation(m)
        batch_losses = []
        for start in range(0, m, batch_size):
            idx = perm[start : start + batch_size]
            Xb, yb = X[idx], y[idx]
            P, Y = _softmax(Xb @ W + b), np.eye(k)[yb]
            batch_losses.append(_cross_entropy(Xb @ W + b, yb))
            scale = 1.0 if variant == "sum" else 1.0 / len(idx)
            W = W - lr * Xb.T @ (P - Y) * scale
            b = b - lr * (P - Y).sum(axis=0) * scale
        losses.append(float(np.mean(batch_losses)) if variant == "mean batch loss" else _cross_entropy(X @ W + b, y))
    return W, b, losses


_TRAINING_MISTAKES = {
    "one permutation": "drawing one permutation for all epochs instead of one per epoch",
    "no shuffle": "taking the batches in the data's order, without shuffling",
    "mean batch loss": "recording the mean of the batch losses instead of the loss on all of X",
    "sum": "updating with the sum of the batch's gradients instead of their mean",
}


def _training_data(seed, m, n_x, k):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, n_x)), rng.integers(0, k, size=m)


def _check_training(student, reference, X, y, k, epochs, batch_size, lr, seed):
    where = (
        f"train_softmax_regression(X, y, {k}, num_epochs={epochs}, batch_size={batch_size}, "
        f"learning_rate={lr}, seed={seed}) for X of shape {X.shape}"
    )
    got = check_tuple(where, student.train_softmax_regression(X, y, k, epochs, batch_size, lr, seed), 3)
    W, b, losses = reference.train_softmax_regression(X, y, k, epochs, batch_size, lr, seed)
    if not isinstance(got[2], (list, tuple)) or len(got[2]) != epochs:
        raise Mismatch(f"losses of {where} should be a list of {epochs} floats, one per epoch.")
    got_losses = np.array([float(v) for v in got[2]])
    mistakes = {
        label: _numpy_training(X, y, k, epochs, batch_size, lr, seed, variant)[2]
        for variant, label in _TRAINING_MISTAKES.items()
    }
    check_array(f"losses of {where}", got_losses, losses, rtol=LOOP_RTOL, mistakes=mistakes)
    check_array(f"W of {where}", got[0], W, rtol=LOOP_RTOL, atol=1e-12)
    check_array(f"b of {where}", got[1], b, rtol=LOOP_RTOL, atol=1e-12)
    return got


@graded(points=10, function="train_softmax_regression")
def test_training_matches_reference(student, reference):
    """train_softmax_regression: weights, biases and losses of a short run"""
    X, y = _training_data(61, 23, 4, 3)
    got = _check_training(student, reference, X, y, 3, 3, 5, 0.4, 2)
    W_np, b_np, losses_np = _numpy_training(X, y, 3, 3, 5, 0.4, 2)
    check_array(
        "W of train_softmax_regression, against the same loop in NumPy", got[0], W_np, rtol=LOOP_RTOL, atol=1e-12
    )


@graded(points=5, function="train_softmax_regression")
def test_training_other_seeds_and_batch_sizes(student, reference):
    """train_softmax_regression: other seeds, and batch sizes that leave a smaller last batch"""
    X, y = _training_data(62, 17, 3, 4)
    for epochs, batch_size, lr, seed in [(2, 4, 0.3, 0), (4, 6, 0.7, 5)]:
        _check_training(student, reference, X, y, 4, epochs, batch_size, lr, seed)


@graded(points=5, function="train_softmax_regression")
def test_training_step_lowers_the_loss(student, reference):
    """train_softmax_regression: one full-batch step from zeros lowers the loss below log(k)"""
    X, y = _training_data(63, 12, 5, 3)
    where = "train_softmax_regression(X, y, 3, num_epochs=1, batch_size=12, learning_rate=0.5) for X (12, 5)"
    W, b, losses = check_tuple(where, student.train_softmax_regression(X, y, 3, 1, 12, 0.5, 0), 3)
    if not isinstance(losses, (list, tuple)) or len(losses) != 1:
        raise Mismatch(f"losses of {where} should be a list of 1 float.")
    if not float(losses[0]) < np.log(3.0):
        raise Mismatch(f"after one step of {where}, the loss did not go below its value at zero weights, log(3).")
    W_np, b_np, losses_np = _numpy_training(X, y, 3, 1, 12, 0.5, 0)
    check_array(f"W after {where}", W, W_np, rtol=RTOL, atol=ATOL)
    check_array(f"b after {where}", b, b_np, rtol=RTOL, atol=ATOL)


@graded(points=5, function="train_softmax_regression")
def test_training_losses_decrease(student, reference):
    """train_softmax_regression: float losses that decrease over epochs with a small step"""
    X, y = _training_data(64, 30, 4, 3)
    W, b, losses = check_tuple(
        "train_softmax_regression(...)", student.train_softmax_regression(X, y, 3, 6, 8, 0.05, 3), 3
    )
    if not isinstance(losses, (list, tuple)) or len(losses) != 6:
        raise Mismatch("losses of train_softmax_regression(..., num_epochs=6, ...) should be a list of 6 floats.")
    if not all(isinstance(v, float) for v in losses):
        raise Mismatch("losses should hold Python floats (float(loss)), one per epoch.")
    if not all(b_ < a for a, b_ in zip(losses, losses[1:], strict=False)):
        raise Mismatch("with learning_rate=0.05 the training loss should decrease at every epoch; yours does not.")
    check_shape("W of train_softmax_regression for X (30, 4) and 3 classes", W, (4, 3))
    check_shape("b of train_softmax_regression for 3 classes", b, (3,))


# ---------------------------------------------------------------- build_softmax_regression_model (20)

BUILDER = "build_softmax_regression_model"


def _kwargs(n_features, n_classes, learning_rate):
    return {"n_features": n_features, "n_classes": n_classes, "learning_rate": learning_rate}


@graded(points=8, function="build_softmax_regression_model")
def test_keras_model_architecture(student, reference):
    """build_softmax_regression_model: one softmax Dense layer, its shape and parameters, zero start"""
    for n_features, n_classes in [(7, 3), (4, 6)]:
        where = f"build_softmax_regression_model({n_features}, {n_classes})"
        got = student.drive("describe_model", BUILDER, _kwargs(n_features, n_classes, 0.5))
        want = _reference(reference).drive("describe_model", BUILDER, _kwargs(n_features, n_classes, 0.5))
        if got["layers"] != want["layers"]:
            raise Mismatch(f"{where} has the layers {got['layers']}; it should have one Dense layer.")
        if got["output_shapes"] != want["output_shapes"]:
            raise Mismatch(
                f"the Dense layer of {where} has output shape {got['output_shapes'][0]}: "
                "it should give one probability per class."
            )
        if got["params"] != want["params"]:
            raise Mismatch(
                f"{where} has {sum(got['params'])} parameters, which is not n_features * n_classes + n_classes."
            )
        if got["activations"] != want["activations"]:
            raise Mismatch(f"the Dense layer of {where} has activation {got['activations'][0]!r}; use the softmax.")
        if not got["initial_weights_zero"]:
            raise Mismatch(f"{where} does not start from zero weights: kernel_initializer='zeros'.")


@graded(points=4, function="build_softmax_regression_model")
def test_keras_model_compiled_with_sgd(student, reference):
    """build_softmax_regression_model: compiled, with SGD and the learning rate asked for"""
    got = student.drive("describe_model", BUILDER, _kwargs(5, 3, 0.3))
    if not got["compiled"]:
        raise Mismatch("build_softmax_regression_model returns a model that is not compiled.")
    if got["optimizer"] != "SGD":
        raise Mismatch(f"build_softmax_regression_model compiles with {got['optimizer']}; use keras.optimizers.SGD.")
    check_float(
        "the learning rate of build_softmax_regression_model(5, 3, learning_rate=0.3)",
        got["learning_rate"],
        0.3,
        rtol=1e-6,
    )


def _dense_weights(seed, n_features, n_classes):
    rng = np.random.default_rng(seed)
    return [
        rng.standard_normal((n_features, n_classes)).astype(np.float32),
        rng.standard_normal(n_classes).astype(np.float32),
    ]


@graded(points=4, function="build_softmax_regression_model")
def test_keras_model_forward_pass(student, reference):
    """build_softmax_regression_model: probabilities on given weights"""
    weights = _dense_weights(71, 6, 4)
    x = np.random.default_rng(72).standard_normal((5, 6)).astype(np.float32)
    kwargs = _kwargs(6, 4, 0.5)
    got = student.drive("predict", BUILDER, kwargs, weights, x)
    want = _reference(reference).drive("predict", BUILDER, kwargs, weights, x)
    name = "the output of build_softmax_regression_model(6, 4) with given weights on 5 examples"
    check_array(name, got, want, rtol=F32_RTOL, atol=F32_ATOL)
    W, b = (w.astype(np.float64) for w in weights)
    check_array(f"{name}, against softmax(x W + b)", got, _softmax(x.astype(np.float64) @ W + b), rtol=1e-4, atol=1e-6)


@graded(points=4, function="build_softmax_regression_model")
def test_keras_training_step_lowers_the_loss(student, reference):
    """build_softmax_regression_model: the compiled loss, and one SGD step that lowers it"""
    weights = _dense_weights(81, 5, 3)
    weights = [w * 0.3 for w in weights]
    rng = np.random.default_rng(82)
    x = rng.standard_normal((8, 5)).astype(np.float32)
    y = rng.integers(0, 3, size=8)
    kwargs = _kwargs(5, 3, 0.5)
    got = student.drive("train_steps", BUILDER, kwargs, weights, x, y, 1)
    want = _reference(reference).drive("train_steps", BUILDER, kwargs, weights, x, y, 1)
    W, b = (w.astype(np.float64) for w in weights)
    check_float(
        "the compiled loss of build_softmax_regression_model on given weights",
        got["loss_before"],
        _cross_entropy(x.astype(np.float64) @ W + b, y),
        rtol=1e-5,
    )
    if not got["loss_after"] < got["loss_before"]:
        raise Mismatch("one training step of build_softmax_regression_model's model did not lower the loss.")
    check_float(
        "the loss after one training step of build_softmax_regression_model's model",
        got["loss_after"],
        want["loss_after"],
        rtol=1e-4,
    )


# ---------------------------------------------------------------- matmul_on_device (10)


@graded(points=5, function="matmul_on_device")
def test_matmul_on_device_product(student, reference):
    """matmul_on_device: the product, as a NumPy array"""
    rng = np.random.default_rng(91)
    for n, p, q in [(3, 4, 2), (5, 2, 6)]:
        A, B = rng.standard_normal((n, p)), rng.standard_normal((p, q))
        where = f'matmul_on_device(A, B, "/CPU:0") for A {A.shape}, B {B.shape}'
        C, _ = check_tuple(where, student.matmul_on_device(A, B, "/CPU:0"), 2)
        check_array(f"the product of {where}", C, A @ B, rtol=RTOL, atol=ATOL)


@graded(points=5, function="matmul_on_device")
def test_matmul_on_device_placement(student, reference):
    """matmul_on_device: the device the product ran on"""
    A, B = np.ones((2, 3)), np.ones((3, 2))
    for device in ["/CPU:0", "/device:CPU:0"]:
        where = f'matmul_on_device(A, B, "{device}")'
        _, placed_on = check_tuple(where, student.matmul_on_device(A, B, device), 2)
        if not isinstance(placed_on, str):
            raise Mismatch(
                f"the device of {where} is a {type(placed_on).__name__}; return the result's .device (a str)."
            )
        if not placed_on.endswith("device:CPU:0"):
            raise Mismatch(
                f"the device of {where} is {placed_on!r}, which is not the CPU asked for: compute "
                "the product inside `with tf.device(device):` and return that tensor's .device."
            )
