"""Hidden tests of the sequence_models assignment (batch first, time second: (m, T, n_x)).

Models go through drivers (autograder/sandbox/drivers/sequence_models.py) that return
plain data; the reference goes through the same drivers. ``set_forget_bias`` and
``input_gradient_norms`` are graded on the drivers' fixed probe networks, so a wrong
``build_rnn_classifier`` does not cost their points. Tolerances: generated data and the
float64 recurrence rtol=1e-7 (atol=1e-12 for states that cancel to about 0); float32
recurrences rtol=1e-5; float32 forward passes and input gradients rtol=1e-5 with a
small atol; the loss after Adam steps rtol=1e-4.
"""

from __future__ import annotations

import numpy as np

from autograder.student import NamespaceStudent, StudentError
from autograder.testing import Mismatch, check_array, check_float, check_shape, graded
from dlcourse.compare import as_numeric_array

ASSIGNMENT = "sequence_models"
RTOL, ATOL = 1e-7, 1e-12
F32_RTOL, F32_ATOL = 1e-5, 1e-6
BUILDER = "build_rnn_classifier"


def _reference(reference):
    return NamespaceStudent(vars(reference), ASSIGNMENT)


# ---------------------------------------------------------------- make_memory_task (15)


def _memory_mistakes(n, T, k, seed, noise_std):
    """The data with one named mistake each, from the same seed."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, size=n)
    noise = rng.standard_normal((n, T - 1, k))
    base = np.zeros((n, T, k + 1))
    base[np.arange(n), 0, y] = 1.0
    base[:, 0, k] = 1.0
    no_marker = base.copy()
    no_marker[:, 0, k] = 0.0
    unscaled, marker_everywhere = base.copy(), base.copy()
    unscaled[:, 1:, :k] = noise
    marker_everywhere[:, 1:, :k] = noise_std * noise
    marker_everywhere[:, :, k] = 1.0
    no_marker[:, 1:, :k] = noise_std * noise
    swapped = np.zeros((n, T, k + 1))  # the noise drawn before the labels
    rng = np.random.default_rng(seed)
    noise2 = rng.standard_normal((n, T - 1, k))
    y2 = rng.integers(0, k, size=n)
    swapped[np.arange(n), 0, y2] = 1.0
    swapped[:, 0, k] = 1.0
    swapped[:, 1:, :k] = noise_std * noise2
    return {
        "leaving the marker out of step 0": no_marker,
        "forgetting to multiply the noise by noise_std": unscaled,
        "setting the marker at every step": marker_everywhere,
        "drawing the noise before the labels": swapped,
    }


@graded(points=10, function="make_memory_task")
def test_make_memory_task_values(student, reference):
    """make_memory_task: the sequences and labels a seed gives"""
    for n, T, k, seed, noise_std in [(6, 5, 3, 1, 1.0), (4, 7, 2, 2, 0.5), (9, 3, 5, 3, 2.0)]:
        name = f"make_memory_task({n}, {T}, {k}, rng, noise_std={noise_std}) with rng = default_rng({seed})"
        got = student.make_memory_task(n, T, k, np.random.default_rng(seed), noise_std)
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            raise Mismatch(f"{name} should return a tuple (X, y).")
        X, y = reference.make_memory_task(n, T, k, np.random.default_rng(seed), noise_std)
        check_array(f"y of {name}", got[1], y, rtol=0)
        check_array(f"X of {name}", got[0], X, rtol=RTOL, mistakes=_memory_mistakes(n, T, k, seed, noise_std))


@graded(points=5, function="make_memory_task")
def test_make_memory_task_structure(student, reference):
    """make_memory_task: float32 sequences, integer labels, the class and marker at step 0 only"""
    n, T, k = 50, 6, 4
    X, y = student.make_memory_task(n, T, k, np.random.default_rng(5), 0.0)
    X = check_shape(f"X of make_memory_task({n}, {T}, {k}, rng)", X, (n, T, k + 1))
    y = check_shape(f"y of make_memory_task({n}, {T}, {k}, rng)", y, (n,))
    if X.dtype != np.float32:
        raise Mismatch(f"X of make_memory_task has dtype {X.dtype}; it should be float32.")
    if y.dtype.kind not in "iu":
        raise Mismatch(f"y of make_memory_task has dtype {y.dtype}; the labels should be integers.")
    if not np.array_equal(np.argmax(X[:, 0, :k], axis=1), y) or not np.all(X[:, 0, :k].sum(axis=1) == 1):
        raise Mismatch("step 0 of make_memory_task's X should be the one-hot vector of the label y.")
    if not np.all(X[:, 0, k] == 1) or np.any(X[:, 1:, k] != 0):
        raise Mismatch("the marker (the last feature) should be 1 at step 0 and 0 at every other step.")
    if np.any(X[:, 1:, :k] != 0):
        raise Mismatch("with noise_std=0.0, make_memory_task's steps 1 to T - 1 should be all zeros.")
    if len(np.unique(y)) < 2:
        raise Mismatch("make_memory_task's labels are all the same: draw them with rng.integers(0, n_classes, ...).")


# ---------------------------------------------------------------- simple_rnn_forward (20)


def _rnn_case(seed, m, T, n_x, n_a, dtype=np.float64):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((m, T, n_x))
    kernel = rng.standard_normal((n_x, n_a)) * 0.6
    recurrent = rng.standard_normal((n_a, n_a)) * 0.6
    bias = rng.standard_normal(n_a) * 0.3
    return [a.astype(dtype) for a in (X, kernel, recurrent, bias)]


def _numpy_rnn(X, kernel, recurrent, bias, recur=True):
    a = np.zeros((X.shape[0], kernel.shape[1]))
    states = []
    for t in range(X.shape[1]):
        a = np.tanh(X[:, t] @ kernel + (a @ recurrent if recur else 0) + bias)
        states.append(a)
    return np.stack(states, axis=1)


@graded(points=12, function="simple_rnn_forward")
def test_simple_rnn_forward_values(student, reference):
    """simple_rnn_forward: every hidden state, on random weights and sequences"""
    for seed, m, T, n_x, n_a in [(11, 3, 5, 4, 6), (12, 2, 7, 3, 3), (13, 4, 2, 5, 2)]:
        X, kernel, recurrent, bias = _rnn_case(seed, m, T, n_x, n_a)
        name = f"simple_rnn_forward(X, kernel, recurrent_kernel, bias) for X {X.shape} and n_a={n_a}"
        got = as_numeric_array(name, student.simple_rnn_forward(X, kernel, recurrent, bias))
        want = reference.simple_rnn_forward(X, kernel, recurrent, bias)
        if got.shape == (m, n_a):
            raise Mismatch(
                f"{name} has shape {got.shape}: it returns the last state only; "
                f"stack all T states along axis 1, shape {(m, T, n_a)}."
            )
        check_array(
            name,
            got,
            want,
            rtol=RTOL,
            atol=ATOL,
            mistakes={
                "leaving out the recurrent term a_prev @ recurrent_kernel": _numpy_rnn(
                    X, kernel, recurrent, bias, False
                ),
                "multiplying by recurrent_kernel transposed": _numpy_rnn(X, kernel, recurrent.T, bias),
            },
        )


@graded(points=8, function="simple_rnn_forward")
def test_simple_rnn_forward_float32(student, reference):
    """simple_rnn_forward: float32 inputs give float32 states, as Keras's layer does"""
    X, kernel, recurrent, bias = _rnn_case(21, 3, 4, 2, 5, dtype=np.float32)
    name = "simple_rnn_forward for float32 X (3, 4, 2) and weights"
    got = check_shape(name, student.simple_rnn_forward(X, kernel, recurrent, bias), (3, 4, 5))
    if got.dtype != np.float32:
        raise Mismatch(f"{name} has dtype {got.dtype}; keep the dtype of X (float32 here).")
    check_array(
        name,
        got,
        _numpy_rnn(*(a.astype(np.float64) for a in (X, kernel, recurrent, bias))),
        rtol=F32_RTOL,
        atol=F32_ATOL,
    )


