"""Public checks of the deep_network assignment.

Each ``check_<function>(f)`` calls your function on small public inputs and compares
the result with the reference solution's, which is written out below as numbers.
When something is off it raises an error that says what and where; when all is
well it prints a line starting with ✓. Passing these checks is necessary, not
sufficient: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_float_dtype,
    check_keys,
    check_shape,
    check_tuple,
)

# Public inputs. A layer with 3 inputs, 2 units and m = 4 examples:
A_PREV = np.array([
    [1.0, -0.5, 2.0, 0.0],
    [0.5, 1.0, -1.0, 2.0],
    [-1.5, 0.25, 0.5, -1.0],
])
W = np.array([[0.5, -0.25, 0.75], [-0.6, 0.4, 0.2]])
B = np.array([[0.8], [0.3]])
M = A_PREV.shape[1]
# A network with layer_dims [3, 2, 2, 1] (L = 3) on the same inputs:
X = A_PREV
Y = np.array([[1.0, 0.0, 1.0, 0.0]])
PARAMETERS = {
    "W1": W,
    "b1": B,
    "W2": np.array([[0.9, -0.4], [0.3, 0.8]]),
    "b2": np.array([[0.05], [-0.1]]),
    "W3": np.array([[1.2, -0.7]]),
    "b3": np.array([[0.2]]),
}
AL_FOR_COST = np.array([[0.8, 0.3, 0.6, 0.1]])
# A square layer (2 inputs, 2 units) for the backward steps, so that W and W.T have the same shape:
DZ = np.array([[0.3, -0.1, 0.2, -0.4], [-0.2, 0.5, 0.1, 0.3]])
DA = np.array([[0.4, -0.3, 0.6, -0.2], [0.1, 0.2, -0.5, 0.7]])
SQUARE_CACHE = (
    np.array([[1.0, -2.0, 0.5, 3.0], [-0.5, 1.5, -1.0, 2.0]]),  # A_prev
    np.array([[0.8, -0.3], [0.4, 0.6]]),  # W
    np.array([[0.1], [-0.1]]),  # b
)
# Z of that layer, chosen with an exact 0 (where the ReLU derivative is 0) and with signs that
# differ from A_prev's, so that a derivative taken from the wrong array gives different numbers.
Z_FOR_BACKWARD = np.array([[0.0, 1.5, -0.8, -1.2], [0.7, -0.9, 1.1, 0.0]])
LEARNING_RATE = 0.1

# What the reference solution returns on them, and what some typical mistakes return.
INIT_W1 = np.array([
    [0.10265829564204268, -0.10786316920127266, 0.522902904435612],
    [0.08565058699437483, -0.4373722116937453, 0.2952411260139676],
])  # initialize_parameters_deep([3, 2, 1], np.random.default_rng(0))
INIT_W2 = np.array([
    [1.3040000451301372, 0.9470809631292422],
])
INIT_W1_FACTOR_001 = np.array([
    [0.001257302210933933, -0.0013210486329130189, 0.006404226504432821],
    [0.001049001171530397, -0.005356693731611109, 0.0036159505490948474],
])
INIT_W1_XAVIER = np.array([
    [0.07259037699354177, -0.07627077838249186, 0.3697481896285625],
    [0.06056411087633075, -0.30926885679120547, 0.20876700228962852],
])
INIT_W1_FAN_OUT = np.array([
    [0.1257302210933933, -0.1321048632913019, 0.6404226504432821],
    [0.10490011715303971, -0.535669373161111, 0.36159505490948474],
])

Z_LINEAR = np.array([
    [0.050000000000000044, 0.48750000000000004, 2.425, -0.44999999999999996],
    [-0.39999999999999997, 1.05, -1.2, 0.9000000000000001],
])
Z_WITHOUT_B = np.array([
    [-0.75, -0.3125, 1.625, -1.25],
    [-0.7, 0.75, -1.5, 0.6000000000000001],
])
A_RELU = np.array([
    [0.050000000000000044, 0.48750000000000004, 2.425, 0.0],
    [0.0, 1.05, 0.0, 0.9000000000000001],
])
A_SIGMOID = np.array([
    [0.5124973964842104, 0.6195173196470847, 0.918713920386427, 0.389360766050778],
    [0.401312339887548, 0.740774899182154, 0.23147521650098238, 0.710949502625004],
])
A_TANH = np.array([
    [0.04995837495788001, 0.4522299625215583, 0.98446485984397, -0.4218990052500079],
    [-0.37994896225522484, 0.7818063576087741, -0.8336546070121552, 0.7162978701990245],
])

FORWARD_AL = np.array([
    [0.5778613142807203, 0.41632575714150766, 0.919808649587984, 0.4417654819218896],
])  # L_model_forward(X, PARAMETERS)
AL_RELU_OUTPUT = np.array([
    [0.31400000000000006, 0.0, 2.43975, 0.0],
])
AL_SIGMOID_EVERYWHERE = np.array([
    [0.6199459278001086, 0.6054560100318334, 0.6482719901654348, 0.595110078379575],
])
FORWARD_Z1 = np.array([
    [0.050000000000000044, 0.48750000000000004, 2.425, -0.44999999999999996],
    [-0.39999999999999997, 1.05, -1.2, 0.9000000000000001],
])
FORWARD_A1 = np.array([
    [0.050000000000000044, 0.48750000000000004, 2.425, 0.0],
    [0.0, 1.05, 0.0, 0.9000000000000001],
])
FORWARD_Z2 = np.array([
    [0.09500000000000004, 0.06874999999999999, 2.2325, -0.3100000000000001],
    [-0.08499999999999999, 0.8862500000000001, 0.6275, 0.6200000000000002],
])
FORWARD_A2 = np.array([
    [0.09500000000000004, 0.06874999999999999, 2.2325, 0.0],
    [0.0, 0.8862500000000001, 0.6275, 0.6200000000000002],
])
FORWARD_Z3 = np.array([
    [0.31400000000000006, -0.337875, 2.43975, -0.2340000000000001],
])
CACHES = [  # the caches of L_model_forward(X, PARAMETERS): ((A_prev, W, b), Z) per layer
    ((X, PARAMETERS["W1"], PARAMETERS["b1"]), FORWARD_Z1),
    ((FORWARD_A1, PARAMETERS["W2"], PARAMETERS["b2"]), FORWARD_Z2),
    ((FORWARD_A2, PARAMETERS["W3"], PARAMETERS["b3"]), FORWARD_Z3),
]

COST = 0.2990011586691898
COST_ONLY_Y_TERM = 0.1834922937700501

LB_DA_PREV = np.array([
    [0.15999999999999998, 0.12, 0.20000000000000004, -0.20000000000000007],
    [-0.21, 0.32999999999999996, 3.3306690738754695e-18, 0.3],
])  # linear_backward(DZ, SQUARE_CACHE)
LB_DW = np.array([
    [-0.15000000000000002, -0.325],
    [-0.062499999999999986, 0.3375],
])
LB_DB = np.array([
    [0.0],
    [0.175],
])
LB_DA_PREV_WITH_W = np.array([
    [0.3, -0.23, 0.13000000000000003, -0.41000000000000003],
    [-6.661338147750939e-18, 0.26, 0.14, 0.019999999999999955],
])

LAB = {  # linear_activation_backward(DA, (SQUARE_CACHE, Z_FOR_BACKWARD), activation)
    "relu": (
        np.array([
            [0.04000000000000001, -0.24, -0.2, 0.0],
            [0.06, 0.09, -0.3, 0.0],
        ]),
        np.array([
            [0.15, -0.11249999999999999],
            [-0.0375, 0.1125],
        ]),
        np.array([
            [-0.075],
            [-0.1],
        ]),
    ),
    "sigmoid": (
        np.array([
            [0.08886851493172437, -0.019355123909498815, 0.06520267842023722, 0.041536889496511076],
            [-0.016697227602413458, 0.038083217567401566, -0.09471470923790916, 0.11567366643880833],
        ]),
        np.array([
            [0.03673102895255116, -0.07915487440063719],
            [0.10453217362638134, 0.12356234707794596],
        ]),
        np.array([
            [0.037005748540428915],
            [0.036146602256000825],
        ]),
    ),
    "tanh": (
        np.array([
            [0.3453895835992984, -0.004416204449808283, 0.1965062172794221, 0.23119680060681455],
            [-0.08191562460105248, 0.07469368084092934, -0.20839032503988636, 0.4383011997724445],
        ]),
        np.array([
            [0.12328213398735419, -0.1846897716594879],
            [0.4697266713747101, 0.4234847217313792],
        ]),
        np.array([
            [0.1550542774301925],
            [0.1703141932869442],
        ]),
    ),
}
LAB_RELU_FROM_A_PREV = (
    np.array([
        [0.32000000000000006, 0.08000000000000002, 0.48, 0.11999999999999997],
        [-0.12, 0.12, -0.18, 0.48],
    ]),
    np.array([
        [0.02499999999999998, -0.30000000000000004],
        [0.42499999999999993, 0.425],
    ]),
    np.array([
        [0.2],
        [0.22499999999999998],
    ]),
)
LAB_RELU_GE = (
    np.array([
        [0.36000000000000004, -0.24, -0.2, 0.27999999999999997],
        [-0.06, 0.09, -0.3, 0.42],
    ]),
    np.array([
        [0.25, -0.1625],
        [0.4875, 0.46249999999999997],
    ]),
    np.array([
        [0.02500000000000001],
        [0.07499999999999998],
    ]),
)
LAB_RELU_TIMES_A = (
    np.array([
        [0.027999999999999997, -0.36, -0.22000000000000003, 0.0],
        [0.041999999999999996, 0.13499999999999998, -0.33, 0.0],
    ]),
    np.array([
        [0.22499999999999998, -0.16874999999999998],
        [-0.051250000000000004, 0.12875],
    ]),
    np.array([
        [-0.11249999999999999],
        [-0.12000000000000001],
    ]),
)
LAB_SIGMOID_FROM_Z = (
    np.array([
        [0.008400000000000001, 0.043199999999999975, -0.6692, 0.42240000000000005],
        [0.0126, -0.2727, 0.2922, -0.1584],
    ]),
    np.array([
        [0.17550000000000004, 0.5643750000000001],
        [0.18312500000000004, -0.14462500000000003],
    ]),
    np.array([
        [-0.027749999999999997],
        [-0.06649999999999999],
    ]),
)
LAB_SIGMOID_NO_ONE_MINUS = (
    np.array([
        [0.18672751088672668, -0.17309383449647478, -0.0012397720602775302, 0.10296396535984281],
        [-0.019908733669910028, 0.10826776254242744, -0.28088262507556505, 0.22388851299005894],
    ]),
    np.array([
        [0.16116680286932825, -0.18662847805274127],
        [0.20340838796700966, 0.2821089533504123],
    ]),
    np.array([
        [0.023611981291285743],
        [0.02487470597356424],
    ]),
)
LAB_TANH_FROM_Z = (
    np.array([
        [0.3404000000000001, 0.31520000000000004, 0.2148, 0.3504],
        [-0.0894, -0.08969999999999999, -0.0017999999999999152, 0.39359999999999995],
    ]),
    np.array([
        [0.005499999999999991, 0.08062500000000002],
        [0.531875, 0.33162499999999995],
    ]),
    np.array([
        [0.26975],
        [0.2235],
    ]),
)

GRADS = {  # L_model_backward(AL, Y, CACHES)
    "dA0": np.array([
        [-0.227954890288411, 0.44088897681285666, -0.03488323742922695, 0.14843320192575488],
        [0.1139774451442055, -0.2637423671491451, 0.017441618714613475, -0.09895546795050326],
        [-0.34193233543261653, 0.18505679904940017, -0.05232485614384043, -0.04947773397525163],
    ]),
    "dW1": np.array([
        [-0.19413610866257142, 0.05100374832078866, 0.18488307140357102],
        [0.054122348428396, -0.2319390317949211, 0.03478599325486654],
    ]),
    "db1": np.array([
        [-0.04086821168054104],
        [-0.17009186432585655],
    ]),
    "dA1": np.array([
        [-0.455909780576822, 0.36220340871311174, -0.0697664748584539, -0.0927707512035968],
        [0.20262656914525423, -0.432978787427168, 0.08339900442849661, -0.24738866987625815],
    ]),
    "dW2": np.array([
        [-0.003783645728585303, 0.13114261349957493],
        [-0.0014865868250356037, -0.14607792127744965],
    ]),
    "db2": np.array([
        [-0.02580128369693637],
        [-0.1361324805139917],
    ]),
    "dA2": np.array([
        [-0.5065664228631356, 0.49959090856980926, -0.09622962049441916, 0.5301185783062674],
        [0.2954970800034958, -0.29142802999905537, 0.056133945288411174, -0.3092358373453227],
    ]),
    "dW3": np.array([
        [-0.04762699228366965, 0.1481358071686732],
    ]),
    "db3": np.array([
        [0.08894030073302539],
    ]),
}
GRADS_RELU_OUTPUT_DW3 = np.array([
    [-0.6478836403238947, -0.17055177734006963],
])

UPDATED = {  # update_parameters(PARAMETERS, GRADS, LEARNING_RATE)
    "W1": np.array([
        [0.5194136108662571, -0.25510037483207887, 0.7315116928596429],
        [-0.6054122348428396, 0.4231939031794921, 0.19652140067451335],
    ]),
    "b1": np.array([
        [0.8040868211680542],
        [0.31700918643258563],
    ]),
    "W2": np.array([
        [0.9003783645728586, -0.4131142613499575],
        [0.30014865868250357, 0.814607792127745],
    ]),
    "b2": np.array([
        [0.05258012836969364],
        [-0.08638675194860083],
    ]),
    "W3": np.array([
        [1.2047626992283669, -0.7148135807168673],
    ]),
    "b3": np.array([
        [0.19110596992669748],
    ]),
}

GRADIENT_KEYS = ["dA0", "dW1", "db1", "dA1", "dW2", "db2", "dA2", "dW3", "db3"]


def _passed(name: str) -> None:
    print(f"✓ {name} passed its public checks")


def _copy(value: object) -> object:
    """A deep copy of nested tuples, lists and dicts of arrays, so no function changes our inputs."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, (tuple, list)):
        return type(value)(_copy(v) for v in value)
    return value.copy() if isinstance(value, np.ndarray) else value


