"""Public checks of the optimization assignment.

Each ``check_<function>(f)`` calls your function on small fixed inputs, rebuilt here
from fixed seeds, and compares the result with the reference solution's, stored in
``optimization_expected.json`` (with the results of a few typical mistakes, so that a
wrong result can be named). The checks run instantly and say what is wrong; passing them
does not guarantee full marks: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from dlcourse import expected
from dlcourse.checking import call, passed
from dlcourse.compare import Mismatch, check_keys, check_shape, check_tuple
from dlcourse.expected import Case


def _parameters(dims: tuple[int, ...], seed: int) -> dict:
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1]))
        parameters[f"b{l}"] = rng.standard_normal((dims[l], 1))
    return parameters


def _like(parameters: Mapping[str, np.ndarray], seed: int, positive: bool = False, scale: float = 1.0) -> dict:
    """Arrays keyed "dW{l}", "db{l}" of the parameters' shapes (gradients, or running averages)."""
    rng = np.random.default_rng(seed)
    out = {}
    for key, value in parameters.items():
        a = rng.standard_normal(value.shape) * scale
        out["d" + key] = a**2 if positive else a
    return out


def _keys(parameters: Mapping[str, np.ndarray]) -> list[str]:
    return ["d" + k for k in parameters]


# The public inputs.
MINI_BATCH_CASES = {"m=10, size 4": (10, 4, 1), "m=8, size 4": (8, 4, 2), "m=5, size 8": (5, 8, 3)}
DIMS = (2, 3, 1)


def mini_batch_inputs(m: int) -> tuple[np.ndarray, np.ndarray]:
    """X[i, j] = j + 100 i, and Y[0, j] = j: every column says which example it is."""
    X = np.arange(m, dtype=np.float64) + 100.0 * np.arange(3, dtype=np.float64)[:, None]
    Y = np.arange(m, dtype=np.float64).reshape(1, m)
    return X, Y


def momentum_inputs() -> tuple[dict, dict, dict]:
    parameters = _parameters(DIMS, 1)
    return parameters, _like(parameters, 2), _like(parameters, 3, scale=0.5)


def rmsprop_inputs() -> tuple[dict, dict, dict]:
    parameters = _parameters(DIMS, 4)
    return parameters, _like(parameters, 5), _like(parameters, 6, positive=True, scale=0.5)


def adam_inputs() -> tuple[dict, dict, dict, dict]:
    parameters = _parameters(DIMS, 7)
    return (
        parameters,
        _like(parameters, 8),
        _like(parameters, 9, scale=0.3),
        _like(parameters, 10, positive=True, scale=0.3),
    )


MOMENTUM_CASES = {"beta = 0.9, learning_rate = 0.05": (0.9, 0.05), "beta = 0.7, learning_rate = 0.3": (0.7, 0.3)}
RMSPROP_CASES = {
    "beta = 0.9, learning_rate = 0.01": (0.9, 0.01, None),
    "beta = 0.99, learning_rate = 0.1, epsilon = 0.1": (0.99, 0.1, 0.1),
}
ADAM_CASES = {
    "t = 3 and the default hyperparameters": (3, None),
    "t = 1 and the default hyperparameters": (1, None),
    "t = 5, learning_rate = 0.02, beta1 = 0.8, beta2 = 0.99, epsilon = 0.1": (5, (0.02, 0.8, 0.99, 0.1)),
}
UPDATE_LR_CASES = [(0.5, 0, 1.0), (0.5, 3, 0.2), (0.01, 250, 0.05)]
SCHEDULE_CASES = [(0.3, 270, 0.5, 100), (0.5, 99, 1.0, 100), (0.2, 10, 2.0, 5)]
SCHEDULE_DEFAULT_CASES = [(0.5, 999, 1.0), (0.5, 1000, 1.0), (0.5, 2500, 0.5)]


def _adam_case(t: int, hyper: tuple | None) -> tuple:
    parameters, grads, v, s = adam_inputs()
    if t == 1:
        v = {k: np.zeros_like(a) for k, a in v.items()}
        s = {k: np.zeros_like(a) for k, a in s.items()}
    return (parameters, grads, v, s, t) + (hyper or ())


