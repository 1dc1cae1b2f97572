"""The cheap key-derivation parameters that test fixtures pass to the files they create.

Argon2id's minimum cost (one pass over 8 KiB) instead of the released 256 MiB: the
hundreds of case files and wrapped keys the tests make then take milliseconds. The
product never chooses these: `CaseFile.create`, `create_case`, `create_demo` and
`create_keys` use them only when given them, and the files record them
(crypto/kdf.py). tests/test_kdf_params.py proves the product's own paths use the
released parameters.
"""

from npmdesk.crypto.kdf import EXPLICIT, KdfParams

FAST_KDF = KdfParams(version=EXPLICIT, time_cost=1, memory_kib=8, parallelism=1)


def released_kdf_version(path, passphrase: str) -> str:
    """The KDF version recorded in the case file at `path`, after proving that its salt
    announces no explicit parameters and that its key is the current released version's
    (derived here with those parameters, not through the code under test)."""
    import sqlcipher3

    from npmdesk.crypto import kdf

    with open(path, "rb") as fh:
        salt = fh.read(kdf.SALT_BYTES)
    assert kdf.announced(salt) is None
    released = kdf.KDF_VERSIONS[kdf.CURRENT_KDF]
    assert released.memory_kib >= 256 * 1024 and released.time_cost >= 3
    key = kdf.derive_key(kdf.normalize(passphrase), salt, released)
    conn = sqlcipher3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.set_key(kdf.sqlcipher_raw_key(key))
        return conn.execute("SELECT value FROM meta WHERE key = 'kdf_version'").fetchone()[0]
    finally:
        conn.close()