def check_initialize_parameters_deep(initialize_parameters_deep: Callable) -> None:
    call = "initialize_parameters_deep([3, 2, 1], rng)"
    parameters = initialize_parameters_deep([3, 2, 1], np.random.default_rng(0))
    check_keys(f"the result of {call}", parameters, ["W1", "b1", "W2", "b2"])
    for key, shape in (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (1, 2)), ("b2", (1, 1))):
        check_shape(f"{key} of {call}", parameters[key], shape)
        check_float_dtype(f"{key} of {call}", parameters[key])
    again = initialize_parameters_deep([3, 2, 1], np.random.default_rng(0))
    if not np.array_equal(parameters["W1"], again["W1"]):
        raise Mismatch("Two calls with generators in the same state gave different weights: draw them "
                       "from the rng argument (rng.standard_normal(...)), not from np.random.")
    check_array(f"W1 of {call}", parameters["W1"], INIT_W1, reveal=True, mistakes={
        "the factor 0.01 instead of sqrt(2 / n_prev)": INIT_W1_FACTOR_001,
        "sqrt(1 / n_prev) instead of sqrt(2 / n_prev)": INIT_W1_XAVIER,
        "sqrt(2 / n) with the layer's own size instead of the previous layer's": INIT_W1_FAN_OUT,
    })
    check_array(f"W2 of {call}", parameters["W2"], INIT_W2, reveal=True)
    check_array(f"b1 of {call}", parameters["b1"], np.zeros((2, 1)), reveal=True)
    _passed("initialize_parameters_deep")