CASES = {
    **{
        f"random_mini_batches/{label}": Case(
            "random_mini_batches", (*mini_batch_inputs(m), size, np.random.default_rng(seed))
        )
        for label, (m, size, seed) in MINI_BATCH_CASES.items()
    },
    **{
        f"momentum/{label}": Case("update_parameters_with_momentum", (*momentum_inputs(), beta, lr))
        for label, (beta, lr) in MOMENTUM_CASES.items()
    },
    **{
        f"rmsprop/{label}": Case(
            "update_parameters_with_rmsprop", (*rmsprop_inputs(), beta, lr) + (() if eps is None else (eps,))
        )
        for label, (beta, lr, eps) in RMSPROP_CASES.items()
    },
    **{
        f"adam/{label}": Case("update_parameters_with_adam", _adam_case(t, hyper))
        for label, (t, hyper) in ADAM_CASES.items()
    },
    **{f"update_lr/{i}": Case("update_lr", c) for i, c in enumerate(UPDATE_LR_CASES)},
    **{f"schedule/{i}": Case("schedule_lr_decay", c) for i, c in enumerate(SCHEDULE_CASES)},
    **{f"schedule_default/{i}": Case("schedule_lr_decay", c) for i, c in enumerate(SCHEDULE_DEFAULT_CASES)},
}
EXPECTED = expected.load(__file__, CASES)


