"""The sealed package file (format version 2): a signed header and a payload encrypted to several people.

Layout (docs/formato-paquete.md): MAGIC, 4-byte header length, canonical-JSON header,
8-byte ciphertext length, ciphertext, 64-byte Ed25519 signature over everything before it.
The payload is sealed once with a random content key K (ChaCha20-Poly1305, the header as
associated data); K is sent to each recipient with RFC 9180 HPKE in base mode
(DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305) from `cryptography`, whose
`info` binds a hash of the header's context (format, version, kind, case, sender,
recipients, commitment) and the recipient's id. The signed header carries a commitment to
K: ChaCha20-Poly1305 is not key-committing, so without it a sender could give two
recipients two keys that open one signed ciphertext to two different texts.

Nothing here is worded for people: failures are the typed errors below (PackageFormatError
and its subclasses), which services/package_auth.py turns into sentences.
"""

import hashlib
import hmac
import json
import os
import struct
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from npmdesk.crypto.hashing import canonical_json

MAGIC = b"NPMDESK-PAQUETE\n"
FORMAT = "npmdesk-paquete"
VERSION = 2
OLDEST_KNOWN = 1            # version 1 (before RFC 9180) is recognised only to be refused by name
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.CHACHA20_POLY1305)
SUITE_NAME = "DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20Poly1305"
MAX_HEADER = 256 * 1024     # room for hundreds of recipients; parsed before the signature is checked
MAX_PACKAGE = 1024 * 1024 * 1024
MAX_PAYLOAD = 2 * 1024 * 1024 * 1024
SIGNATURE_BYTES = 64
ENC_BYTES = 32
WRAPPED_BYTES = 32 + 16     # K and the AEAD tag
INFO_LABEL = b"npmdesk-paquete/2 clave de contenido\x00"
COMMIT_LABEL = b"npmdesk-paquete/2 compromiso de clave\x00"
# K is fresh for every package and encrypts exactly one message, so a fixed nonce is safe.
PAYLOAD_NONCE = bytes(12)
# Header fields (besides format, version, suite and the cryptographic ones) every package names.
NAMED = ("kind", "package_id", "created_at", "case_id", "scope", "sender_id", "sender_fingerprint")
# A roster package also names the sender's two public keys (public, like a card), so that a
# laptop with no roster yet can check its signature against the typed root code before decrypting.
SENDER_KEYS = "sender_keys"


class PackageFormatError(Exception):
    """A file that is not a well-formed package of a known version, or cannot be opened."""


class NotAPackage(PackageFormatError):
    pass


class Incomplete(PackageFormatError):
    """Shorter than its own lengths announce (cut, or still being copied)."""


class Trailing(PackageFormatError):
    """Longer than its own lengths announce."""


class TooLarge(PackageFormatError):
    pass


class Damaged(PackageFormatError):
    """The header is not what a package of this version holds."""


class UnsupportedVersion(PackageFormatError):
    def __init__(self, version):
        super().__init__(f"package version {version!r}")
        self.version = version


class OlderVersion(UnsupportedVersion):
    """A version this program knows but no longer opens (version 1: not RFC 9180)."""


class NewerVersion(UnsupportedVersion):
    pass


class InvalidVersion(UnsupportedVersion):
    """A version number no npmdesk ever wrote (0, negative, not a number)."""


class NotAddressed(PackageFormatError):
    pass


class CannotOpen(PackageFormatError):
    """The content key does not unwrap: altered, or not for this key."""


class KeyNotCommitted(PackageFormatError):
    """The unwrapped key is not the one the signed header commits to."""


class ContentDamaged(PackageFormatError):
    pass


@dataclass
class Sealed:
    header: dict
    head: bytes        # the header's bytes as signed (the payload's associated data)
    ciphertext: bytes
    signed: bytes      # every byte the signature covers
    signature: bytes


def commitment(content_key: bytes) -> str:
    return hashlib.sha256(COMMIT_LABEL + content_key).hexdigest()