def check_linear_forward(linear_forward: Callable) -> None:
    Z, cache = check_tuple("linear_forward(A, W, b)", linear_forward(A_PREV.copy(), W.copy(), B.copy()), 2)
    check_array("Z", Z, Z_LINEAR, reveal=True, mistakes={"forgetting b": Z_WITHOUT_B})
    cache = check_tuple("the cache of linear_forward", cache, 3)
    for name, got, expected in zip(("A", "W", "b"), cache, (A_PREV, W, B), strict=True):
        check_array(f"the cache's {name} (the cache is (A, W, b))", got, expected, reveal=True)
    _passed("linear_forward")


def _check_layer_cache(name: str, cache: object, A_prev: np.ndarray, W_: np.ndarray, b: np.ndarray,
                       Z: np.ndarray, A: np.ndarray | None = None) -> None:
    linear_cache, Z_got = check_tuple(name, cache, 2)
    if isinstance(Z_got, (tuple, list)) and isinstance(linear_cache, np.ndarray):
        raise Mismatch(f"{name} should be (linear_cache, Z), in this order; it looks like (Z, linear_cache).")
    linear_cache = check_tuple(f"the linear cache in {name}", linear_cache, 3)
    for part, got, expected in zip(("A_prev", "W", "b"), linear_cache, (A_prev, W_, b), strict=True):
        check_array(f"{part} in {name}", got, expected, reveal=True)
    mistakes = {} if A is None else {"caching the activations A instead of Z": A}
    check_array(f"Z in {name}", Z_got, Z, reveal=True, mistakes=mistakes)


