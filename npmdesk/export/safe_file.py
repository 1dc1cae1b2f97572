"""Writing a file that leaves npmdesk (export, archive, dump, package, anchor, escrow)
without ever leaving a half-written file under the user's name.

The file is written to a hidden temp file in the target folder, flushed and fsynced,
then moved over the target with os.replace and the folder fsynced. A temp left by a
crash may be plaintext report text, so `sweep_leftovers` removes such files; it runs
before every export into a folder.
"""

import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

from npmdesk.errors import naming_storage_faults
from npmdesk.storage.durable import fsync_dir, sweep

PREFIX = ".~npmdesk-export-"


def sweep_leftovers(folder) -> int:
    """Delete temp files left by interrupted exports in `folder`; returns how many."""
    return sweep(folder, [PREFIX + "*"], older_than_s=0)


@contextmanager
def atomic_target(path, suffix: str = ".docx"):
    """Yields a binary file to write; on success it becomes `path`, on any error it is removed.

    A full disk or an unwritable folder raises the NpmdeskError naming it."""
    path = Path(path)
    folder = path.parent
    with naming_storage_faults(str(folder)):
        fd, temp = tempfile.mkstemp(prefix=PREFIX, suffix=suffix, dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
        fsync_dir(folder)
    except BaseException as exc:
        try:
            os.unlink(temp)
        except OSError:
            pass
        with naming_storage_faults(str(folder)):
            raise exc


def write_atomic(path, data: bytes) -> Path:
    """`data` becomes the file `path` whole, or nothing changes (OSError is raised)."""
    path = Path(path)
    with atomic_target(path, suffix=path.suffix) as handle:
        handle.write(data)
    return path
