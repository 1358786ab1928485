"""The data-only wire format between the grader and a student's worker process.

JSON text in which NumPy arrays travel as base64 bytes with a validated numeric
dtype and shape. Decoding builds only None, bool, int, float, str, list, tuple,
dict, ``numpy.ndarray``, NumPy numeric scalars and ``numpy.random.Generator``
(rebuilt from its ``bit_generator.state``), so nothing the other side sends can run
code or carry a custom ``__eq__`` when it is loaded: unlike pickle.

This module runs on both sides; it imports nothing but the standard library and NumPy.
"""

from __future__ import annotations

import base64
import json
import math
import re
from typing import Any

import numpy as np

_DTYPE = re.compile(r"^[<>|=]?(b1|[iu][1248]|f[248])$")
_BIT_GENERATORS = {"PCG64", "PCG64DXSM", "MT19937", "Philox", "SFC64"}
MAX_DEPTH = 64


class CodecError(ValueError):
    """A value that is not plain data, or bytes that are not this format."""


def _enc(obj: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CodecError("the value is nested too deeply")
    if obj is None or type(obj) in (bool, int, str):
        return obj
    if type(obj) is float:
        return obj if math.isfinite(obj) else {"__float__": repr(obj)}
    if isinstance(obj, np.generic) and type(obj).__module__ == "numpy":
        node = _enc(np.asarray(obj), depth)
        node["scalar"] = True  # decoded as a NumPy scalar again (np.float64 is a float)
        return node
    if type(obj) is np.ndarray:
        if obj.dtype.kind not in "biuf":
            raise CodecError(f"an array of dtype {obj.dtype} is not plain numeric data")
        # tobytes() is C order whatever the layout (np.ascontiguousarray would turn a
        # 0-d array into shape (1,))
        return {
            "__ndarray__": base64.b64encode(obj.tobytes(order="C")).decode("ascii"),
            "dtype": obj.dtype.str,
            "shape": list(obj.shape),
        }
    if type(obj) is list:
        return [_enc(x, depth + 1) for x in obj]
    if type(obj) is tuple:
        return {"__tuple__": [_enc(x, depth + 1) for x in obj]}
    if type(obj) is dict:
        if all(type(k) is str for k in obj):
            return {"__dict__": {k: _enc(v, depth + 1) for k, v in obj.items()}}
        return {"__pairs__": [[_enc(k, depth + 1), _enc(v, depth + 1)] for k, v in obj.items()]}
    if type(obj) is np.random.Generator:
        return {"__generator__": _enc(obj.bit_generator.state, depth + 1)}
    raise CodecError(f"a {type(obj).__module__}.{type(obj).__qualname__} is not plain data")


def encode(obj: Any) -> str:
    """``obj`` as JSON text; CodecError if it holds anything but plain data."""
    return json.dumps(_enc(obj, 0), allow_nan=False, separators=(",", ":"))


def _array(node: dict) -> np.ndarray:
    dtype, shape, data = node.get("dtype"), node.get("shape"), node.get("__ndarray__")
    if not (isinstance(dtype, str) and _DTYPE.match(dtype)):
        raise CodecError(f"unsupported array dtype {dtype!r}")
    if not (isinstance(shape, list) and all(type(n) is int and n >= 0 for n in shape)):
        raise CodecError("malformed array shape")
    raw = base64.b64decode(data, validate=True) if isinstance(data, str) else None
    dt = np.dtype(dtype)
    if raw is None or len(raw) != math.prod(shape) * dt.itemsize:
        raise CodecError("array bytes do not match its shape")
    arr = np.frombuffer(raw, dtype=dt).reshape(shape).copy()
    if node.get("scalar") is True and arr.ndim == 0:
        return arr[()]
    return arr


def _generator(state: Any) -> np.random.Generator:
    name = state.get("bit_generator") if isinstance(state, dict) else None
    if name not in _BIT_GENERATORS:
        raise CodecError(f"unsupported bit generator {name!r}")
    bit_gen = getattr(np.random, name)()
    bit_gen.state = state
    return np.random.Generator(bit_gen)


def _dec(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise CodecError("the value is nested too deeply")
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is list:
        return [_dec(x, depth + 1) for x in node]
    if type(node) is not dict or len(node) == 0:
        raise CodecError("malformed value")
    if "__ndarray__" in node:
        return _array(node)
    (tag, body), *rest = node.items()
    if rest:
        raise CodecError("malformed value")
    if tag == "__float__" and body in ("nan", "inf", "-inf"):
        return float(body)
    if tag == "__tuple__" and type(body) is list:
        return tuple(_dec(x, depth + 1) for x in body)
    if tag == "__dict__" and type(body) is dict:
        return {k: _dec(v, depth + 1) for k, v in body.items()}
    if tag == "__pairs__" and type(body) is list:
        out = {}
        for pair in body:
            if type(pair) is not list or len(pair) != 2:
                raise CodecError("malformed dict")
            key = _dec(pair[0], depth + 1)
            if isinstance(key, (list, dict, np.ndarray)):
                raise CodecError("unhashable dict key")
            out[key] = _dec(pair[1], depth + 1)
        return out
    if tag == "__generator__":
        return _generator(_dec(body, depth + 1))
    raise CodecError(f"unknown tag {tag!r}")


def decode(text: str | bytes) -> Any:
    """The plain data encoded in ``text``; CodecError for anything else."""
    try:
        return _dec(json.loads(text), 0)
    except CodecError:
        raise
    except (ValueError, TypeError, RecursionError) as exc:
        raise CodecError(f"not valid data: {exc}") from None
