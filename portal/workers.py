"""gunicorn's sync worker, with room on Python's frame stack for a whole request.

CPython 3.11 keeps the frames of Python calls in chunks of 16 KiB, maps a new chunk when a
call does not fit in the current one, and unmaps it as soon as that call returns
(CPython issue gh-142183; 3.13 and later keep one spare chunk, 3.11 does not). A Django
request renders its templates right around such a boundary, so every page mapped and
unmapped chunks dozens of times, each time faulting fresh memory in: on this project's
machines that was 35 to 320 page faults per page and up to a third of a step's server
time, and it depended on where in the stack the boundary fell, not on the work done
(bench/pages.py). Inside this worker a page faults 0 to 0.4 times.

The worker's loop therefore runs inside one call whose frame is large enough that CPython
gives it a chunk of its own with about 256 KiB to spare; every request is handled within
that spare room, which stays mapped for the worker's life. A request that goes deeper
still works as before, chunk by chunk."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from gunicorn.workers.sync import SyncWorker as _SyncWorker

T = TypeVar("T")

# CPython 3.11 sizes a new chunk as the smallest 16 KiB × 2ⁿ that holds the frame plus
# 1,000 slots (Python/pystate.c, push_chunk). A frame of 2¹⁵ local slots (256 KiB) gets
# a 512 KiB chunk: about 256 KiB to spare, some 1,000 frames of Django and template code.
_SLOTS = 2**15

# The slots are local variables that are never assigned: the compiler drops the dead
# branch but still counts every name, and CPython allocates a slot for each.
_SOURCE = (
    "def run_with_room(fn):\n"
    "    if False:\n"
    f"        {' = '.join(f'_{i}' for i in range(_SLOTS))} = None\n"
    "    return fn()\n"
)
_namespace: dict = {}
exec(compile(_SOURCE, __file__, "exec"), _namespace)  # noqa: S102 - our own source, above
run_with_room: Callable[[Callable[[], T]], T] = _namespace["run_with_room"]
run_with_room.__doc__ = "fn(), called from a frame that reserves a chunk of Python's frame stack (see above)."


class SyncWorker(_SyncWorker):
    """gunicorn's sync worker, handling its requests inside run_with_room. gunicorn.conf.py
    selects it."""

    def run(self) -> None:
        run_with_room(super().run)
