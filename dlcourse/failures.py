"""Typical failures of the graded functions (exceptions, not wrong values) and the hint
for each, written once for the public checks (through ``dlcourse.checking.call``) and
the autograder's hidden feedback (autograder/sandboxed.py), which both show the first
hint that matches the student's exception and line.

``for_function(assignment, function) -> list[Hint]``
"""

from __future__ import annotations

from .checking import SHAPE_ERROR, Hint

_CACHE_INDEX = Hint(
    (KeyError, IndexError), "caches[l] holds layer l+1's cache (the list starts at 0): check your index."
)
_LAYER_ORDER = Hint(
    ValueError,
    "walk the layers from L down to 1: layer l's backward step needs dA{l}, which layer l+1 gives.",
    message=SHAPE_ERROR,
)
_PARAMETER_KEYS = Hint(
    KeyError,
    "parameters holds W1, b1, ..., WL, bL: L = len(parameters) // 2, and layers count from 1.",
)
_MASK_SHAPE = Hint(
    ValueError,
    "a mask does not have the shape of the gradient it is applied to: layer l's gradient goes through "
    "masks[l - 1], of shape (n_l, m), and the output layer has no mask.",
    message=SHAPE_ERROR,
)
_MASK_INDEX = Hint(
    (KeyError, IndexError), "masks[l - 1] is the mask of hidden layer l (there are L - 1 masks): check your index."
)
_PRODUCT_ORDER = Hint(
    ValueError,
    "the shapes of a product do not match: check which side each matrix is on and whether one needs a .T "
    "(X is (n_x, m), one example per column).",
    message=SHAPE_ERROR,
)
_WINDOW = Hint(
    (ValueError, IndexError),
    "a window runs past the (padded) input: vert_start = h * stride, vert_end = vert_start + f, and "
    "n_H = (n_H_prev - f + 2 pad) // stride + 1.",
)
_TIME_AXIS = Hint(IndexError, "time is the last axis: x[:, :, t] for t in range(T_x).")
_CONCAT = Hint(
    ValueError,
    "concat stacks a_prev on top of xt along axis 0: np.concatenate([a_prev, xt], axis=0).",
    message=SHAPE_ERROR,
)

HINTS: dict[tuple[str, str], list[Hint]] = {
    ("logistic_regression", "propagate"): [_PRODUCT_ORDER],
    ("logistic_regression", "predict"): [_PRODUCT_ORDER],
    ("shallow_network", "forward_propagation"): [_PRODUCT_ORDER],
    ("shallow_network", "backward_propagation"): [_PRODUCT_ORDER],
    ("deep_network", "L_model_forward"): [_PARAMETER_KEYS],
    ("deep_network", "L_model_backward"): [_CACHE_INDEX, _LAYER_ORDER],
    ("deep_network", "update_parameters"): [_PARAMETER_KEYS],
    ("regularization", "L_model_backward_with_regularization"): [_CACHE_INDEX, _LAYER_ORDER],
    ("regularization", "L_model_forward_with_dropout"): [_MASK_SHAPE, _MASK_INDEX, _PARAMETER_KEYS],
    ("regularization", "L_model_backward_with_dropout"): [_MASK_SHAPE, _MASK_INDEX, _CACHE_INDEX],
    ("regularization", "dropout_forward"): [_MASK_SHAPE],
    ("regularization", "dropout_backward"): [_MASK_SHAPE],
    ("convolution", "conv_forward"): [_WINDOW],
    ("convolution", "pool_forward"): [_WINDOW],
    ("convolution", "conv_backward"): [_WINDOW],
    ("recurrent", "rnn_forward"): [_TIME_AXIS],
    ("recurrent", "lstm_forward"): [_TIME_AXIS],
    ("recurrent", "lstm_cell_forward"): [_CONCAT],
}


def for_function(assignment: str, function: str) -> list[Hint]:
    """The hints for ``function``'s typical failures, most specific first."""
    return list(HINTS.get((assignment, function), []))
