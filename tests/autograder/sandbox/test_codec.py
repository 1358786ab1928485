"""The data-only wire format: plain data round-trips exactly; nothing else gets through."""

from __future__ import annotations

import math

import numpy as np
import pytest

from autograder.sandbox import codec


@pytest.mark.parametrize(
    "value",
    [
        None,
        True,
        3,
        -2.5,
        "élève",
        [1, [2.0, None]],
        (1, (2, 3)),
        {"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))},
        {1: "a", (2, 3): "b"},
        np.arange(12, dtype=np.int32).reshape(3, 4).T,  # not contiguous
        np.array(3.5),
        np.zeros((0, 4)),
        np.array([True, False]),
    ],
)
def test_plain_data_round_trips_exactly(value):
    back = codec.decode(codec.encode(value))
    if isinstance(value, np.ndarray):
        assert type(back) is np.ndarray and back.dtype == value.dtype and back.shape == value.shape
        np.testing.assert_array_equal(back, value)
    elif isinstance(value, dict) and "W1" in value:
        assert back.keys() == value.keys() and all(np.array_equal(back[k], value[k]) for k in value)
    else:
        assert back == value and type(back) is type(value)


def test_numpy_scalars_stay_numpy_scalars_and_special_floats_survive():
    back = codec.decode(codec.encode([np.float64(0.25), np.int64(3), np.bool_(True), math.inf, math.nan]))
    assert type(back[0]) is np.float64 and back[0] == 0.25
    assert type(back[1]) is np.int64 and type(back[2]) is np.bool_
    assert back[3] == math.inf and math.isnan(back[4])


def test_a_generator_travels_as_its_state():
    rng = np.random.default_rng(7)
    rng.standard_normal(3)
    copy = codec.decode(codec.encode(rng))
    assert copy is not rng and np.array_equal(copy.standard_normal(4), rng.standard_normal(4))


class Sub(np.ndarray):
    pass


class Evil:
    def __reduce__(self):
        return (print, ("never",))


@pytest.mark.parametrize(
    "value",
    [np.zeros(2).view(Sub), Evil(), np.array(["a"]), np.array([1 + 2j]), object(), {1.5j: 2}, type],
)
def test_anything_else_is_refused(value):
    with pytest.raises(codec.CodecError):
        codec.encode(value)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        '{"__ndarray__": "AAAA", "dtype": "<f8", "shape": [3]}',  # bytes do not match the shape
        '{"__ndarray__": "", "dtype": "|O", "shape": [0]}',  # object arrays
        '{"__pickle__": "x"}',
        '{"__generator__": {"__dict__": {"bit_generator": "Evil"}}}',
        '{"__pairs__": [[[1], 2]]}',  # an unhashable key
        "[" * 100 + "]" * 100,
    ],
)
def test_malformed_input_is_refused(text):
    with pytest.raises(codec.CodecError):
        codec.decode(text)