def context_digest(header: dict) -> bytes:
    """SHA-256 of what every recipient's HPKE `info` binds: the header but for the wrapped keys."""
    context = {k: v for k, v in header.items() if k != "recipients"}
    context["recipient_ids"] = sorted(r["member_id"] for r in header["recipients"])
    return hashlib.sha256(canonical_json(context)).digest()


def hpke_info(header: dict, member_id: str) -> bytes:
    # The digest has a fixed length, so label ‖ digest ‖ id cannot be read two ways.
    return INFO_LABEL + context_digest(header) + member_id.encode("utf-8")


def seal(payload: dict, header: dict, sign_private: bytes, recipients: dict[str, bytes]) -> bytes:
    """The package bytes: `header` (NAMED fields) completed, signed, and `payload` sealed.

    `recipients` maps member id -> X25519 public key (32 bytes).
    """
    content_key = ChaCha20Poly1305.generate_key()
    plain = canonical_json(payload)
    full = dict({k: header[k] for k in NAMED}, **{k: header[k] for k in (SENDER_KEYS,) if k in header},
                format=FORMAT, version=VERSION, suite=SUITE_NAME,
                key_commitment=commitment(content_key), plain_size=len(plain),
                recipients=[{"member_id": m} for m in sorted(recipients)])
    for entry in full["recipients"]:
        sealed_key = SUITE.encrypt(content_key, X25519PublicKey.from_public_bytes(recipients[entry["member_id"]]),
                                   hpke_info(full, entry["member_id"]))
        entry["enc"], entry["wrapped_key"] = sealed_key[:ENC_BYTES].hex(), sealed_key[ENC_BYTES:].hex()
    head = canonical_json(full)
    ciphertext = ChaCha20Poly1305(content_key).encrypt(PAYLOAD_NONCE, zlib.compress(plain, 6), head)
    body = MAGIC + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(ciphertext)) + ciphertext
    return body + Ed25519PrivateKey.from_private_bytes(sign_private).sign(body)


def _hex_of(value, size: int) -> bool:
    try:
        return isinstance(value, str) and len(bytes.fromhex(value)) == size
    except ValueError:
        return False


def _check_version(header: dict) -> None:
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < OLDEST_KNOWN:
        raise InvalidVersion(version)
    if version > VERSION:
        raise NewerVersion(version)
    if version < VERSION:
        raise OlderVersion(version)


def decode_header(raw: bytes) -> dict:
    """The header of a current-version package; typed errors for anything else."""
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise Damaged("header is not JSON")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise Damaged("not a package header")
    _check_version(header)
    recipients = header.get("recipients")
    if header.get("suite") != SUITE_NAME or not all(isinstance(header.get(k), str) and header[k] for k in NAMED) \
            or not _hex_of(header.get("key_commitment"), 32) or not isinstance(recipients, list) or not recipients:
        raise Damaged("header fields")
    keys = header.get(SENDER_KEYS, {"sign_public": "00" * 32, "box_public": "00" * 32})
    if not isinstance(keys, dict) or set(keys) != {"sign_public", "box_public"} \
            or not all(_hex_of(keys[k], 32) for k in keys):
        raise Damaged("sender keys")
    size = header.get("plain_size")
    if not isinstance(size, int) or isinstance(size, bool) or not 0 <= size <= MAX_PAYLOAD:
        raise Damaged("plain size")
    for entry in recipients:
        if not isinstance(entry, dict) or set(entry) != {"member_id", "enc", "wrapped_key"} \
                or not isinstance(entry["member_id"], str) or not _hex_of(entry["enc"], ENC_BYTES) \
                or not _hex_of(entry["wrapped_key"], WRAPPED_BYTES):
            raise Damaged("recipient entry")
    if len({e["member_id"] for e in recipients}) != len(recipients):
        raise Damaged("recipient named twice")
    return header