def check_linear_activation_forward(linear_activation_forward: Callable) -> None:
    outputs = {"relu": A_RELU, "sigmoid": A_SIGMOID, "tanh": A_TANH}
    for activation, expected in outputs.items():
        call = f'linear_activation_forward(A_prev, W, b, "{activation}")'
        A, cache = check_tuple(call, linear_activation_forward(A_PREV.copy(), W.copy(), B.copy(), activation), 2)
        mistakes = {"returning Z (no activation)": Z_LINEAR}
        mistakes |= {f"applying {other} instead of {activation}": value
                     for other, value in outputs.items() if other != activation}
        check_array(f"A of {call}", A, expected, reveal=True, mistakes=mistakes)
        _check_layer_cache(f"the cache of {call}", cache, A_PREV, W, B, Z_LINEAR, A=expected)
    _passed("linear_activation_forward")


def check_L_model_forward(L_model_forward: Callable) -> None:
    call = "L_model_forward(X, parameters) for layer_dims [3, 2, 2, 1]"
    AL, caches = check_tuple(call, L_model_forward(X.copy(), _copy(PARAMETERS)), 2)
    check_array(f"AL of {call}", AL, FORWARD_AL, reveal=True, mistakes={
        "the ReLU on the output layer instead of the sigmoid": AL_RELU_OUTPUT,
        "the sigmoid on every layer": AL_SIGMOID_EVERYWHERE,
    })
    caches = check_tuple(f"the caches of {call}", caches, 3)
    for layer, (cache, expected) in enumerate(zip(caches, CACHES, strict=True), start=1):
        (A_prev, W_, b), Z = expected
        _check_layer_cache(f"the cache of layer {layer}", cache, A_prev, W_, b, Z)
    _passed("L_model_forward")


