"""Public checks of the optimization assignment.

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

from dlcourse.compare import Mismatch, check_array, check_float, check_keys, check_shape, check_tuple


def _ok(name: str) -> None:
    print(f"✓ {name} passed its public checks")


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


def _copy(d: Mapping[str, np.ndarray]) -> dict:
    return {k: np.array(v, copy=True) for k, v in d.items()}


def _keys(parameters: Mapping[str, np.ndarray]) -> list[str]:
    return ["d" + k for k in parameters]


# The public inputs (shared with the stored values below).
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
    return parameters, _like(parameters, 8), _like(parameters, 9, scale=0.3), _like(parameters, 10, positive=True, scale=0.3)


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


# BEGIN EXPECTED (generated from the reference solution; do not edit by hand)
_EXPECTED: dict = {
    'random_mini_batches': {
        'm=10, size 4': [8, 4, 7, 0, 1, 2, 5, 9, 6, 3],
        'm=8, size 4': [6, 5, 7, 2, 3, 4, 0, 1],
        'm=5, size 8': [4, 2, 1, 3, 0],
    },
    'momentum': {
        'beta = 0.9, learning_rate = 0.05': {
            'expected': {
                'parameters': {
                    'W1': [
                        [0.29871824492465177, 0.8817343489131312],
                        [0.3230951698490166, -1.2781750785532833],
                        [0.9065419388319983, 0.4455046791733449],
                    ],
                    'b1': [
                        [-0.48987643327013286],
                        [0.582467549759709],
                        [0.3826336370532737],
                    ],
                    'W2': [
                        [0.22213412171313637, 0.01845420526253837, 0.5561999622184286],
                    ],
                    'b2': [
                        [-0.7284810005729717],
                    ],
                },
                'v': {
                    'dW1': [
                        [0.9373189428026854, -1.2023241082394565],
                        [0.14683812668741114, -0.499643061021554],
                        [-0.023721443177610463, 0.017397863813328182],
                    ],
                    'db1': [
                        [-0.9415360418030454],
                        [-0.026988911267119137],
                        [-0.3612248173439589],
                    ],
                    'dW2': [
                        [1.4399674988477922, 0.19936072106516833, -0.1897395121196332],
                    ],
                    'db2': [
                        [-0.15946172857390395],
                    ],
                },
            },
            'mistakes': {
                'v = beta * v + grad, without the (1 - beta)': {
                    'v': {
                        'dW1': [
                            [1.1074669864168651, -1.6727977055721293],
                            [-0.22491906236529297, -2.6969637053974242],
                            [1.5960152012712014, 1.047147148646834],
                        ],
                    },
                },
                'stepping along the gradient instead of the velocity': {
                    'parameters': {
                        'W1': [
                            [0.33613152297510934, 0.8477555655751957],
                            [0.35109025335298183, -1.181083862472368],
                            [0.8153704975370726, 0.3891662787621498],
                        ],
                    },
                },
                'swapping beta and 1 - beta': {
                    'v': {
                        'dW1': [
                            [0.2721939996834389, -0.5982568488983817],
                            [-0.3508522467164152, -2.2257091246822664],
                            [1.5971041798432897, 1.0189694266790177],
                        ],
                    },
                },
                'stepping with the old velocity instead of the updated one': {
                    'parameters': {
                        'W1': [
                            [0.29456121403015645, 0.8855097692840129],
                            [0.3199846050152427, -1.2889629914511627],
                            [0.9166720989758789, 0.45176450144125546],
                        ],
                    },
                },
            },
        },
        'beta = 0.7, learning_rate = 0.3': {
            'expected': {
                'parameters': {
                    'W1': [
                        [0.1142728799579239, 1.1370103315224147],
                        [0.3237124161824508, -1.0238093585233412],
                        [0.7909103778998333, 0.3660373460050861],
                    ],
                    'b1': [
                        [-0.29556663648171966],
                        [0.5358284110435034],
                        [0.4301108089131562],
                    ],
                    'W2': [
                        [-0.004938397314021958, -0.08326642367447823, 0.6116893092176382],
                    ],
                    'b2': [
                        [-0.6773247567305585],
                    ],
                },
                'v': {
                    'dW1': [
                        [0.7710377070228738, -1.0513072934041878],
                        [0.022415533336454546, -0.9311595769367322],
                        [0.38148496257761466, 0.2677907545297506],
                    ],
                    'db1': [
                        [-0.8046219962618851],
                        [0.15096564384283218],
                        [-0.2184613757569348],
                    ],
                    'dW2': [
                        [0.9969029798984932, 0.3722955499675834, -0.21658774201730416],
                    ],
                    'db2': [
                        [-0.19709776757036146],
                    ],
                },
            },
            'mistakes': {
                'v = beta * v + grad, without the (1 - beta)': {
                    'v': {
                        'dW1': [
                            [0.9033750742783468, -1.417231202440711],
                            [-0.26672894703787087, -2.6401867447846312],
                            [1.641280130482246, 1.0687068649558107],
                        ],
                    },
                },
                'stepping along the gradient instead of the velocity': {
                    'parameters': {
                        'W1': [
                            [0.2888681775267261, 0.9784426759453826],
                            [0.4543561392009552, -0.5707170168124043],
                            [0.36544365185684713, 0.10312481075284269],
                        ],
                    },
                },
                'swapping beta and 1 - beta': {
                    'v': {
                        'dW1': [
                            [0.43847523546325057, -0.7492736637336506],
                            [-0.22642965336545856, -1.7941926087670883],
                            [1.1918977740880645, 0.7685765359625951],
                        ],
                    },
                },
                'stepping with the old velocity instead of the updated one': {
                    'parameters': {
                        'W1': [
                            [0.039446323857008636, 1.2049678981982856],
                            [0.2677222491745203, -1.2179917906851714],
                            [0.9732532604896846, 0.47871414682747615],
                        ],
                    },
                },
            },
        },
    },
    'rmsprop': {
        'beta = 0.9, learning_rate = 0.01': {
            'expected': {
                'parameters': {
                    'W1': [
                        [-0.637476568575008, -0.16064329143303108],
                        [1.6657703490316886, 0.6307756320823765],
                        [-1.6603241425032373, -0.006911249194715575],
                    ],
                    'b1': [
                        [-0.6079386991797376],
                        [0.15906383133342544],
                        [-1.6355319435421216],
                    ],
                    'W2': [
                        [0.213553566831964, 0.21282833375533883, 1.594850527817476],
                    ],
                    'b2': [
                        [0.3356924815931599],
                    ],
                },
                's': {
                    'dW1': [
                        [0.3138462793592507, 0.8854749792510338],
                        [1.4730106723074974, 0.021960150407455577],
                        [0.360276256463722, 0.4125682404933679],
                    ],
                    'db1': [
                        [0.12671573769903696],
                        [0.5658944401343033],
                        [0.07497898899726285],
                    ],
                    'dW2': [
                        [0.33562803613232917, 0.014628391723144306, 0.41157377426722513],
                    ],
                    'db2': [
                        [0.25310285685152584],
                    ],
                },
            },
            'mistakes': {
                'leaving out the square root': {
                    'parameters': {
                        'W1': [
                            [-0.6262394270555051, -0.1597608112088081],
                            [1.6654100729999615, 0.467689568168528],
                            [-1.6729299443381391, -0.007862373281530603],
                        ],
                    },
                },
                'swapping beta and 1 - beta': {
                    's': {
                        'dW1': [
                            [0.6065109295368283, 1.657432108184505],
                            [0.2184976261050846, 0.1595726373448044],
                            [1.1872322275908498, 0.05653913254562401],
                        ],
                    },
                },
                'stepping with the old s instead of the updated one': {
                    'parameters': {
                        'W1': [
                            [-0.6365614609731939, -0.15980746442093144],
                            [1.6656694142873112, 0.5981982350905746],
                            [-1.6638107257556485, -0.006825969655036307],
                        ],
                    },
                },
                'not squaring the gradient in s': {
                    's': {
                        'dW1': [
                            [0.16934373575300343, 0.5776464047581005],
                            [1.4420061605649943, 0.04632725439281042],
                            [0.34482073731451224, 0.4223353310203331],
                        ],
                    },
                },
            },
        },
        'beta = 0.99, learning_rate = 0.1, epsilon = 0.1': {
            'expected': {
                'parameters': {
                    'W1': [
                        [-0.5245045493228381, -0.0414365124262272],
                        [1.6818461028633802, 0.42620204034926445],
                        [-1.8255346025238783, -0.019399750040978186],
                    ],
                    'b1': [
                        [-0.49491637654234577],
                        [0.2410750143519862],
                        [-1.893395469946301],
                    ],
                    'W2': [
                        [-0.14813122364669962, 0.09405762465394182, 1.7658695850177424],
                    ],
                    'b2': [
                        [0.4967849788856576],
                    ],
                },
                's': {
                    'dW1': [
                        [0.28092150621427325, 0.7986298022460183],
                        [1.6141433900052686, 0.006478745627003839],
                        [0.2672437097119202, 0.452621515137489],
                    ],
                    'db1': [
                        [0.10884540537935294],
                        [0.5608958635343045],
                        [0.026414864977695452],
                    ],
                    'dW2': [
                        [0.10193927999107157, 0.008650950387875932, 0.3006211923419549],
                    ],
                    'db2': [
                        [0.18658592214173148],
                    ],
                },
            },
            'mistakes': {
                'putting epsilon inside the square root': {
                    'parameters': {
                        'W1': [
                            [-0.5218581465933103, -0.035011209086661194],
                            [1.6826937110805138, 0.5302996628563903],
                            [-1.8288617512941927, -0.019960943412255246],
                        ],
                    },
                },
                'leaving out the square root': {
                    'parameters': {
                        'W1': [
                            [-0.4412670913101072, -0.027341922366082128],
                            [1.678212955590072, 0.26428468529321025],
                            [-1.9507413357339969, -0.0250552598537349],
                        ],
                    },
                },
                'swapping beta and 1 - beta': {
                    's': {
                        'dW1': [
                            [0.6394357026818057, 1.7442772851895205],
                            [0.07736490840731322, 0.17505404212525616],
                            [1.2802647743426518, 0.016485857901502837],
                        ],
                    },
                },
                'stepping with the old s instead of the updated one': {
                    'parameters': {
                        'W1': [
                            [-0.523801152903818, -0.04070617949461541],
                            [1.6817650590779722, 0.41033786614148904],
                            [-1.8285981457889262, -0.01933939497232566],
                        ],
                    },
                },
                'not squaring the gradient in s': {
                    's': {
                        'dW1': [
                            [0.2664712518536485, 0.7678469447967249],
                            [1.6110429388310183, 0.008915456025539326],
                            [0.2656981577969992, 0.45359822419018553],
                        ],
                    },
                },
            },
        },
    },
    'adam': {
        't = 3 and the default hyperparameters': {
            'expected': {
                'parameters': {
                    'W1': [
                        [0.0035828831972121275, 0.2993666554405707],
                        [-0.2691938188150625, -0.8941407580590209],
                        [-0.4561695805655027, -0.9842227356873663],
                    ],
                    'b1': [
                        [0.059980876506947084],
                        [1.3389888816065638],
                        [-0.4920568725889146],
                    ],
                    'W2': [
                        [-0.6191444340505258, 0.49403057523945443, 0.3537822736631651],
                    ],
                    'b2': [
                        [0.10402900894760297],
                    ],
                },
                'v': {
                    'dW1': [
                        [-0.39059261256506483, -0.06809480440678266],
                        [-0.5833239361579016, 0.14198660381245884],
                        [0.07747415815719386, -0.14109469042059347],
                    ],
                    'db1': [
                        [0.02050822849002891],
                        [0.157111812145727],
                        [-0.010790331215977902],
                    ],
                    'dW2': [
                        [-0.0936234907753056, -0.472042144103845, 0.37551136280742425],
                    ],
                    'db2': [
                        [0.07311869485246078],
                    ],
                },
                's': {
                    'dW1': [
                        [0.11247402404292656, 0.04904877009749867],
                        [0.05680735315398106, 0.006532069468074416],
                        [0.010903786362991545, 0.0014740589428572824],
                    ],
                    'db1': [
                        [0.0648171927822198],
                        [0.06697723739281841],
                        [0.021217189103438124],
                    ],
                    'dW2': [
                        [0.02020740527854083, 0.051830764839546455, 0.05969604183147033],
                    ],
                    'db2': [
                        [0.011369859139317512],
                    ],
                },
            },
            'mistakes': {
                'leaving out the bias correction': {
                    'parameters': {
                        'W1': [
                            [0.01287671944482823, 0.3018202173196541],
                            [-0.24966371185808275, -0.9081598224753088],
                            [-0.462090174436967, -0.9548969112873985],
                        ],
                    },
                },
                'the bias correction with t + 1 (t already counts from 1)': {
                    'parameters': {
                        'W1': [
                            [0.0033704303324638405, 0.2993105681321321],
                            [-0.2696402681741057, -0.8938202885917177],
                            [-0.45603423847416213, -0.9848931108761942],
                        ],
                    },
                },
                'storing the corrected v_hat and s_hat in v and s (they must keep the uncorrected averages)': {
                    'v': {
                        'dW1': [
                            [-1.4413011533766236, -0.25127234098443796],
                            [-2.1524868492911504, 0.5239358074260475],
                            [0.2858825024250697, -0.5206446140981311],
                        ],
                    },
                },
                'correcting v with beta2 and s with beta1': {
                    'parameters': {
                        'W1': [
                            [2.024229111853564, 0.8328148979376614],
                            [3.9770007837665333, -3.942136311013212],
                            [-1.7434126442103142, 5.391737063116824],
                        ],
                    },
                },
                'not squaring the gradient in s': {
                    's': {
                        'dW1': [
                            [0.10771418757228635, 0.04592551334775447],
                            [0.053593634973315464, 0.006056817729787547],
                            [0.0032431712205423344, 0.0012494795960840477],
                        ],
                    },
                },
                'the bias correction with t - 1 (t counts the updates from 1)': {
                    'parameters': {
                        'W1': [
                            [0.003970785228532121, 0.29946906112427674],
                            [-0.2683786798267999, -0.894725879645043],
                            [-0.4564166917172725, -0.9829987470301853],
                        ],
                    },
                },
                'beta2 = 0.99 instead of 0.999': {
                    's': {
                        'dW1': [
                            [0.13868209654833555, 0.06470251051610733],
                            [0.07298576863998676, 0.007587047283753553],
                            [0.058986036600734905, 0.0017822399495759267],
                        ],
                    },
                },
            },
        },
        't = 1 and the default hyperparameters': {
            'expected': {
                'parameters': {
                    'W1': [
                        [0.011230153299953994, 0.30874553743365557],
                        [-0.2641378554356872, -0.8805918390416745],
                        [-0.4446707852149643, -0.9816465555258508],
                    ],
                    'b1': [
                        [0.0701436024929703],
                        [1.3302152456664404],
                        [-0.5022065184468197],
                    ],
                    'W2': [
                        [-0.6304748997481147, 0.4798420503154964, 0.3668870062743282],
                    ],
                    'b2': [
                        [0.09541424911420548],
                    ],
                },
                'v': {
                    'dW1': [
                        [-0.17382663984968816, -0.13366427931811323],
                        [-0.13611067085649867, -0.03516171312784097],
                        [-0.23125815796967028, -0.018889719608460774],
                    ],
                    'db1': [
                        [-0.09572292280963458],
                        [0.08936001849299786],
                        [0.09568472375792338],
                    ],
                    'dW2': [
                        [0.13922582291390861, 0.07674701130947076, -0.005302977875726772],
                    ],
                    'db2': [
                        [0.08597939889439093],
                    ],
                },
                's': {
                    'dW1': [
                        [0.0030215700721433238, 0.0017866139565630612],
                        [0.0018526114721006143, 0.00012363460700845857],
                        [0.005348033562752505, 3.5682150688626794e-05],
                    ],
                    'db1': [
                        [0.0009162877951219273],
                        [0.000798521290506893],
                        [0.0009155566360630118],
                    ],
                    'dW2': [
                        [0.0019383829766055072, 0.0005890103744936042, 2.8121574350447668e-06],
                    ],
                    'db2': [
                        [0.0007392457034240803],
                    ],
                },
            },
            'mistakes': {
                'leaving out the bias correction': {
                    'parameters': {
                        'W1': [
                            [0.03285292420630925, 0.3303683066287251],
                            [-0.24251508610749464, -0.8589690905955899],
                            [-0.42304801289420996, -0.9600238313335382],
                        ],
                    },
                },
                'the bias correction with t + 1 (t already counts from 1)': {
                    'parameters': {
                        'W1': [
                            [0.008671521532626271, 0.30618690566542717],
                            [-0.26669648720384553, -0.8831504708208234],
                            [-0.44722941698154756, -0.984205187317765],
                        ],
                    },
                },
                'storing the corrected v_hat and s_hat in v and s (they must keep the uncorrected averages)': {
                    'v': {
                        'dW1': [
                            [-1.738266398496882, -1.3366427931811327],
                            [-1.361106708564987, -0.35161713127840977],
                            [-2.3125815796967033, -0.18889719608460778],
                        ],
                    },
                },
                'correcting v with beta2 and s with beta1': {
                    'parameters': {
                        'W1': [
                            [10.001229578071685, 10.298744789365474],
                            [9.725861409941565, 9.10940531724102],
                            [9.5453287824111, 9.008348151121497],
                        ],
                    },
                },
                'not squaring the gradient in s': {
                    's': {
                        'dW1': [
                            [-0.0017382663984968835, -0.0013366427931811337],
                            [-0.0013611067085649883, -0.0003516171312784101],
                            [-0.0023125815796967053, -0.00018889719608460796],
                        ],
                    },
                },
                'beta2 = 0.99 instead of 0.999': {
                    's': {
                        'dW1': [
                            [0.030215700721433238, 0.01786613956563061],
                            [0.018526114721006143, 0.0012363460700845856],
                            [0.05348033562752504, 0.00035682150688626794],
                        ],
                    },
                },
            },
        },
        't = 5, learning_rate = 0.02, beta1 = 0.8, beta2 = 0.99, epsilon = 0.1': {
            'expected': {
                'parameters': {
                    'W1': [
                        [0.010249372946206134, 0.30372442033529495],
                        [-0.25904814985767877, -0.8958451520406119],
                        [-0.449996703822263, -0.9766643949374313],
                    ],
                    'b1': [
                        [0.06213549081217917],
                        [1.3348514348022038],
                        [-0.4955029772073496],
                    ],
                    'W2': [
                        [-0.6226565347234267, 0.4983038066696852, 0.348751092598273],
                    ],
                    'b2': [
                        [0.09863887453774939],
                    ],
                },
                'v': {
                    'dW1': [
                        [-0.5403341443352667, -0.20904458093726597],
                        [-0.6697442442031333, 0.08714174435791791],
                        [-0.1880875904932391, -0.1464060799388173],
                    ],
                    'db1': [
                        [-0.08812926668623496],
                        [0.23894385356619943],
                        [0.09672495420571228],
                    ],
                    'dW2': [
                        [0.07147447810407126, -0.3343185599706725, 0.3278956804113473],
                    ],
                    'db2': [
                        [0.16052706086262172],
                    ],
                },
                's': {
                    'dW1': [
                        [0.13868209654833555, 0.06470251051610733],
                        [0.07298576863998676, 0.007587047283753553],
                        [0.058986036600734905, 0.0017822399495759267],
                    ],
                    'db1': [
                        [0.07248809910960455],
                        [0.07356772435781007],
                        [0.029274301238209052],
                    ],
                    'dW2': [
                        [0.03748826628148647, 0.0566702207823758, 0.05918357440447551],
                    ],
                    'db2': [
                        [0.01792729917791898],
                    ],
                },
            },
            'mistakes': {
                'leaving out the bias correction': {
                    'parameters': {
                        'W1': [
                            [0.02410625951713944, 0.31054373828403026],
                            [-0.23795099324108693, -0.8999066480094666],
                            [-0.44369943364125364, -0.9710573837472987],
                        ],
                    },
                },
                'the bias correction with t + 1 (t already counts from 1)': {
                    'parameters': {
                        'W1': [
                            [0.010163808522165267, 0.30366631403131855],
                            [-0.2592183152170296, -0.8957259159908526],
                            [-0.45005272921255657, -0.9771904189133361],
                        ],
                    },
                },
                'storing the corrected v_hat and s_hat in v and s (they must keep the uncorrected averages)': {
                    'v': {
                        'dW1': [
                            [-0.8036859595657824, -0.3109301834502409],
                            [-0.996168854419225, 0.12961349410685077],
                            [-0.2797590291724761, -0.21776249395944983],
                        ],
                    },
                },
                'correcting v with beta2 and s with beta1': {
                    'parameters': {
                        'W1': [
                            [0.39911927943956926, 0.5066987979030823],
                            [0.3622329258227761, -1.063024497788632],
                            [-0.2609437388865408, -0.5972525200874326],
                        ],
                    },
                },
                'not squaring the gradient in s': {
                    's': {
                        'dW1': [
                            [0.09108373184193347, 0.033469943018665384],
                            [0.040848586833330744, 0.0028345299008848664],
                            [-0.017620114823757194, -0.0004635535181564208],
                        ],
                    },
                },
                'the bias correction with t - 1 (t counts the updates from 1)': {
                    'parameters': {
                        'W1': [
                            [0.010493165238623486, 0.30387176385889564],
                            [-0.25860858939728343, -0.8960706024939753],
                            [-0.44985663813874965, -0.9757847739596477],
                        ],
                    },
                },
                'putting epsilon inside the square root': {
                    'parameters': {
                        'W1': [
                            [0.010621045596510652, 0.3039637222721907],
                            [-0.2583336284741647, -0.8957272492465056],
                            [-0.44977017809237363, -0.9798525354638603],
                        ],
                    },
                },
            },
        },
    },
    'update_lr': [{'expected': 0.5, 'mistakes': {'learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)': 0.0, 'counting epochs from 1 (epoch_num + 1)': 0.25}}, {'expected': 0.3125, 'mistakes': {'learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)': 1.25, 'learning_rate0 / 1 + decay_rate * epoch_num (parentheses)': 1.1, 'an exponential decay learning_rate0 * decay_rate ** epoch_num': 0.004000000000000001, 'counting epochs from 1 (epoch_num + 1)': 0.2777777777777778}}, {'expected': 0.0007407407407407407, 'mistakes': {'learning_rate0 / (1 + decay_rate) * epoch_num (parentheses)': 2.380952380952381, 'learning_rate0 / 1 + decay_rate * epoch_num (parentheses)': 12.51, 'an exponential decay learning_rate0 * decay_rate ** epoch_num': 0.0, 'counting epochs from 1 (epoch_num + 1)': 0.0007380073800738007}}],
    'schedule': [{'expected': 0.15, 'mistakes': {'no floor: that decays a little at every epoch instead of once per time_interval': 0.1276595744680851, "decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.0022058823529411764, 'rounding epoch_num / time_interval instead of taking its floor': 0.12, 'the ceiling of epoch_num / time_interval instead of its floor': 0.12}}, {'expected': 0.5, 'mistakes': {'no floor: that decays a little at every epoch instead of once per time_interval': 0.25125628140703515, "decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.005, 'rounding epoch_num / time_interval instead of taking its floor': 0.25, 'the ceiling of epoch_num / time_interval instead of its floor': 0.25}}, {'expected': 0.04, 'mistakes': {"decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.009523809523809525}}],
    'schedule_default': [{'expected': 0.5, 'mistakes': {'no floor: that decays a little at every epoch instead of once per time_interval': 0.2501250625312656, "decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.0005, 'rounding epoch_num / time_interval instead of taking its floor': 0.25, 'the ceiling of epoch_num / time_interval instead of its floor': 0.25, 'a default time_interval of 100 (it should be 1000)': 0.05, 'a default time_interval of 10 (it should be 1000)': 0.005}}, {'expected': 0.25, 'mistakes': {"decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.0004995004995004995, 'a default time_interval of 100 (it should be 1000)': 0.045454545454545456, 'a default time_interval of 10 (it should be 1000)': 0.0049504950495049506}}, {'expected': 0.25, 'mistakes': {'no floor: that decays a little at every epoch instead of once per time_interval': 0.2222222222222222, "decaying at every epoch (update_lr's formula) instead of once per time_interval": 0.0003996802557953637, 'the ceiling of epoch_num / time_interval instead of its floor': 0.2, 'a default time_interval of 100 (it should be 1000)': 0.037037037037037035, 'a default time_interval of 10 (it should be 1000)': 0.003968253968253968}}],
}
# END EXPECTED


def _arrays(tree: Any) -> Any:
    if isinstance(tree, dict):
        return {k: _arrays(v) for k, v in tree.items()}
    if isinstance(tree, list):
        return np.array(tree, dtype=np.float64)
    return tree


def check_random_mini_batches(f: Callable) -> None:
    for label, (m, size, seed) in MINI_BATCH_CASES.items():
        X, Y = mini_batch_inputs(m)
        where = f"for {label}"
        batches = f(X.copy(), Y.copy(), size, np.random.default_rng(seed))
        if not isinstance(batches, (list, tuple)):
            raise Mismatch(f"random_mini_batches should return a list of (X_batch, Y_batch), not a {type(batches).__name__}.")
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
            if not (np.array_equal(X_b[1] - X_b[0], np.full(n, 100.0)) and np.array_equal(X_b[2] - X_b[0], np.full(n, 200.0))):
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
        if columns != _EXPECTED["random_mini_batches"][label]:
            raise Mismatch(
                f"{where} the examples are shuffled, but not in the order the seeded draw gives: draw "
                "perm = rng.permutation(m), once, and use X[:, perm] and Y[:, perm]."
            )
    _ok("random_mini_batches")


def _check_zeros(name: str, f: Callable, got: Any, parameters: Mapping[str, np.ndarray]) -> None:
    if isinstance(got, Mapping) and any(k in got for k in parameters) and not any(k in got for k in _keys(parameters)):
        raise Mismatch(f"{name} uses the parameters' keys ('W1', ...); its keys should be 'dW1', 'db1', ...")
    check_keys(name, got, _keys(parameters))
    for key, value in parameters.items():
        arr = check_shape(f"{name}['d{key}']", got["d" + key], value.shape)
        if arr.dtype.kind != "f":
            raise Mismatch(f"{name}['d{key}'] has dtype {arr.dtype}; it should hold floats (np.zeros_like(W, dtype=float)).")
        if np.any(arr != 0):
            raise Mismatch(f"{name}['d{key}'] should be all zeros.")


def _check_initializer(fname: str, f: Callable) -> None:
    for dims in ((3, 4, 2, 1), (5, 1)):
        parameters = _parameters(dims, 11)
        _check_zeros(f"{fname}(parameters) for layers {list(dims)}", f, f(_copy(parameters)), parameters)
    _ok(fname)


def check_initialize_velocity(f: Callable) -> None:
    _check_initializer("initialize_velocity", f)


def check_initialize_rmsprop(f: Callable) -> None:
    _check_initializer("initialize_rmsprop", f)


def check_initialize_adam(f: Callable) -> None:
    for dims in ((3, 4, 2, 1), (5, 1)):
        parameters = _parameters(dims, 12)
        v, s = check_tuple(f"initialize_adam(parameters) for layers {list(dims)}", f(_copy(parameters)), 2)
        _check_zeros(f"v for layers {list(dims)}", f, v, parameters)
        _check_zeros(f"s for layers {list(dims)}", f, s, parameters)
        if v is s or any(v[k] is s[k] for k in v):
            raise Mismatch("v and s share the same arrays: create separate zero arrays for each.")
    _ok("initialize_adam")


def _check_update(name: str, got: Mapping, stored: Mapping, outputs: tuple[str, ...], keys: Mapping[str, list]) -> None:
    expected = _arrays(stored["expected"])
    mistakes = _arrays(stored["mistakes"])
    for out in outputs:
        check_keys(f"the returned {out} ({name})", got[out], keys[out])
        for key in keys[out]:
            check_array(
                f"{out}['{key}'] ({name})",
                got[out][key],
                expected[out][key],
                reveal=True,
                mistakes={lab: w[out][key] for lab, w in mistakes.items() if out in w and key in w[out]},
            )


def check_update_parameters_with_momentum(f: Callable) -> None:
    parameters, grads, v = momentum_inputs()
    keys = {"parameters": list(parameters), "v": _keys(parameters)}
    for label, (beta, lr) in MOMENTUM_CASES.items():
        out = check_tuple(f"update_parameters_with_momentum(...) with {label}", f(_copy(parameters), _copy(grads), _copy(v), beta, lr), 2)
        _check_update(label, {"parameters": out[0], "v": out[1]}, _EXPECTED["momentum"][label], ("v", "parameters"), keys)
    _ok("update_parameters_with_momentum")


def check_update_parameters_with_rmsprop(f: Callable) -> None:
    parameters, grads, s = rmsprop_inputs()
    keys = {"parameters": list(parameters), "s": _keys(parameters)}
    for label, (beta, lr, eps) in RMSPROP_CASES.items():
        args = (_copy(parameters), _copy(grads), _copy(s), beta, lr) + (() if eps is None else (eps,))
        out = check_tuple(f"update_parameters_with_rmsprop(...) with {label}", f(*args), 2)
        _check_update(label, {"parameters": out[0], "s": out[1]}, _EXPECTED["rmsprop"][label], ("s", "parameters"), keys)
    _ok("update_parameters_with_rmsprop")


def check_update_parameters_with_adam(f: Callable) -> None:
    parameters, grads, v, s = adam_inputs()
    keys = {"parameters": list(parameters), "v": _keys(parameters), "s": _keys(parameters)}
    for label, (t, hyper) in ADAM_CASES.items():
        if t == 1:
            v0 = {k: np.zeros_like(a) for k, a in v.items()}
            s0 = {k: np.zeros_like(a) for k, a in s.items()}
        else:
            v0, s0 = _copy(v), _copy(s)
        args = (_copy(parameters), _copy(grads), v0, s0, t) + (hyper or ())
        out = check_tuple(f"update_parameters_with_adam(...) with {label}", f(*args), 3)
        got = {"parameters": out[0], "v": out[1], "s": out[2]}
        if t == 1 and isinstance(out[0], Mapping):
            for key, value in out[0].items():
                arr = np.asarray(value, dtype=np.float64)
                if not np.all(np.isfinite(arr)):
                    raise Mismatch(
                        f"parameters['{key}'] after the first step (t = 1) is not finite: t counts the updates "
                        "from 1, so the correction divides by 1 - beta**t with t = 1 (with t - 1 = 0 it divides by 0)."
                    )
        _check_update(label, got, _EXPECTED["adam"][label], ("v", "s", "parameters"), keys)
    _ok("update_parameters_with_adam")


def check_update_lr(f: Callable) -> None:
    for (lr0, epoch, decay), stored in zip(UPDATE_LR_CASES, _EXPECTED["update_lr"]):
        check_float(
            f"update_lr({lr0}, {epoch}, {decay})",
            f(lr0, epoch, decay),
            stored["expected"],
            reveal=True,
            mistakes=stored["mistakes"],
        )
    _ok("update_lr")


def check_schedule_lr_decay(f: Callable) -> None:
    for (lr0, epoch, decay, interval), stored in zip(SCHEDULE_CASES, _EXPECTED["schedule"]):
        check_float(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}, time_interval={interval})",
            f(lr0, epoch, decay, interval),
            stored["expected"],
            reveal=True,
            mistakes=stored["mistakes"],
        )
    for (lr0, epoch, decay), stored in zip(SCHEDULE_DEFAULT_CASES, _EXPECTED["schedule_default"]):
        check_float(
            f"schedule_lr_decay({lr0}, {epoch}, {decay}) with the default time_interval",
            f(lr0, epoch, decay),
            stored["expected"],
            reveal=True,
            mistakes=stored["mistakes"],
        )
    _ok("schedule_lr_decay")