def read_header(path) -> dict | None:
    """The header of the package file at `path`, read without the rest of the file.

    None while the file is shorter than its own lengths announce (still being copied or
    synchronised); a PackageFormatError when it is not a package, is damaged, too large or
    has bytes too many. OSError when the file cannot be read.
    """
    fixed = len(MAGIC) + 4
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        start = fh.read(fixed)
        if not start.startswith(MAGIC):
            if len(start) < fixed and MAGIC.startswith(start[:len(MAGIC)]):
                return None
            raise NotAPackage()
        (head_len,) = struct.unpack(">I", start[len(MAGIC):])
        if head_len > MAX_HEADER:
            raise Damaged("header too long")
        head = fh.read(head_len)
        length = fh.read(8)
    if len(head) < head_len or len(length) < 8:
        return None
    (ct_len,) = struct.unpack(">Q", length)
    expected = fixed + head_len + 8 + ct_len + SIGNATURE_BYTES
    if expected > MAX_PACKAGE or size > MAX_PACKAGE:
        raise TooLarge()
    if size < expected:
        return None
    if size > expected:
        raise Trailing()
    return decode_header(head)


def parse(data: bytes) -> Sealed:
    """Split the file into its parts and read the header; nothing is decrypted."""
    if len(data) > MAX_PACKAGE:
        raise TooLarge()
    if not data.startswith(MAGIC):
        raise NotAPackage()
    at = len(MAGIC)
    if len(data) < at + 4:
        raise Incomplete()
    (head_len,) = struct.unpack(">I", data[at:at + 4])
    at += 4
    if head_len > MAX_HEADER:
        raise Damaged("header too long")
    if len(data) < at + head_len + 8:
        raise Incomplete()
    head = data[at:at + head_len]
    header = decode_header(head)
    at += head_len
    (ct_len,) = struct.unpack(">Q", data[at:at + 8])
    at += 8
    if at + ct_len + SIGNATURE_BYTES > MAX_PACKAGE:
        raise TooLarge()
    if len(data) < at + ct_len + SIGNATURE_BYTES:
        raise Incomplete()
    if len(data) > at + ct_len + SIGNATURE_BYTES:
        raise Trailing()
    return Sealed(header, head, data[at:at + ct_len], data[:at + ct_len], data[at + ct_len:])


def verify(sealed: Sealed, sign_public_hex: str) -> bool:
    """Whether the sender's Ed25519 key signed every byte before the signature."""
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public_hex)).verify(
            sealed.signature, sealed.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def unwrap(sealed: Sealed, member_id: str, box_private: bytes) -> bytes:
    """The content key for `member_id`, checked against the commitment in the signed header."""
    entry = next((e for e in sealed.header["recipients"] if e["member_id"] == member_id), None)
    if entry is None:
        raise NotAddressed()
    try:
        content_key = SUITE.decrypt(bytes.fromhex(entry["enc"] + entry["wrapped_key"]),
                                    X25519PrivateKey.from_private_bytes(box_private),
                                    hpke_info(sealed.header, member_id))
    except (InvalidTag, ValueError):
        raise CannotOpen()
    if not hmac.compare_digest(commitment(content_key), sealed.header["key_commitment"]):
        raise KeyNotCommitted()
    return content_key


def open_for(sealed: Sealed, member_id: str, box_private: bytes) -> dict:
    """The payload, decrypted with the recipient's X25519 private key; inflation is bounded."""
    content_key = unwrap(sealed, member_id, box_private)
    try:
        compressed = ChaCha20Poly1305(content_key).decrypt(PAYLOAD_NONCE, sealed.ciphertext, sealed.head)
    except InvalidTag:
        raise CannotOpen()
    size = sealed.header["plain_size"]
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(compressed, size + 1)  # one byte more shows a lying size
        if len(raw) != size or not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
            raise ValueError("payload size differs from the header")
        payload = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError):
        raise ContentDamaged()
    if not isinstance(payload, dict):
        raise ContentDamaged()
    return payload
