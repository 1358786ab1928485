"""dlcourse.compare: the messages behind every public check and hidden test."""

import numpy as np
import pytest

from dlcourse.compare import Mismatch, check_array, check_float, check_keys, check_shape, check_tuple


def test_matching_arrays_pass_within_tolerance():
    a = np.linspace(-1, 1, 12).reshape(3, 4)
    check_array("A", a * (1 + 1e-9), a)


def test_lost_column_dimension_is_explained():
    with pytest.raises(Mismatch, match=r"shape \(4,\).*\(4, 1\).*keepdims"):
        check_array("db", np.zeros(4), np.zeros((4, 1)))


def test_transposed_result_is_recognised():
    with pytest.raises(Mismatch, match="transposed"):
        check_shape("dW", np.zeros((3, 2)), (2, 3))


def test_first_wrong_element_is_located_without_revealing_by_default():
    expected = np.arange(6.0).reshape(2, 3)
    got = expected.copy()
    got[1, 2] = 100.0
    with pytest.raises(Mismatch) as info:
        check_array("Z", got, expected)
    message = str(info.value)
    assert "index (1, 2)" in message and "100" in message and "should be" not in message


def test_reveal_shows_the_expected_value():
    with pytest.raises(Mismatch, match="should be 5"):
        check_array("Z", np.array([1.0]), np.array([5.0]), reveal=True)


def test_known_mistake_is_named():
    expected = np.array([[1.0, 2.0]])
    with pytest.raises(Mismatch, match="a missing 1/m"):
        check_array("dw", expected * 4, expected, mistakes={"a missing 1/m": expected * 4})


def test_nan_is_reported_with_a_hint():
    with pytest.raises(Mismatch, match="log of 0"):
        check_array("A", np.array([np.nan]), np.array([0.5]))


def test_float_accepts_zero_d_arrays_and_rejects_matrices():
    assert check_float("cost", np.array(0.5), 0.5) == 0.5
    with pytest.raises(Mismatch, match=r"shape \(1, 1\)"):
        check_float("cost", np.array([[0.5]]), 0.5)


def test_none_result_suggests_a_missing_return():
    with pytest.raises(Mismatch, match="return"):
        check_array("A", None, np.zeros(2))


def test_dict_keys_missing_and_extra():
    with pytest.raises(Mismatch, match="missing the key"):
        check_keys("grads", {"dw": 1}, ["dw", "db"])
    with pytest.raises(Mismatch, match="unexpected key"):
        check_keys("grads", {"dw": 1, "db": 2, "dz": 3}, ["dw", "db"])


def test_tuple_length():
    with pytest.raises(Mismatch, match="2 items"):
        check_tuple("result", (1, 2, 3), 2)
