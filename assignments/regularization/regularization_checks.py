"""Public checks of the regularization assignment.

Each ``check_<function>(f)`` calls your function on small fixed inputs, rebuilt here
from fixed seeds, and compares the result with the reference solution's, stored
below as plain numbers (with the results of a few typical mistakes, so that a wrong
result can be named). The checks run instantly and say what is wrong; passing them
does not guarantee full marks: the hidden tests use other shapes and values.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
from dlcourse.deepnet import L_model_backward, L_model_forward, compute_cost, relu

from dlcourse.compare import (
    Mismatch,
    check_array,
    check_float,
    check_keys,
    check_shape,
    check_tuple,
    close,
)


def _network(dims: tuple[int, ...], m: int, seed: int) -> tuple[dict, np.ndarray, np.ndarray]:
    """Parameters of a network with layer sizes ``dims``, inputs ``X (dims[0], m)``, labels ``Y (1, m)``."""
    rng = np.random.default_rng(seed)
    parameters = {}
    for l in range(1, len(dims)):
        parameters[f"W{l}"] = rng.standard_normal((dims[l], dims[l - 1])) * 0.6
        parameters[f"b{l}"] = rng.standard_normal((dims[l], 1)) * 0.2
    X = rng.standard_normal((dims[0], m))
    Y = (np.arange(m) % 2).reshape(1, m).astype(np.float64)
    return parameters, X, Y


def _copy(parameters: Mapping[str, np.ndarray]) -> dict:
    return {k: np.array(v, copy=True) for k, v in parameters.items()}


def _arrays(tree: Any) -> Any:
    """The stored expected values (nested lists) as float arrays."""
    if isinstance(tree, dict):
        return {k: _arrays(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return np.array(tree, dtype=np.float64)
    return tree


def _caches(stored: Mapping[str, Any], parameters: Mapping[str, np.ndarray], X: np.ndarray) -> list:
    """The caches of a forward pass with dropout, rebuilt from the stored activations."""
    L = len(parameters) // 2
    caches = []
    A_prev = X
    for l in range(1, L + 1):
        caches.append(((A_prev, parameters[f"W{l}"], parameters[f"b{l}"]), _arrays(stored[f"Z{l}"])))
        if l < L:
            A_prev = _arrays(stored[f"A{l}_drop"])
    return caches


# Cases shared with the stored values below.
COST_CASES = {
    "3-layer": ((3, 4, 2, 1), 5, 0, 0.7),
    "2-layer": ((4, 3, 1), 6, 1, 0.3),
    "4-layer": ((3, 4, 4, 3, 1), 4, 2, 1.5),
}
BACKWARD_REG_CASES = {"3-layer": ((3, 4, 2, 1), 5, 0, 0.7), "4-layer": ((3, 4, 4, 3, 1), 4, 2, 1.5)}
DROPOUT_NET = ((3, 5, 4, 1), 6, 3, 0.75, 11)  # dims, m, seed, keep_prob, seed of the dropout rng
GRADCHECK_NET = ((2, 3, 1), 4, 4)


def dropout_forward_inputs() -> tuple[np.ndarray, float, np.random.Generator]:
    return np.random.default_rng(10).standard_normal((4, 5)), 0.7, np.random.default_rng(2024)


def dropout_backward_inputs() -> tuple[np.ndarray, np.ndarray, float]:
    dA = np.random.default_rng(12).standard_normal((3, 4))
    D = np.array([[1, 0, 1, 1], [0, 1, 1, 0], [1, 1, 0, 1]], dtype=bool)
    return dA, D, 0.6


def gradient_check_buggy(grads: Mapping[str, np.ndarray]) -> dict:
    """Correct gradients with two planted bugs: one entry of dW1 and the sign of db2."""
    buggy = _copy(grads)
    buggy["dW1"][0, 1] += 0.05
    buggy["db2"] = -buggy["db2"]
    return buggy


# BEGIN EXPECTED (generated from the reference solution; do not edit by hand)
_EXPECTED: dict = {
    'cost': {
        '3-layer': {
            'expected': 0.9714101261908048,
            'mistakes': {
                'a missing 1/2 (lambd / m instead of lambd / (2 m))': 1.2602243754635412,
                'lambd / 2 without the 1/m': 2.1266671232817496,
                'including the biases in the penalty': 0.9954250460014222,
                'summing the absolute values of the weights instead of their squares': 1.2402252982787232,
                'averaging the squared weights (np.mean) instead of summing them': 0.7256960439837582,
                'the penalty alone, without the cross-entropy': 0.2888142492727362,
            },
        },
        '2-layer': {
            'expected': 0.7209885296124192,
            'mistakes': {
                'a missing 1/2 (lambd / m instead of lambd / (2 m))': 0.7678936876452709,
                'lambd / 2 without the 1/m': 0.955514319776678,
                'including the biases in the penalty': 0.722401253761,
                'summing the absolute values of the weights instead of their squares': 0.7856153257865477,
                'averaging the squared weights (np.mean) instead of summing them': 0.6789950173116098,
                'the penalty alone, without the cross-entropy': 0.04690515803285175,
            },
        },
        '4-layer': {
            'expected': 3.6698771358280085,
            'mistakes': {
                'a missing 1/2 (lambd / m instead of lambd / (2 m))': 6.641925814167948,
                'lambd / 2 without the 1/m': 12.586023170847827,
                'including the biases in the penalty': 3.7345331722142694,
                'summing the absolute values of the weights instead of their squares': 4.716985726017041,
                'averaging the squared weights (np.mean) instead of summing them': 0.9808554089480652,
                'the penalty alone, without the cross-entropy': 2.9720486783399394,
                'penalizing only W1, W2 and W3 (the number of layers hard-coded)': 3.432664156337275,
            },
        },
    },
    'backward_reg': {
        '3-layer': {
            'expected': {
                'dW1': [
                    [0.014573788561023347, -0.014345592280693799, 0.07161950605278945],
                    [0.0009548725134869984, -0.03863481705063329, -0.004527014362247155],
                    [0.10418300526407791, 0.0717954336173388, -0.06684675956851013],
                    [-0.1541954442124109, -0.021486040876024598, -0.040854119770113426],
                ],
                'db1': [
                    [0.009597012097670683],
                    [-0.018791811332810097],
                    [-0.00989746182353195],
                    [0.06124948467430556],
                ],
                'dW2': [
                    [-0.052697208785136104, -0.037806109215428735, 0.022972813957644972, 0.10420644517270002],
                    [-0.019449428925642092, 0.10085241004050506, -0.05587635257287553, 0.050149864097382806],
                ],
                'db2': [
                    [-0.010188808624254886],
                    [0.037049311649030955],
                ],
                'dW3': [
                    [-0.08511752025775397, -0.0671038840231043],
                ],
                'db3': [
                    [0.022839764427267862],
                ],
            },
            'mistakes': {
                'the L2 term lambd / (2 m) * W (the 1/2 of the cost disappears when you differentiate W**2)': {
                    'dW1': [
                        [0.009293119275100828, -0.00879718802245912, 0.04472175473417161],
                        [-0.003450932406940668, -0.016136703377866636, -0.019714006668445513],
                        [0.049415003368612154, 0.03201803316591064, -0.03728987966461644],
                        [-0.10104774242847672, 0.004691486550544192, -0.04258981090269765],
                    ],
                    'dW2': [
                        [-0.029838331505129094, -0.02452150264792425, 0.005684331429931395, 0.060420883656107566],
                        [-0.014050973081992654, 0.043460944277418256, -0.027938176286437764, 0.03538644115347598],
                    ],
                    'dW3': [
                        [-0.05389055178489403, -0.0283914182202507],
                    ],
                },
                'the L2 term lambd * W, without the 1/m': {
                    'dW1': [
                        [0.056819142848403496, -0.058732826346571225, 0.28680151660173225],
                        [0.03620131187690833, -0.21861972643276656, 0.1169689240873397],
                        [0.542327020427804, 0.3900146372287641, -0.3033017987996596],
                        [-0.5793770584838845, -0.23090626028857494, -0.026968590709439574],
                    ],
                    'dW2': [
                        [-0.2355682270251922, -0.14408296175546464, 0.1612806741793536, 0.45449093730543966],
                        [-0.0626370756748376, 0.5599841361451995, -0.27938176286437766, 0.16825724764863742],
                    ],
                    'dW3': [
                        [-0.33493326804063356, -0.3768036104459332],
                    ],
                },
                'no L2 term at all': {
                    'dW1': [
                        [0.00401244998917831, -0.0032487837642244414, 0.017824003415553766],
                        [-0.007856737327368335, 0.006361410294900019, -0.03490099897464387],
                        [-0.005352998526853598, -0.007759367285517525, -0.007732999760722756],
                        [-0.04790004064454252, 0.03086901397711298, -0.044325502035281884],
                    ],
                    'dW2': [
                        [-0.006979454225122084, -0.01123689608041976, -0.01160415109778218, 0.01663532213951512],
                        [-0.008652517238343215, -0.01393052148566854, 0.0, 0.020623018209569154],
                    ],
                    'dW3': [
                        [-0.022663583312034077, 0.010321047582602905],
                    ],
                },
                'regularizing the biases too (db + lambd / m * b)': {
                    'db1': [
                        [-0.05550384959221667],
                        [-0.02491797792292138],
                        [-0.04478296834661777],
                        [0.04074599874260892],
                    ],
                    'db2': [
                        [0.015108356461995756],
                        [0.03968165598633544],
                    ],
                    'db3': [
                        [0.010023441308582367],
                    ],
                },
            },
        },
        '4-layer': {
            'expected': {
                'dW1': [
                    [0.08204377245868988, -0.13998540020863506, -0.09431618110905345],
                    [-0.5493301610939675, 0.40493416111220293, 0.2574373212083765],
                    [-0.11743886376120828, 0.1620399745353243, 0.05117228444411786],
                    [-0.11722392465271643, 0.2246614573322925, -0.029573128707362617],
                ],
                'db1': [
                    [0.03387396166907576],
                    [0.0],
                    [-0.018619297288638013],
                    [-0.026343364668138664],
                ],
                'dW2': [
                    [0.1107869026138336, -0.13661678247089334, 0.02950420828332313, -0.1946271891071704],
                    [0.21607783775896103, 0.04230789457065434, 0.07220334311409708, 0.07857816957200602],
                    [-0.22742043753450025, 0.1762157241324174, 0.4633607424113151, -0.36864956322799314],
                    [-0.3891175801097583, -0.338587068119472, 0.18716911964310504, 0.028961022931665404],
                ],
                'db2': [
                    [-0.01636374360808508],
                    [0.03677214680909915],
                    [0.015932612442609937],
                    [-0.057086177624729506],
                ],
                'dW3': [
                    [-0.03819611198770547, 0.19540354752258976, -0.25418609140066983, -0.09491823589012113],
                    [0.058865023871796804, 0.4079568422946019, -0.17290267739063156, -0.24355650210664628],
                    [-0.0934623882998907, 0.2389619766243735, -0.05998681677583107, 0.29189937531426874],
                ],
                'db3': [
                    [0.0],
                    [0.006468820968109586],
                    [0.051207330890836775],
                ],
                'dW4': [
                    [-0.3191997802053341, 0.09784836430848762, 0.2840529775307925],
                ],
                'db4': [
                    [0.07019947809833957],
                ],
            },
            'mistakes': {
                'the L2 term lambd / (2 m) * W (the 1/2 of the cost disappears when you differentiate W**2)': {
                    'dW1': [
                        [0.060775267006917405, -0.08117620054205099, -0.04784653247746544],
                        [-0.27466508054698374, 0.20246708055610146, 0.12871866060418824],
                        [-0.08082879461357803, 0.0749867335284624, 0.019536084091882323],
                        [-0.05491885555501054, 0.11468511908061348, 0.005364482791792045],
                    ],
                    'dW2': [
                        [0.0494419222928069, -0.06830839123544667, 0.01523607548323777, -0.09424635922131899],
                        [0.12141302836731992, 0.02115394728532717, 0.0350141046988729, 0.03239647936285145],
                        [-0.11371021876725013, 0.0881078620662087, 0.2319816753477986, -0.18432478161399657],
                        [-0.19455879005487914, -0.169293534059736, 0.09250499412953005, 0.014480511465832702],
                    ],
                    'dW3': [
                        [-0.019098055993852735, 0.09770177376129488, -0.12709304570033492, -0.04745911794506057],
                        [0.031534402898189096, 0.205296995719052, -0.08690046437208666, -0.12216220045374027],
                        [-0.03009257846818645, 0.12991885399633019, -0.03354869725050067, 0.1429103356501111],
                    ],
                    'dW4': [
                        [-0.15959989010266706, 0.08057040207319238, 0.14728024357140715],
                    ],
                },
                'the L2 term lambd * W, without the 1/m': {
                    'dW1': [
                        [0.2096548051693247, -0.4928405982081395, -0.37313407289858147],
                        [-2.19732064437587, 1.6197366444488117, 1.029749284833506],
                        [-0.33709927864698974, 0.6843594205764957, 0.24098948655753108],
                        [-0.49105433923895175, 0.8845194868423666, -0.23919879770229058],
                    ],
                    'dW2': [
                        [0.47885678453999375, -0.5464671298835734, 0.11511300508383529, -0.7969121684222787],
                        [0.7840666941088076, 0.16923157828261737, 0.2953387736054422, 0.3556683108269334],
                        [-0.909681750138001, 0.7048628965296696, 1.8516351447924138, -1.4745982529119726],
                        [-1.556470320439033, -1.354348272477888, 0.7551538727245549, 0.11584409172666162],
                    ],
                    'dW3': [
                        [-0.15278444795082188, 0.781614190090359, -1.0167443656026793, -0.37967294356048453],
                        [0.22284874971344307, 1.6239159217479013, -0.688915955501901, -0.9719223120240824],
                        [-0.4736812472901163, 0.8932207123926333, -0.21861553392781347, 1.1858336132992147],
                    ],
                    'dW4': [
                        [-1.2767991208213365, 0.20151613772025911, 1.1046893812871044],
                    ],
                },
                'no L2 term at all': {
                    'dW1': [
                        [0.03950676155514494, -0.022367000875466926, -0.001376883845877432],
                        [0.0, 0.0, 0.0],
                        [-0.044218725465947795, -0.012066507478399508, -0.012100116260353214],
                        [0.007386213542695352, 0.004708780828934459, 0.04030209429094671],
                    ],
                    'dW2': [
                        [-0.011903058028219787, 0.0, 0.0009679426831524092, 0.006134470664532405],
                        [0.026748218975678823, 0.0, -0.0021751337163512887, -0.013785210846303115],
                        [0.0, 0.0, 0.0006026082842821403, 0.0],
                        [0.0, 0.0, -0.002159131384044923, 0.0],
                    ],
                    'dW3': [
                        [0.0, 0.0, 0.0, 0.0],
                        [0.004203781924581389, 0.0026371491435020684, -0.00089825135354175, -0.0007678988008342514],
                        [0.03327723136351781, 0.020875731368286885, -0.007110577725170273, -0.006078704014046561],
                    ],
                    'dW4': [
                        [0.0, 0.06329243983789713, 0.01050750961202182],
                    ],
                },
                'regularizing the biases too (db + lambd / m * b)': {
                    'db1': [
                        [0.00921216886472856],
                        [-0.05941100665191737],
                        [0.015502558054426147],
                        [-0.03378321854694276],
                    ],
                    'db2': [
                        [0.06451193944736228],
                        [0.09095446223216158],
                        [0.031725498370755986],
                        [-0.03578331673095169],
                    ],
                    'db3': [
                        [-0.1404397138204518],
                        [0.09110805661064544],
                        [0.1288222988855522],
                    ],
                    'db4': [
                        [0.07679340627155375],
                    ],
                },
            },
        },
    },
    'dropout_forward': {
        'A_drop': [
            [-1.5761977843793316, -1.0357494860634855, -1.1168646533115096, 0.0, -0.0],
            [0.1806900735883569, 1.2043465297204827, 1.2256236421082407, 0.6788337742122645, -0.6439551401177384],
            [-1.0784746883196448, -1.1640201533415588, -0.4912212254203725, -0.0734001339813338, -1.3889623962490816],
            [-1.6206964756528897, 0.0, -0.0, -0.2529335831045362, 0.6083223818245733],
        ],
        'D': [
            [1, 1, 1, 0, 0],
            [1, 1, 1, 1, 1],
            [1, 1, 1, 1, 1],
            [1, 0, 0, 1, 1],
        ],
    },
    'dropout_backward': {
        'expected': [
            [-0.011377966442538632, 0.0, 1.2359807021474714, 1.2065942360833177],
            [0.0, -2.009263571077215, -1.0449257851272888, -0.0],
            [-0.17958751324671646, 1.6646060921950376, -0.0, 0.8264667774403696],
        ],
        'mistakes': {
            'applying the mask without dividing by keep_prob': [
                [-0.006826779865523179, 0.0, 0.7415884212884828, 0.7239565416499906],
                [0.0, -1.2055581426463289, -0.6269554710763733, -0.0],
                [-0.10775250794802987, 0.9987636553170226, -0.0, 0.4958800664642217],
            ],
            'dividing by keep_prob without applying the mask': [
                [-0.011377966442538632, 1.7435721538415043, 1.2359807021474714, 1.2065942360833177],
                [2.6979603722234606, -2.009263571077215, -1.0449257851272888, -2.2011053526752087],
                [-0.17958751324671646, 1.6646060921950376, -0.03657981045063375, 0.8264667774403696],
            ],
            'multiplying by keep_prob instead of dividing': [
                [-0.004096067919313907, 0.0, 0.44495305277308966, 0.43437392498999433],
                [0.0, -0.7233348855877973, -0.37617328264582395, -0.0],
                [-0.06465150476881792, 0.5992581931902136, -0.0, 0.29752803987853305],
            ],
            'dividing by 1 - keep_prob instead of keep_prob': [
                [-0.017066949663807948, 0.0, 1.8539710532212068, 1.8098913541249764],
                [0.0, -3.013895356615822, -1.5673886776909332, -0.0],
                [-0.26938126987007466, 2.4969091382925566, -0.0, 1.2397001661605542],
            ],
        },
    },
    'forward_dropout': {
        'AL': [
            [0.6507029376616289, 0.6085172423121582, 0.6925997321052993, 0.7150818499211611, 0.6858691670831999, 0.5017891145015472],
        ],
        'D1': [
            [1, 1, 1, 1, 1, 0],
            [1, 1, 0, 1, 1, 1],
            [1, 1, 1, 0, 1, 1],
            [0, 1, 0, 1, 1, 1],
            [1, 1, 1, 0, 0, 1],
        ],
        'D2': [
            [1, 1, 1, 0, 1, 1],
            [1, 1, 0, 1, 1, 1],
            [1, 1, 0, 1, 1, 1],
            [1, 0, 1, 1, 1, 1],
        ],
    },
    'backward_dropout': {
        'forward': {
            'AL': [
                [0.6507029376616289, 0.6085172423121582, 0.6925997321052993, 0.7150818499211611, 0.6858691670831999, 0.5017891145015472],
            ],
            'Z1': [
                [2.4988408876308, -0.923071496788565, 2.8021191048159455, -0.9314771705154261, -0.34768499279512266, 2.3497974261229775],
                [-0.07763578694789683, 0.22888140200818782, 0.9911705218443132, -0.02687153378915251, -0.11721252781078487, 0.522879529680419],
                [-1.3179160370217913, 0.6699835600905238, 1.0284262241615674, 0.2043709738540963, -0.34738138247772216, 0.07235982102150253],
                [2.2888960020589115, 0.016806611901194868, -2.1525710016572415, 1.8799256053402238, 1.6130706572411453, -0.6089251353954619],
                [0.047355645941896916, 0.5132371204305759, 0.6365387690371933, 0.8726570548222293, 0.24372672432478337, 0.20396806298802242],
            ],
            'Z2': [
                [0.0968590202116239, 0.5486415121350285, 0.46504507944072365, -0.7045447974033671, -0.5966865669870135, 0.7036319568837474],
                [1.2586301835064253, 0.7581854776788314, 1.6403830963203594, -0.2261887806930427, -0.174192909761255, 1.0975075421005551],
                [-1.8575843060310697, 0.37603910909786387, -1.3034224469396989, 0.783858393260951, 0.6599629745010135, -0.14495964434232866],
                [1.061091304255376, -0.8837459652544541, 1.2774465986054813, -1.6585297728152772, -1.4536610107575536, -1.6114665724281023],
            ],
            'Z3': [
                [0.6221304794700783, 0.4410837749945424, 0.8123015425827438, 0.9201950652413092, 0.7808773265316998, 0.007156488549525157],
            ],
            'D1': [
                [1, 1, 1, 1, 1, 0],
                [1, 1, 0, 1, 1, 1],
                [1, 1, 1, 0, 1, 1],
                [0, 1, 0, 1, 1, 1],
                [1, 1, 1, 0, 0, 1],
            ],
            'A1_drop': [
                [3.3317878501744, 0.0, 3.7361588064212605, 0.0, 0.0, 0.0],
                [0.0, 0.30517520267758375, 0.0, 0.0, 0.0, 0.6971727062405586],
                [0.0, 0.8933114134540318, 1.3712349655487566, 0.0, 0.0, 0.09647976136200337],
                [0.0, 0.022408815868259824, 0.0, 2.506567473786965, 2.150760876321527, 0.0],
                [0.06314086125586256, 0.6843161605741012, 0.8487183587162578, 0.0, 0.0, 0.2719574173173632],
            ],
            'D2': [
                [1, 1, 1, 0, 1, 1],
                [1, 1, 0, 1, 1, 1],
                [1, 1, 0, 1, 1, 1],
                [1, 0, 1, 1, 1, 1],
            ],
            'A2_drop': [
                [0.1291453602821652, 0.7315220161800381, 0.6200601059209648, 0.0, 0.0, 0.9381759425116631],
                [1.6781735780085671, 1.0109139702384418, 0.0, 0.0, 0.0, 1.4633433894674068],
                [0.0, 0.5013854787971518, 0.0, 1.0451445243479347, 0.879950632668018, 0.0],
                [1.4147884056738347, 0.0, 1.703262131473975, 0.0, 0.0, 0.0],
            ],
        },
        'expected': {
            'dW1': [
                [0.002189892730810435, -0.118090620472182, 0.03006733555975696],
                [-0.004752737953465936, -0.0008584637704196979, -0.016665180729635267],
                [-0.04197286965667404, -0.15292570042813472, 0.09351231284311112],
                [0.02728355998629069, 0.004412748996692759, 0.028680346866342632],
                [-0.015086885226574908, 0.2958494378218478, -0.0705586360564117],
            ],
            'db1': [
                [0.06987525567929524],
                [0.022976652895268835],
                [0.002943136949027987],
                [0.0008385504759522063],
                [-0.18295214160319298],
            ],
            'dW2': [
                [0.016565466889322953, -0.0016260439889380152, 0.001922556758731311, -3.055792181695691e-05, 0.0007855491118339187],
                [-0.015247517698397578, 0.003283061818911113, 0.002797599658644168, 6.169792887832291e-05, 0.0025480760309287004],
                [0.0, -0.02239039725750089, -0.06554135868970652, 0.14097237617949812, -0.050207587479411425],
                [0.47392310665923915, 0.0, 0.09464347320901208, 0.0, 0.06267345350593177],
            ],
            'db2': [
                [0.0015800613745272113],
                [0.0016808155215323646],
                [0.001774475724091044],
                [0.13386601933148512],
            ],
            'dW3': [
                [-0.040049832450765745, -0.00546941959877878, 0.018244432192659792, 0.3500476446175922],
            ],
            'db3': [
                [0.14242667393083241],
            ],
        },
        'mistakes': {
            'not applying the masks in backpropagation': {
                'dW1': [
                    [0.0021498086931071034, -0.0648368872613249, 0.016607026369066743],
                    [0.08103170884455402, 0.22497539882998832, -0.07783005636292224],
                    [-0.036542704203958415, -0.1021296394120832, 0.09618550675843722],
                    [-0.015797171377012302, 0.024413799786578705, 0.014413778864663144],
                    [-0.004652757318359743, 0.17297800185985188, -0.041720664166184925],
                ],
                'db1': [
                    [0.03895334995015795],
                    [-0.07747973954770417],
                    [-0.018959861865809998],
                    [-0.027544907271716258],
                    [-0.10201302014938644],
                ],
                'dW2': [
                    [0.012424100166992214, -0.0012195329917035114, 0.001441917569048483, -2.291844136271768e-05, 0.000589161833875439],
                    [-0.02508486189184775, 0.0024622963641833346, -0.0029113016309306374, 4.627344665874218e-05, -0.001189546368434587],
                    [0.0, -0.01679279794312567, -0.04915601901727989, 0.10572928213462358, -0.03765569060955857],
                    [0.3554423299944294, 0.0, 0.07098260490675908, 0.0, 0.04700509012944884],
                ],
                'db2': [
                    [0.0011850460308954086],
                    [-0.0023926655146801097],
                    [0.0013308567930682875],
                    [0.10039951449861384],
                ],
            },
            'applying the masks without dividing by keep_prob': {
                'dW1': [
                    [0.001231814661080872, -0.06642597401560237, 0.016912876252363287],
                    [-0.0026734150988245893, -0.00048288587086108, -0.009374164160419838],
                    [-0.023609739181879145, -0.08602070649082579, 0.05260067597425001],
                    [0.015347002492288512, 0.0024821713106396737, 0.01613269511231773],
                    [-0.008486372939948384, 0.16641530877478936, -0.03968923278173158],
                ],
                'db1': [
                    [0.03930483131960357],
                    [0.01292436725358872],
                    [0.0016555145338282447],
                    [0.00047168464272310623],
                    [-0.10291057965179606],
                ],
                'dW2': [
                    [0.012424100166992214, -0.0012195329917035114, 0.001441917569048483, -2.291844136271768e-05, 0.000589161833875439],
                    [-0.011435638273798183, 0.0024622963641833346, 0.002098199743983126, 4.627344665874218e-05, 0.0019110570231965253],
                    [0.0, -0.01679279794312567, -0.04915601901727989, 0.10572928213462358, -0.03765569060955857],
                    [0.3554423299944294, 0.0, 0.07098260490675908, 0.0, 0.04700509012944884],
                ],
                'db2': [
                    [0.0011850460308954086],
                    [0.0012606116411492732],
                    [0.0013308567930682875],
                    [0.10039951449861384],
                ],
            },
        },
    },
    'gradient_check': {
        'buggy': {
            'expected': 0.3624921275930886,
            'mistakes': {
                'dividing by epsilon instead of 2 * epsilon': 0.4758082731458902,
                'returning the numerator alone (no division by the norms)': 0.3753298289737394,
                'leaving out the biases': 0.05292140693455338,
                'squared norms (no square roots)': 0.26279880593731486,
            },
        },
        'large_epsilon': {
            'expected': 4.23551268011293e-06,
            'mistakes': {
                'a one-sided difference (J(theta + epsilon) - J(theta)) / epsilon': 0.0020904973561862434,
                'dividing by epsilon instead of 2 * epsilon': 0.33333354042378754,
            },
        },
    },
}
# END EXPECTED


def _ok(name: str) -> None:
    print(f"✓ {name} passed its public checks")


def _is_binary_mask(D: np.ndarray) -> bool:
    return D.dtype == bool or bool(np.all((D == 0) | (D == 1)))


def check_compute_cost_with_regularization(f: Callable) -> None:
    for label, (dims, m, seed, lambd) in COST_CASES.items():
        parameters, X, Y = _network(dims, m, seed)
        AL, _ = L_model_forward(X, parameters)
        stored = _EXPECTED["cost"][label]
        got = f(AL, Y, _copy(parameters), lambd)
        check_float(
            f"compute_cost_with_regularization(...) on the {label} network (lambd = {lambd})",
            got,
            stored["expected"],
            reveal=True,
            mistakes=stored["mistakes"],
        )
    parameters, X, Y = _network(*COST_CASES["3-layer"][:3])
    AL, _ = L_model_forward(X, parameters)
    got = f(AL, Y, parameters, 0.0)
    check_float(
        "compute_cost_with_regularization(...) with lambd = 0 (it should equal compute_cost(AL, Y))",
        got,
        compute_cost(AL, Y),
        reveal=True,
    )
    _ok("compute_cost_with_regularization")


def _check_grads_keys(name: str, grads: Any, L: int) -> None:
    required = [f"{p}{l}" for l in range(1, L + 1) for p in ("dW", "db")]
    check_keys(name, grads, required, exact=False)
    extra = [k for k in grads if k not in required and not str(k).startswith("dA")]
    if extra:
        raise Mismatch(f"{name} has unexpected key(s) {', '.join(map(repr, extra))}.")


def check_L_model_backward_with_regularization(f: Callable) -> None:
    for label, (dims, m, seed, lambd) in BACKWARD_REG_CASES.items():
        parameters, X, Y = _network(dims, m, seed)
        AL, caches = L_model_forward(X, parameters)
        stored = _EXPECTED["backward_reg"][label]
        grads = f(AL, Y, caches, lambd)
        name = f"the grads of the {label} network"
        L = len(dims) - 1
        _check_grads_keys(name, grads, L)
        for key in (f"{p}{l}" for l in range(1, L + 1) for p in ("dW", "db")):
            check_array(
                f"grads['{key}'] ({label} network, lambd = {lambd})",
                grads[key],
                stored["expected"][key],
                reveal=True,
                mistakes={lab: wrong[key] for lab, wrong in stored["mistakes"].items() if key in wrong},
            )
    _ok("L_model_backward_with_regularization")


def check_dropout_forward(f: Callable) -> None:
    A, keep_prob, rng = dropout_forward_inputs()
    out = check_tuple("dropout_forward(A, keep_prob, rng)", f(A.copy(), keep_prob, rng), 2)
    A_drop, D = out
    D = check_shape("D (the mask)", D, A.shape)
    A_drop = check_shape("A_drop", A_drop, A.shape)
    if not _is_binary_mask(D):
        raise Mismatch("D should hold only True/False (or 1/0): it is the mask, not the dropped-out activations.")
    if A_drop.dtype.kind != "f":
        raise Mismatch(f"A_drop has dtype {A_drop.dtype}; it should hold floats.")
    kept = D.astype(bool)
    if np.any(A_drop[~kept] != 0):
        raise Mismatch("A_drop is not 0 where D is False: multiply A by the mask D that you return.")
    if not close(A_drop[kept], A[kept] / keep_prob):
        hints = {
            "applying the mask without dividing by keep_prob (inverted dropout divides by keep_prob)": A[kept],
            "multiplying the kept activations by keep_prob instead of dividing them": A[kept] * keep_prob,
            "dividing by 1 - keep_prob instead of keep_prob": A[kept] / (1 - keep_prob),
        }
        check_array("A_drop where D is True", A_drop[kept], A[kept] / keep_prob, reveal=True, mistakes=hints)
    stored = _arrays(_EXPECTED["dropout_forward"])
    want = stored["D"].astype(bool)
    if not np.array_equal(kept, want):
        if np.array_equal(kept, ~want):
            raise Mismatch(
                "D is the complement of the draw the assignment specifies: D must be True where the "
                "random number is below keep_prob, D = rng.random(A.shape) < keep_prob."
            )
        raise Mismatch(
            "D is a valid mask, but not the one the seeded draw gives. Draw it with exactly one call, "
            "D = rng.random(A.shape) < keep_prob, before anything else uses rng."
        )
    check_array("A_drop", A_drop, stored["A_drop"], reveal=True)

    big = np.ones((200, 500))
    _, D_big = f(big, 0.8, np.random.default_rng(5))
    rate = float(np.mean(np.asarray(D_big, dtype=np.float64)))
    if abs(rate - 0.8) > 0.01:
        raise Mismatch(
            f"with keep_prob = 0.8, your mask keeps a fraction {rate:.3f} of 100,000 units; it should "
            "keep about 0.8 of them (each unit independently with probability keep_prob)."
        )
    _ok("dropout_forward")


def check_dropout_backward(f: Callable) -> None:
    dA, D, keep_prob = dropout_backward_inputs()
    stored = _arrays(_EXPECTED["dropout_backward"])
    for mask, kind in ((D, "a boolean mask"), (D.astype(np.float64), "a mask of 0.0/1.0")):
        got = f(dA.copy(), mask, keep_prob)
        check_array(
            f"dropout_backward(dA, D, keep_prob) with {kind}",
            got,
            stored["expected"],
            reveal=True,
            mistakes=stored["mistakes"],
        )
    _ok("dropout_backward")


def check_L_model_forward_with_dropout(f: Callable) -> None:
    dims, m, seed, keep_prob, rng_seed = DROPOUT_NET
    parameters, X, _ = _network(dims, m, seed)
    L = len(dims) - 1
    out = f(X, _copy(parameters), keep_prob, np.random.default_rng(rng_seed))
    AL, caches, masks = check_tuple("L_model_forward_with_dropout(...)", out, 3)
    check_shape("AL", AL, (1, m))
    if not isinstance(caches, (list, tuple)) or len(caches) != L:
        raise Mismatch(f"caches should be a list of {L} caches (one per layer) for a {L}-layer network.")
    if not isinstance(masks, (list, tuple)):
        raise Mismatch(f"masks should be a list of {L - 1} masks, but it is a {type(masks).__name__}.")
    if len(masks) == L:
        raise Mismatch(
            f"masks has {L} masks, one per layer: dropout goes on the hidden layers 1..L-1 only, "
            "never on the output layer."
        )
    if len(masks) != L - 1:
        raise Mismatch(f"masks should hold {L - 1} masks (one per hidden layer), but it has {len(masks)}.")
    if np.shape(masks[0]) == X.shape and X.shape != (dims[1], m):
        raise Mismatch("the first mask has the shape of X: dropout must not be applied to the input.")
    for l in range(1, L):
        check_shape(f"masks[{l - 1}] (the mask of layer {l})", masks[l - 1], (dims[l], m))
    for l in range(1, L):
        Z = np.asarray(caches[l - 1][1])
        fed = np.asarray(caches[l][0][0])
        A = relu(Z)
        D = np.asarray(masks[l - 1]).astype(bool)
        if close(fed, A) and not D.all():
            raise Mismatch(
                f"layer {l + 1} was fed the activation of layer {l} without dropout: pass the "
                "dropped-out activation (A_drop) to the next layer."
            )
        if close(fed, np.where(D, A, 0.0)) and not close(fed, np.where(D, A / keep_prob, 0.0)):
            raise Mismatch(
                f"layer {l + 1} was fed the masked activation of layer {l} without the division by "
                "keep_prob (inverted dropout divides by keep_prob)."
            )
        if not close(fed, np.where(D, A / keep_prob, 0.0)):
            raise Mismatch(
                f"the input stored in layer {l + 1}'s cache is not layer {l}'s ReLU activation "
                f"dropped out with masks[{l - 1}]: apply dropout_forward to layer {l}'s activation and "
                "feed its result to the next layer."
            )
    stored = _arrays(_EXPECTED["forward_dropout"])
    for l in range(1, L):
        if not np.array_equal(np.asarray(masks[l - 1]).astype(bool), stored[f"D{l}"].astype(bool)):
            raise Mismatch(
                f"masks[{l - 1}] is not the draw the assignment specifies: call dropout_forward once "
                "per hidden layer, in order from layer 1 to L-1, with the rng you were given, and draw "
                "nothing else from it."
            )
    check_array("AL", AL, stored["AL"], reveal=True)

    AL1, _, masks1 = f(X, _copy(parameters), 1.0, np.random.default_rng(rng_seed))
    check_array(
        "AL with keep_prob = 1 (it should equal L_model_forward's)", AL1, L_model_forward(X, parameters)[0], reveal=True
    )
    if not all(np.asarray(D).all() for D in masks1):
        raise Mismatch("with keep_prob = 1 every unit must be kept (all masks True).")
    _ok("L_model_forward_with_dropout")


def check_L_model_backward_with_dropout(f: Callable) -> None:
    dims, m, seed, keep_prob, _ = DROPOUT_NET
    parameters, X, Y = _network(dims, m, seed)
    L = len(dims) - 1
    stored = _EXPECTED["backward_dropout"]
    caches = _caches(stored["forward"], parameters, X)
    masks = [_arrays(stored["forward"][f"D{l}"]).astype(bool) for l in range(1, L)]
    AL = _arrays(stored["forward"]["AL"])
    try:
        grads = f(AL, Y, caches, masks, keep_prob)
    except ValueError as exc:
        if "broadcast" not in str(exc):
            raise
        raise Mismatch(
            f"L_model_backward_with_dropout raised ValueError: {exc}. A mask does not have the shape of the "
            "gradient it is applied to: layer l's gradient goes through masks[l - 1], of shape (n_l, m), "
            "and the output layer has no mask."
        ) from None
    _check_grads_keys("grads", grads, L)
    for key in (f"{p}{l}" for l in range(L, 0, -1) for p in ("dW", "db")):
        check_array(
            f"grads['{key}']",
            grads[key],
            _arrays(stored["expected"][key]),
            reveal=True,
            mistakes={lab: _arrays(wrong[key]) for lab, wrong in stored["mistakes"].items() if key in wrong},
        )
    _ok("L_model_backward_with_dropout")


def check_gradient_check(f: Callable) -> None:
    dims, m, seed = GRADCHECK_NET
    parameters, X, Y = _network(dims, m, seed)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    given = _copy(parameters)
    got = f(given, _copy(grads), X, Y)
    for key, value in parameters.items():
        if not np.array_equal(given[key], value):
            raise Mismatch(
                f"gradient_check changed parameters['{key}']: shift a copy of the array, so that the "
                "caller's parameters come back unchanged."
            )
    difference = check_float("gradient_check(...) on correct gradients", got, 0.0, atol=1.0)
    if not 0 <= difference < 1e-7:
        hint = ""
        if abs(difference - 1 / 3) < 1e-3:
            hint = " This is what dividing by epsilon instead of 2 * epsilon gives."
        elif difference > 0.5:
            hint = (
                " The estimates and the gradients do not line up: collect them in the same order, "
                "entry by entry, and shift one entry at a time (restoring it afterwards)."
            )
        raise Mismatch(
            f"gradient_check returned {difference:.3g} for correct gradients; it should be below 1e-7." + hint
        )

    stored = _EXPECTED["gradient_check"]
    got = f(_copy(parameters), gradient_check_buggy(grads), X, Y)
    check_float(
        "gradient_check(...) on gradients with two planted bugs",
        got,
        stored["buggy"]["expected"],
        rtol=1e-5,
        reveal=True,
        mistakes=stored["buggy"]["mistakes"],
    )
    got = f(_copy(parameters), _copy(grads), X, Y, 1e-2)
    if check_float("gradient_check(..., epsilon=1e-2)", got, 0.0, atol=1.0) < 1e-7:
        raise Mismatch(
            "with epsilon=1e-2 the finite differences are less accurate and the difference should be "
            "well above 1e-7: is the epsilon argument used?"
        )
    check_float(
        "gradient_check(..., epsilon=1e-2) on correct gradients",
        got,
        stored["large_epsilon"]["expected"],
        rtol=1e-4,
        reveal=True,
        mistakes=stored["large_epsilon"]["mistakes"],
    )
    _ok("gradient_check")