def check_random_mini_batches(f: Callable) -> None:
    for label, (m, size, _) in MINI_BATCH_CASES.items():
        where = f"for {label}"
        batches = EXPECTED.run(f"random_mini_batches/{label}", f)
        if not isinstance(batches, (list, tuple)):
            raise Mismatch(
                f"random_mini_batches should return a list of (X_batch, Y_batch), not a {type(batches).__name__}."
            )
        want = -(-m // size)
        if len(batches) != want:
            hint = ""
            if len(batches) == m // size:
                hint = " The last, smaller batch is missing: keep the remaining examples as a last batch."
            elif len(batches) == want + 1:
                hint = " There is one batch too many: is the last one empty?"
            raise Mismatch(f"{where} there should be {want} mini-batches, but there are {len(batches)}." + hint)
        columns = []
        for k, batch in enumerate(batches):
            X_b, Y_b = check_tuple(f"mini-batch {k} {where}", batch, 2)
            n = min(size, m - k * size)
            Y_arr = np.asarray(Y_b)
            if Y_arr.shape == (n,):
                raise Mismatch(f"Y_batch {k} {where} has shape {(n,)}; keep its row dimension: shape {(1, n)}.")
            X_b = check_shape(f"X_batch {k} {where}", X_b, (3, n))
            Y_b = check_shape(f"Y_batch {k} {where}", Y_b, (1, n))
            if not (
                np.array_equal(X_b[1] - X_b[0], np.full(n, 100.0))
                and np.array_equal(X_b[2] - X_b[0], np.full(n, 200.0))
            ):
                raise Mismatch(
                    f"X_batch {k} {where} holds columns that are not columns of X: shuffle whole columns "
                    "(X[:, perm]), not rows or single entries."
                )
            if not np.array_equal(X_b[0], Y_b[0]):
                raise Mismatch(
                    f"in mini-batch {k} {where}, the columns of Y_batch are not the labels of the columns of "
                    "X_batch: shuffle X and Y with the same permutation."
                )
            columns.extend(int(j) for j in Y_b[0])
        if sorted(columns) != list(range(m)):
            raise Mismatch(
                f"{where} the mini-batches do not hold every example exactly once: slice consecutive, "
                "non-overlapping blocks of the shuffled columns."
            )
        if m > 2 and columns == list(range(m)):
            raise Mismatch(f"{where} the examples are in their original order: shuffle them first.")
        if columns != [int(j) for _, Y_b in EXPECTED.value(f"random_mini_batches/{label}") for j in Y_b[0]]:
            raise Mismatch(
                f"{where} the examples are shuffled, but not in the order the seeded draw gives: draw "
                "perm = rng.permutation(m), once, and use X[:, perm] and Y[:, perm]."
            )
    passed("random_mini_batches")


def _check_zeros(name: str, f: Callable, got: Any, parameters: Mapping[str, np.ndarray]) -> None:
    if isinstance(got, Mapping) and any(k in got for k in parameters) and not any(k in got for k in _keys(parameters)):
        raise Mismatch(f"{name} uses the parameters' keys ('W1', ...); its keys should be 'dW1', 'db1', ...")
    check_keys(name, got, _keys(parameters))
    for key, value in parameters.items():
        arr = check_shape(f"{name}['d{key}']", got["d" + key], value.shape)
        if arr.dtype.kind != "f":
            raise Mismatch(
                f"{name}['d{key}'] has dtype {arr.dtype}; it should hold floats (np.zeros_like(W, dtype=float))."
            )
        if np.any(arr != 0):
            raise Mismatch(f"{name}['d{key}'] should be all zeros.")


def _check_initializer(fname: str, f: Callable) -> None:
    for dims in ((3, 4, 2, 1), (5, 1)):
        parameters = _parameters(dims, 11)
        got = call(fname, f, parameters)
        _check_zeros(f"{fname}(parameters) for layers {list(dims)}", f, got, parameters)
    passed(fname)


def check_initialize_velocity(f: Callable) -> None:
    _check_initializer("initialize_velocity", f)


def check_initialize_rmsprop(f: Callable) -> None:
    _check_initializer("initialize_rmsprop", f)


def check_initialize_adam(f: Callable) -> None:
    for dims in ((3, 4, 2, 1), (5, 1)):
        parameters = _parameters(dims, 12)
        v, s = check_tuple(
            f"initialize_adam(parameters) for layers {list(dims)}", call("initialize_adam", f, parameters), 2
        )
        _check_zeros(f"v for layers {list(dims)}", f, v, parameters)
        _check_zeros(f"s for layers {list(dims)}", f, s, parameters)
        if v is s or any(v[k] is s[k] for k in v):
            raise Mismatch("v and s share the same arrays: create separate zero arrays for each.")
    passed("initialize_adam")


def _check_update(name: str, got: tuple, case: str, outputs: tuple[str, ...], keys: Mapping[str, list]) -> None:
    """``got`` is the tuple the function returned: ``(parameters, v)``, ``(parameters, s)`` or
    ``(parameters, v, s)``; ``outputs`` names its items in the order they are checked."""
    order = {"parameters": 0, "v": 1, "s": 2 if "v" in keys else 1}
    for out in outputs:
        i = order[out]
        check_keys(f"the returned {out} ({name})", got[i], keys[out])
        for key in keys[out]:
            EXPECTED.check(f"{out}['{key}'] ({name})", got[i][key], case, (i, key))


def check_update_parameters_with_momentum(f: Callable) -> None:
    parameters, _, _ = momentum_inputs()
    keys = {"parameters": list(parameters), "v": _keys(parameters)}
    for label in MOMENTUM_CASES:
        out = check_tuple(f"update_parameters_with_momentum(...) with {label}", EXPECTED.run(f"momentum/{label}", f), 2)
        _check_update(label, out, f"momentum/{label}", ("v", "parameters"), keys)
    passed("update_parameters_with_momentum")


def check_update_parameters_with_rmsprop(f: Callable) -> None:
    parameters, _, _ = rmsprop_inputs()
    keys = {"parameters": list(parameters), "s": _keys(parameters)}
    for label in RMSPROP_CASES:
        out = check_tuple(f"update_parameters_with_rmsprop(...) with {label}", EXPECTED.run(f"rmsprop/{label}", f), 2)
        _check_update(label, out, f"rmsprop/{label}", ("s", "parameters"), keys)
    passed("update_parameters_with_rmsprop")


def check_update_parameters_with_adam(f: Callable) -> None:
    parameters, _, _, _ = adam_inputs()
    keys = {"parameters": list(parameters), "v": _keys(parameters), "s": _keys(parameters)}
    for label, (t, _) in ADAM_CASES.items():
        out = check_tuple(f"update_parameters_with_adam(...) with {label}", EXPECTED.run(f"adam/{label}", f), 3)
        if t == 1 and isinstance(out[0], Mapping):
            for key, value in out[0].items():
                arr = np.asarray(value, dtype=np.float64)
                if not np.all(np.isfinite(arr)):
                    raise Mismatch(
                        f"parameters['{key}'] after the first step (t = 1) is not finite: t counts the updates "
                        "from 1, so the correction divides by 1 - beta**t with t = 1 (with t - 1 = 0 it divides by 0)."
                    )
        _check_update(label, out, f"adam/{label}", ("v", "s", "parameters"), keys)
    passed("update_parameters_with_adam")


def check_update_lr(f: Callable) -> None:
    for i, (lr0, epoch, decay) in enumerate(UPDATE_LR_CASES):
        case = f"update_lr/{i}"
        EXPECTED.check(f"update_lr({lr0}, {epoch}, {decay})", EXPECTED.run(case, f), case)
    passed("update_lr")


def check_schedule_lr_decay(f: Callable) -> None:
    for i, (lr0, epoch, decay, interval) in enumerate(SCHEDULE_CASES):
        case = f"schedule/{i}"
        EXPECTED.check(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}, time_interval={interval})", EXPECTED.run(case, f), case
        )
    for i, (lr0, epoch, decay) in enumerate(SCHEDULE_DEFAULT_CASES):
        case = f"schedule_default/{i}"
        EXPECTED.check(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}) with the default time_interval", EXPECTED.run(case, f), case
        )
    passed("schedule_lr_decay")