# ---------------------------------------------------------------- build_rnn_classifier (35)

RNN_CASES = [("simple_rnn", (6, 3), 4, 5), ("lstm", (6, 3), 4, 5), ("lstm", (4, 2), 3, 3)]


def _kwargs(cell, input_shape, n_classes, units, learning_rate=3e-3):
    return {
        "cell": cell,
        "input_shape": tuple(input_shape),
        "n_classes": n_classes,
        "units": units,
        "learning_rate": learning_rate,
    }


def _where(kwargs):
    return (
        f"build_rnn_classifier({kwargs['cell']!r}, {kwargs['input_shape']}, {kwargs['n_classes']}, "
        f"units={kwargs['units']})"
    )


@graded(points=10, function="build_rnn_classifier")
def test_rnn_classifier_layers_and_shapes(student, reference):
    """build_rnn_classifier: a SimpleRNN or LSTM layer then a softmax Dense, with their output shapes"""
    for case in RNN_CASES:
        kwargs = _kwargs(*case)
        got = student.drive("describe_model", BUILDER, kwargs)
        want = _reference(reference).drive("describe_model", BUILDER, kwargs)
        if got["layers"] != want["layers"]:
            raise Mismatch(f"{_where(kwargs)} has the layers {got['layers']}; it should have {want['layers']}.")
        for i, (g, w) in enumerate(zip(got["output_shapes"], want["output_shapes"], strict=True)):
            if tuple(g) != tuple(w):
                raise Mismatch(
                    f"layer {i + 1} ({got['layers'][i]}) of {_where(kwargs)} has output shape {tuple(g)}, "
                    "which is not right (the recurrent layer should return its last state only)."
                )
        if got["activations"][-1] != "softmax":
            raise Mismatch(f"the output layer of {_where(kwargs)} should use the softmax.")


