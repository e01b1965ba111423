"""Work that a request must not let run away: in a child process that is killed when it takes too
long or asks for too much memory, and at most one at a time per user.

A thread cannot be stopped from outside, so a timed-out render or parse in a thread keeps its CPU
until it ends on its own; a forked child is killed at its deadline and takes everything it holds
with it. The child only computes (no database, no files of the request): its answer comes back
pickled through a pipe, and it dies with the worker that forked it.
"""

import contextlib
import ctypes
import fcntl
import hashlib
import os
import pickle
import resource
import select
import signal
import tempfile
import threading
import time
from pathlib import Path

from django.conf import settings

_PR_SET_PDEATHSIG = 1


class LimitExceeded(Exception):
    """The work was stopped: it ran out of time (`kind == "time"`) or of memory ("memory")."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


class Busy(Exception):
    """The same user already has such work running."""


def run_limited(function, *args, seconds: float, memory_bytes: int, **kwargs):
    """`function(*args, **kwargs)` in a forked child with `seconds` of wall time and `memory_bytes`
    of address space beyond the worker's own. Returns its result, raises its exception (as far as
    it can be pickled), or LimitExceeded once the child has been killed."""
    read_end, write_end = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child
        try:
            os.close(read_end)
            _enter_child(parent, memory_bytes)
            try:
                outcome = ("ok", function(*args, **kwargs))
            except MemoryError:
                outcome = ("memory", None)
            except BaseException as error:  # noqa: BLE001 (handed to the parent)
                outcome = ("error", error)
            try:
                payload = pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)
            except MemoryError:
                payload = pickle.dumps(("memory", None))
            except Exception as error:  # an exception or result that cannot be pickled
                payload = pickle.dumps(("error", RuntimeError(f"{type(error).__name__}: {error}")))
            with os.fdopen(write_end, "wb") as stream:
                stream.write(payload)
        finally:
            os._exit(0)
    os.close(write_end)
    try:
        payload = _read_until(read_end, deadline=time.monotonic() + seconds)
    except LimitExceeded:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(read_end)
    os.waitpid(pid, 0)
    if not payload:
        # Killed by the kernel (out of memory) or crashed in a C library before answering.
        raise LimitExceeded("memory")
    status, value = pickle.loads(payload)
    if status == "ok":
        return value
    if status == "memory":
        raise LimitExceeded("memory")
    raise value


def _enter_child(parent: int, memory_bytes: int) -> None:
    # The worker's handlers (gunicorn's graceful exit, Django's autoreloader) are not the child's.
    for number in (signal.SIGTERM, signal.SIGINT, signal.SIGQUIT, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
        signal.signal(number, signal.SIG_DFL)
    # Killed with the worker: gunicorn's timeout must not leave an orphan rendering on.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
    with open("/proc/self/statm") as statm:
        current = int(statm.read().split()[0]) * resource.getpagesize()
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = current + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _read_until(fd: int, *, deadline: float) -> bytes:
    chunks = []
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise LimitExceeded("time")
        ready, _, _ = select.select([fd], [], [], remaining)
        if not ready:
            raise LimitExceeded("time")
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


# --- one at a time per user -----------------------------------------------------------------------

_held: set[tuple[str, int]] = set()
_held_lock = threading.Lock()


def _lock_folder() -> Path:
    """A folder of lock files of this checkout and database, shared by the workers of a machine."""
    name = f"{settings.BASE_DIR}|{settings.DATABASES['default'].get('NAME')}"
    folder = Path(tempfile.gettempdir()) / f"thidua-locks-{hashlib.sha256(name.encode()).hexdigest()[:12]}"
    folder.mkdir(mode=0o700, exist_ok=True)
    return folder


@contextlib.contextmanager
def one_at_a_time(kind: str, user_id: int):
    """Holds the user's lock for `kind` ("pdf", "sheet") while the block runs; raises Busy at once
    if another request of theirs, in any worker of this machine, holds it."""
    key = (kind, user_id)
    with _held_lock:
        if key in _held:
            raise Busy(kind)
        _held.add(key)
    try:
        path = _lock_folder() / f"{kind}-{user_id}.lock"
        with open(os.open(path, os.O_RDWR | os.O_CREAT, 0o600), "rb+") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise Busy(kind) from None
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        with _held_lock:
            _held.discard(key)