def check_compute_cost(compute_cost: Callable) -> None:
    cost = compute_cost(AL_FOR_COST.copy(), Y.copy())
    if isinstance(cost, np.ndarray) and cost.ndim > 0:
        raise Mismatch(f"the cost should be a single number, but it is an array of shape {cost.shape}. "
                       "Use float(...) to turn it into a number.")
    check_float("compute_cost(AL, Y)", cost, COST, reveal=True, mistakes={
        "a sum over the examples instead of a mean (a missing 1/m)": COST * M,
        "a missing minus sign": -COST,
        "leaving out the (1 - y) log(1 - a) term": COST_ONLY_Y_TERM,
    })
    _passed("compute_cost")


def check_linear_backward(linear_backward: Callable) -> None:
    call = "linear_backward(dZ, cache)"
    dA_prev, dW, db = check_tuple(call, linear_backward(DZ.copy(), _copy(SQUARE_CACHE)), 3)
    check_array(f"dW of {call}", dW, LB_DW, reveal=True, mistakes={"a missing 1/m": LB_DW * M})
    check_array(f"db of {call}", db, LB_DB, reveal=True, mistakes={"a missing 1/m": LB_DB * M})
    check_array(f"dA_prev of {call}", dA_prev, LB_DA_PREV, reveal=True, mistakes={
        "W instead of W.T": LB_DA_PREV_WITH_W,
        "dividing dA_prev by m (only dW and db are averaged over the examples)": LB_DA_PREV / M,
    })
    _passed("linear_backward")


