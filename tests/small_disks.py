"""Real full and read-only filesystems for the fault tests: small tmpfs mounts.

Mounting needs root (or CAP_SYS_ADMIN); where the machine refuses, the tests that need a
mount are skipped with a message saying so. Every mount is undone when its test ends.
"""

import errno
import subprocess
from pathlib import Path

import pytest


def _mount(*args: str) -> None:
    done = subprocess.run(["mount", *args], capture_output=True, text=True)
    if done.returncode:
        raise OSError(done.stderr.strip() or f"mount exited {done.returncode}")


@pytest.fixture
def small_disk(tmp_path):
    """A mounted 4 MiB tmpfs folder; `fill(folder)` and `read_only(folder)` act on it."""
    folder = tmp_path / "disk"
    folder.mkdir()
    try:
        _mount("-t", "tmpfs", "-o", "size=4m,mode=0755", "tmpfs", str(folder))
    except (OSError, FileNotFoundError) as exc:
        pytest.skip(f"this machine cannot mount a small tmpfs for a real full or read-only disk: {exc}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def fill(folder: Path, leave_bytes: int = 0) -> Path:
    """Write a filler file until the disk holding `folder` is full (minus `leave_bytes`)."""
    filler = folder / "relleno.bin"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
    if leave_bytes:
        with open(filler, "r+b") as fh:
            fh.truncate(max(filler.stat().st_size - leave_bytes, 0))
    return filler


def read_only(folder: Path) -> None:
    """Remount the tmpfs at `folder` read-only: no one, not even root, can write it."""
    _mount("-o", "remount,ro", str(folder))
