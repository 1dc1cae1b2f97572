"""Passphrase to raw SQLCipher key, with versioned Argon2id parameters.

The salt is the case file's own first 16 bytes (SQLCipher keeps it there), so a
case file needs no sidecar. Parameters are versioned: a later release appends a
stronger version, opens files by trying versions newest first, and upgrades the
file's key on the next open. The version in use is recorded inside the file.

A file may instead be made with explicit parameters (`KdfParams` with version
EXPLICIT, only ever passed by the test suite's fixtures, to keep its hundreds of case
files cheap): its salt then announces them (`new_salt`), so whoever opens it needs
nothing but its bytes. Nothing in the product chooses explicit parameters, and none
are read from the environment or a setting.
"""

import hashlib
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
EXPLICIT = 0
"""The version recorded by a file made with explicit parameters rather than a released version's."""

_ANNOUNCE_CHECK = b"npmdesk-kdf-params/1"
_RANDOM_BYTES = 8
_CHECK_BYTES = 5


def normalize(passphrase: str) -> bytearray:
    """NFC-normalised UTF-8 bytes in a buffer the caller can wipe."""
    return bytearray(unicodedata.normalize("NFC", passphrase).encode("utf-8"))


def new_salt(params: KdfParams | None = None) -> bytes:
    """A fresh salt; with explicit `params`, one that announces them.

    An announcing salt is 8 random bytes (unique enough: a salt only has to differ between
    files), the time cost, log2 of the memory in KiB and the parallelism, one byte each, then
    5 bytes of SHA-256 over the rest, which tell it from a random salt: a random one passes
    once in 2**40, and then costs one failed cheap derivation before the released versions.
    """
    if params is None:
        return os.urandom(SALT_BYTES)
    log_memory = params.memory_kib.bit_length() - 1
    if (params.version != EXPLICIT or params.memory_kib != 1 << log_memory
            or not within(params, KDF_VERSIONS[CURRENT_KDF])):
        raise ValueError("explicit KDF parameters must be version EXPLICIT, a power-of-two "
                         "memory and no costlier than the current version")
    head = os.urandom(_RANDOM_BYTES) + bytes((params.time_cost, log_memory, params.parallelism))
    return head + _announce_check(head)


def _announce_check(head: bytes) -> bytes:
    return hashlib.sha256(_ANNOUNCE_CHECK + head).digest()[:_CHECK_BYTES]


def within(params: KdfParams, ceiling: KdfParams) -> bool:
    """Argon2id accepts `params` and they cost no more than `ceiling` (a file, even a crafted
    one, never makes the program spend more time or memory than a released version does)."""
    return (1 <= params.time_cost <= ceiling.time_cost
            and 1 <= params.parallelism <= max(ceiling.parallelism, 1)
            and 8 * params.parallelism <= params.memory_kib <= ceiling.memory_kib)


def announced(salt: bytes) -> KdfParams | None:
    """The explicit parameters a salt announces, or None for a random salt (every released file)."""
    head, check = salt[:-_CHECK_BYTES], salt[-_CHECK_BYTES:]
    if len(salt) != SALT_BYTES or _announce_check(head) != check:
        return None
    time_cost, log_memory, parallelism = head[_RANDOM_BYTES:]
    if log_memory > 30:
        return None
    params = KdfParams(EXPLICIT, time_cost, 1 << log_memory, parallelism)
    return params if within(params, KDF_VERSIONS[CURRENT_KDF]) else None


def params_for(salt: bytes) -> KdfParams:
    """The parameters a new key for the file with `salt` is derived with."""
    return announced(salt) or KDF_VERSIONS[CURRENT_KDF]


def candidates(salt: bytes) -> list[KdfParams]:
    """The parameters an open tries, in order: those the salt announces, then released versions
    newest first."""
    found = [KDF_VERSIONS[v] for v in sorted(KDF_VERSIONS, reverse=True)]
    explicit = announced(salt)
    return [explicit, *found] if explicit else found


def derive_key(secret: bytes | bytearray, salt: bytes, params: KdfParams | None = None) -> bytearray:
    """The key for the file with `salt`: under `params`, by default those `params_for(salt)` gives."""
    params = params or params_for(salt)
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