def check_linear_activation_backward(linear_activation_backward: Callable) -> None:
    mistakes = {
        "relu": {
            "the ReLU derivative taken from A_prev instead of Z": LAB_RELU_FROM_A_PREV,
            "a ReLU derivative of 1 at Z == 0 (use Z > 0, not Z >= 0)": LAB_RELU_GE,
            "multiplying dA by relu(Z) instead of by its derivative": LAB_RELU_TIMES_A,
        },
        "sigmoid": {
            "Z * (1 - Z) instead of sigmoid(Z) * (1 - sigmoid(Z))": LAB_SIGMOID_FROM_Z,
            "sigmoid(Z) instead of sigmoid(Z) * (1 - sigmoid(Z))": LAB_SIGMOID_NO_ONE_MINUS,
        },
        "tanh": {"1 - Z**2 instead of 1 - tanh(Z)**2": LAB_TANH_FROM_Z},
    }
    for activation in ("relu", "sigmoid", "tanh"):
        call = f'linear_activation_backward(dA, cache, "{activation}")'
        result = linear_activation_backward(DA.copy(), (_copy(SQUARE_CACHE), Z_FOR_BACKWARD.copy()), activation)
        got = check_tuple(call, result, 3)
        for name, g, expected in zip(("dA_prev", "dW", "db"), got, LAB[activation], strict=True):
            check_array(f"{name} of {call}", g, expected, reveal=True,
                        mistakes={label: wrong[("dA_prev", "dW", "db").index(name)]
                                  for label, wrong in mistakes[activation].items()})
    _passed("linear_activation_backward")


def check_L_model_backward(L_model_backward: Callable) -> None:
    call = "L_model_backward(AL, Y, caches) for layer_dims [3, 2, 2, 1]"
    grads = L_model_backward(FORWARD_AL.copy(), Y.copy(), _copy(CACHES))
    check_keys(f"the gradients of {call}", grads, GRADIENT_KEYS)
    for key in ("dW3", "db3", "dA2", "dW2", "db2", "dA1", "dW1", "db1", "dA0"):
        mistakes = {"a missing 1/m": GRADS[key] * M} if key[:2] != "dA" else {}
        if key == "dW3":
            mistakes["the ReLU's derivative on the output layer"] = GRADS_RELU_OUTPUT_DW3
        mistakes["a sign error in dAL"] = -GRADS[key]
        check_array(f"grads['{key}'] of {call}", grads[key], GRADS[key], reveal=True, mistakes=mistakes)
    _passed("L_model_backward")


def check_update_parameters(update_parameters: Callable) -> None:
    call = f"update_parameters(parameters, grads, learning_rate={LEARNING_RATE})"
    updated = update_parameters(_copy(PARAMETERS), _copy(GRADS), LEARNING_RATE)
    check_keys(f"the result of {call}", updated, list(PARAMETERS))
    for key in PARAMETERS:
        check_array(f"{key} of {call}", updated[key], UPDATED[key], reveal=True, mistakes={
            "adding the gradient instead of subtracting it": PARAMETERS[key] + LEARNING_RATE * GRADS["d" + key],
            f"leaving {key} unchanged": PARAMETERS[key],
        })
    _passed("update_parameters")