@graded(points=8, function="build_rnn_classifier")
def test_rnn_classifier_parameter_counts(student, reference):
    """build_rnn_classifier: the parameters of the recurrent and output layers"""
    for case in RNN_CASES:
        kwargs = _kwargs(*case)
        got = student.drive("describe_model", BUILDER, kwargs)
        want = _reference(reference).drive("describe_model", BUILDER, kwargs)
        if got["params"] != want["params"]:
            raise Mismatch(
                f"{_where(kwargs)} has {got['params']} parameters per layer, which is not right: "
                "check units and the number of classes."
            )


@graded(points=5, function="build_rnn_classifier")
def test_rnn_classifier_compiled_and_checked(student, reference):
    """build_rnn_classifier: Adam with the learning rate asked for, float32 output, ValueError for another cell"""
    kwargs = _kwargs("lstm", (5, 2), 3, 4, learning_rate=0.007)
    got = student.drive("describe_model", BUILDER, kwargs)
    if not got["compiled"] or got["optimizer"] != "Adam":
        raise Mismatch("build_rnn_classifier should return a model compiled with keras.optimizers.Adam.")
    check_float(
        "the learning rate of build_rnn_classifier(..., learning_rate=0.007)", got["learning_rate"], 0.007, rtol=1e-6
    )
    dtype = student.drive("output_dtype_under_mixed_precision", BUILDER, kwargs)
    if dtype != "float32":
        raise Mismatch(
            f"built under the mixed_float16 policy, build_rnn_classifier's output is {dtype}: create the "
            'output layer with dtype="float32".'
        )
    try:
        student.drive("describe_model", BUILDER, _kwargs("gru", (5, 2), 3, 4))
    except StudentError as exc:
        if "ValueError" not in str(exc):
            raise Mismatch(f"build_rnn_classifier('gru', ...) should raise a ValueError; {exc}") from None
    else:
        raise Mismatch("build_rnn_classifier('gru', ...) returned a model; it should raise a ValueError.")


def _weights_for(reference, kwargs, seed, scale=0.4):
    shapes = _reference(reference).drive("describe_model", BUILDER, kwargs)["weight_shapes"]
    rng = np.random.default_rng(seed)
    return [(rng.standard_normal(s) * scale).astype(np.float32) for s in shapes]


@graded(points=6, function="build_rnn_classifier")
def test_rnn_classifier_forward_pass(student, reference):
    """build_rnn_classifier: the probabilities it outputs with given weights"""
    for case, seed in zip(RNN_CASES[:2], [31, 32], strict=True):
        kwargs = _kwargs(*case)
        weights = _weights_for(reference, kwargs, seed)
        x = np.random.default_rng(seed + 100).standard_normal((3, *kwargs["input_shape"])).astype(np.float32)
        got = student.drive("predict", BUILDER, kwargs, weights, x)
        want = _reference(reference).drive("predict", BUILDER, kwargs, weights, x)
        check_array(f"the output of {_where(kwargs)} with given weights", got, want, rtol=F32_RTOL, atol=F32_ATOL)


