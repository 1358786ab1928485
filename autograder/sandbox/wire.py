"""Message framing on the grader's dedicated pipes: an 8-byte big-endian length, then
that many bytes of codec JSON (UTF-8). Standard library only; both sides use it.

The worker side reads and writes blocking; the grader reads with a deadline and a
size cap (autograder/launcher.py), so nothing a student does can make it wait
forever or exhaust its memory.
"""

from __future__ import annotations

import os
import struct

HEADER = struct.Struct(">Q")


class ConnectionClosed(EOFError):
    """The other side closed its end of the pipe."""


def frame(payload: bytes) -> bytes:
    return HEADER.pack(len(payload)) + payload


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def read_exactly(fd: int, n: int) -> bytes:
    chunks = []
    while n:
        chunk = os.read(fd, min(n, 1 << 20))
        if not chunk:
            raise ConnectionClosed
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def send(fd: int, payload: bytes) -> None:
    write_all(fd, frame(payload))


def receive(fd: int) -> bytes:
    (size,) = HEADER.unpack(read_exactly(fd, HEADER.size))
    return read_exactly(fd, size)
