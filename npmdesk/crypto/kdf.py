"""Passphrase to raw SQLCipher key, with versioned Argon2id parameters.

The salt is the case file's own first 16 bytes (SQLCipher keeps it there), so a
case file needs no sidecar. Parameters are versioned: a later release appends a
stronger version, opens files by trying versions newest first, and upgrades the
file's key on the next open. The version in use is recorded inside the file.
"""

import os
import unicodedata
from dataclasses import dataclass

from argon2.low_level import Type, hash_secret_raw

SALT_BYTES = 16
KEY_BYTES = 32
MIN_PASSPHRASE_CHARS = 12


@dataclass(frozen=True)
class KdfParams:
    version: int
    time_cost: int
    memory_kib: int
    parallelism: int


# About 0.4 s and 256 MiB on a 2-core laptop (bench/README.md).
KDF_VERSIONS = {1: KdfParams(version=1, time_cost=3, memory_kib=256 * 1024, parallelism=2)}
CURRENT_KDF = max(KDF_VERSIONS)


def normalize(passphrase: str) -> bytearray:
    """NFC-normalised UTF-8 bytes in a buffer the caller can wipe."""
    return bytearray(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def new_salt() -> bytes:
    return os.urandom(SALT_BYTES)


def derive_key(secret: bytes | bytearray, salt: bytes, version: int = CURRENT_KDF) -> bytearray:
    params = KDF_VERSIONS[version]
    raw = hash_secret_raw(
        bytes(secret), salt,
        time_cost=params.time_cost, memory_cost=params.memory_kib,
        parallelism=params.parallelism, hash_len=KEY_BYTES, type=Type.ID,
    )
    return bytearray(raw)


def sqlcipher_raw_key(key: bytearray, salt: bytes | None = None) -> bytearray:
    """The `x'…'` form SQLCipher takes as a raw key; with a salt it also fixes the file's salt."""
    blob = bytearray(b"x'")
    blob += key.hex().encode("ascii")
    if salt is not None:
        blob += salt.hex().encode("ascii")
    blob += b"'"
    return blob


def wipe(buffer: bytearray) -> None:
    for i in range(len(buffer)):
        buffer[i] = 0