@graded(points=6, function="build_rnn_classifier")
def test_rnn_classifier_training_steps_lower_the_loss(student, reference):
    """build_rnn_classifier: its compiled loss, and two training steps that lower it"""
    kwargs = _kwargs("lstm", (5, 3), 3, 4, learning_rate=0.01)
    weights = _weights_for(reference, kwargs, 41)
    rng = np.random.default_rng(42)
    x = rng.standard_normal((6, 5, 3)).astype(np.float32)
    y = rng.integers(0, 3, size=6)
    got = student.drive("train_steps", BUILDER, kwargs, weights, x, y, 2)
    want = _reference(reference).drive("train_steps", BUILDER, kwargs, weights, x, y, 2)
    check_float(
        "build_rnn_classifier's compiled loss on given weights (the cross-entropy for integer labels)",
        got["loss_before"],
        want["loss_before"],
        rtol=1e-5,
    )
    if not got["loss_after"] < got["loss_before"]:
        raise Mismatch("two training steps of build_rnn_classifier's model did not lower its loss.")
    check_float(
        "the loss after two training steps of build_rnn_classifier's model",
        got["loss_after"],
        want["loss_after"],
        rtol=1e-4,
    )


# ---------------------------------------------------------------- set_forget_bias (10)


@graded(points=10, function="set_forget_bias")
def test_set_forget_bias(student, reference):
    """set_forget_bias: the forget block of every LSTM bias set, everything else unchanged"""
    units, value = (3, 2), 2.5
    got = student.drive("forget_bias_probe", units, 51, value)
    want = _reference(reference).drive("forget_bias_probe", units, 51, value)
    before, after = got["before"], got["after"]
    if len(after) != len(before):
        raise Mismatch("set_forget_bias changed the number of weights of the model.")
    index = 0
    lstm = 0
    for kind, count in zip(got["layers"], got["weights_per_layer"], strict=True):
        for j in range(count):
            b0, b1 = np.asarray(before[index + j]), np.asarray(after[index + j])
            if kind == "LSTM" and j == count - 1:  # the bias: blocks [input, forget, cell, output]
                n = units[lstm]
                if not np.all(b1[n : 2 * n] == np.float32(value)):
                    hint = ""
                    for k, gate in ((0, "input"), (2, "cell"), (3, "output")):
                        if np.all(b1[k * n : (k + 1) * n] == np.float32(value)):
                            hint = f" It set the {gate} gate's block instead: the order is input, forget, cell, output."
                    raise Mismatch(
                        f"the forget-gate block, bias[{n}:{2 * n}], of LSTM layer {lstm + 1} is not {value}.{hint}"
                    )
                if not (np.array_equal(b1[:n], b0[:n]) and np.array_equal(b1[2 * n :], b0[2 * n :])):
                    raise Mismatch(
                        f"set_forget_bias changed blocks other than the forget gate's in LSTM layer {lstm + 1}."
                    )
                lstm += 1
            elif not np.array_equal(b0, b1):
                raise Mismatch(
                    f"set_forget_bias changed a weight of a {kind} layer; only the LSTM biases' "
                    "forget blocks should change."
                )
        index += count
    for i, (g, w) in enumerate(zip(after, want["after"], strict=True)):
        check_array(f"weight {i} of the model after set_forget_bias", g, w, rtol=0)


# ---------------------------------------------------------------- input_gradient_norms (20)


def _norm_case(seed, m, T, n_x, n_classes):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((m, T, n_x)).astype(np.float32), rng.integers(0, n_classes, size=m)


def _check_norms(student, reference, cell, seed, m, T, n_x, n_classes, units):
    X, y = _norm_case(seed, m, T, n_x, n_classes)
    args = (cell, (T, n_x), n_classes, units, seed, X, y)
    name = f"input_gradient_norms(model, X, y) for a {cell} model and X of shape {X.shape}"
    got = check_shape(name, student.drive("input_gradient_norms", *args), (T,))
    want = np.asarray(_reference(reference).drive("input_gradient_norms", *args), dtype=np.float64)
    check_array(
        name,
        got,
        want,
        rtol=1e-4,
        atol=1e-7,
        mistakes={
            "a mean loss over the batch instead of the sum": want / m,
        },
    )


@graded(points=10, function="input_gradient_norms")
def test_input_gradient_norms_simple_rnn(student, reference):
    """input_gradient_norms: per-step gradient norms of a SimpleRNN classifier"""
    _check_norms(student, reference, "simple_rnn", 61, 5, 6, 3, 4, 5)


@graded(points=10, function="input_gradient_norms")
def test_input_gradient_norms_lstm(student, reference):
    """input_gradient_norms: per-step gradient norms of an LSTM classifier"""
    _check_norms(student, reference, "lstm", 62, 4, 7, 2, 3, 4)
