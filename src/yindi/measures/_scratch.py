"""Scratch buffers that the heavy kernels reuse from one year to the next of a large diagnosis.

At thousands of regions and activities a kernel's temporaries are hundreds of megabytes, and
a fresh buffer can cost more than the arithmetic done in it. On a virtual machine the guest
hands freed memory back to the host (free page reporting) and touching it again faults on both
sides: on the 2-core benchmark machine 0.2-0.4 s of system time per 120 MB buffer, more than
a second per year of a 3,000 x 5,000 panel. While :func:`reusing` is active, :func:`scratch`
lends a buffer from a free list (its contents are undefined) and takes it back afterwards, so
the same pages serve every year; outside it, it is ``np.empty``. Only temporaries come from
here, never an array a kernel returns.

The free list belongs to the context that opened :func:`reusing` (a ``ContextVar``): a
thread started elsewhere sees none and allocates as usual.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import numpy as np

__all__ = ["reusing", "scratch"]

_Free = dict[tuple[tuple[int, ...], str], list[np.ndarray]]
_FREE: ContextVar[_Free | None] = ContextVar("yindi_scratch", default=None)


@contextmanager
def reusing() -> Iterator[None]:
    """Lend kernels' temporaries from one free list until the block ends (then freed)."""
    token = _FREE.set({})
    try:
        yield
    finally:
        _FREE.reset(token)


@contextmanager
def scratch(shape: tuple[int, ...], dtype: type | np.dtype = np.float64) -> Iterator[np.ndarray]:
    """A temporary C-ordered buffer of ``shape`` and ``dtype`` with undefined contents."""
    free = _FREE.get()
    if free is None:
        yield np.empty(shape, dtype)
        return
    key = (tuple(int(n) for n in shape), np.dtype(dtype).str)
    stack = free.setdefault(key, [])
    buf = stack.pop() if stack else np.empty(shape, dtype)
    try:
        yield buf
    finally:
        stack.append(buf)
