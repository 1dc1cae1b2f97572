"""The sealed package file: a signed header and a payload encrypted to several people.

Layout (docs/formato-paquete.md): MAGIC, 4-byte header length, canonical-JSON header,
8-byte ciphertext length, ciphertext, 64-byte Ed25519 signature over everything before it.
The payload is sealed once with a random content key (ChaCha20-Poly1305, the header as
associated data); the content key is wrapped for each recipient with an ephemeral X25519
exchange and HKDF-SHA256, an HPKE-like construction (RFC 9180 base mode in spirit).
Errors are PackageRefused with a short Spanish reason; nothing here touches storage.
"""

import json
import os
import struct
import zlib
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from npmdesk.crypto.hashing import canonical_json
from npmdesk.errors import PackageRefused
from npmdesk.i18n import _

MAGIC = b"NPMDESK-PAQUETE\n"
FORMAT = "npmdesk-paquete"
VERSION = 1
MAX_HEADER = 1024 * 1024
MAX_PACKAGE = 1024 * 1024 * 1024
MAX_PAYLOAD = 2 * 1024 * 1024 * 1024
SIGNATURE_BYTES = 64
WRAP_INFO = b"npmdesk-paquete/1 clave de contenido"


def refused(reason: str, detail: str = "") -> PackageRefused:
    return PackageRefused(detail or "package refused", reason=reason)


@dataclass
class Sealed:
    header: dict
    ciphertext: bytes
    signed: bytes      # every byte the signature covers
    signature: bytes


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=ephemeral + recipient,
                info=WRAP_INFO).derive(shared)


def _raw(public) -> bytes:
    return public.public_bytes(Encoding.Raw, PublicFormat.Raw)


def seal(payload: dict, header: dict, sign_private: bytes, recipients: dict[str, bytes]) -> bytes:
    """The package bytes: `header` (plus format, version, recipients) signed, `payload` sealed.

    `recipients` maps member id -> X25519 public key (32 bytes).
    """
    content_key = ChaCha20Poly1305.generate_key()
    wrapped = []
    for member_id, box_public in sorted(recipients.items()):
        ephemeral = X25519PrivateKey.generate()
        eph_public = _raw(ephemeral.public_key())
        shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(box_public))
        nonce = os.urandom(12)
        key = ChaCha20Poly1305(_kek(shared, eph_public, box_public)).encrypt(
            nonce, content_key, member_id.encode("utf-8"))
        wrapped.append({"member_id": member_id, "ephemeral": eph_public.hex(), "nonce": nonce.hex(),
                        "wrapped_key": key.hex()})
    full = dict(header, format=FORMAT, version=VERSION, recipients=wrapped,
                payload_nonce=os.urandom(12).hex())
    head = canonical_json(full)
    plain = zlib.compress(canonical_json(payload), 6)
    ciphertext = ChaCha20Poly1305(content_key).encrypt(bytes.fromhex(full["payload_nonce"]), plain, head)
    body = MAGIC + struct.pack(">I", len(head)) + head + struct.pack(">Q", len(ciphertext)) + ciphertext
    return body + Ed25519PrivateKey.from_private_bytes(sign_private).sign(body)


def _decode_header(raw: bytes) -> dict:
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise refused(_("la cabecera está dañada"))
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise refused(_("la cabecera está dañada"))
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise refused(_("la cabecera está dañada"))
    if version > VERSION:
        raise refused(_("fue creado con una versión más reciente de npmdesk; actualice el programa"))
    return header


def read_header(path) -> dict | None:
    """The header of the package file at `path`, read without the rest of the file.

    None while the file is shorter than its own lengths announce (still being copied or
    synchronised); PackageRefused when it is not a package, is damaged or has bytes too many.
    OSError when the file cannot be read.
    """
    fixed = len(MAGIC) + 4
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        start = fh.read(fixed)
        if not start.startswith(MAGIC):
            if len(start) < fixed and MAGIC.startswith(start[:len(MAGIC)]):
                return None
            raise refused(_("no es un paquete de npmdesk"))
        (head_len,) = struct.unpack(">I", start[len(MAGIC):])
        if head_len > MAX_HEADER:
            raise refused(_("la cabecera está dañada"))
        head = fh.read(head_len)
        length = fh.read(8)
    if len(head) < head_len or len(length) < 8:
        return None
    (ct_len,) = struct.unpack(">Q", length)
    expected = fixed + head_len + 8 + ct_len + SIGNATURE_BYTES
    if expected > MAX_PACKAGE:
        raise refused(_("el archivo es demasiado grande"))
    if size < expected:
        return None
    if size > expected:
        raise refused(_("el archivo está incompleto o tiene datos de más"))
    return _decode_header(head)


def parse(data: bytes) -> Sealed:
    """Split the file into its parts and read the header; refuses anything malformed."""
    if len(data) > MAX_PACKAGE:
        raise refused(_("el archivo es demasiado grande"))
    if not data.startswith(MAGIC):
        raise refused(_("no es un paquete de npmdesk"))
    at = len(MAGIC)
    if len(data) < at + 4:
        raise refused(_("el archivo está incompleto"))
    (head_len,) = struct.unpack(">I", data[at:at + 4])
    at += 4
    if head_len > MAX_HEADER or len(data) < at + head_len + 8:
        raise refused(_("el archivo está incompleto"))
    header = _decode_header(data[at:at + head_len])
    at += head_len
    (ct_len,) = struct.unpack(">Q", data[at:at + 8])
    at += 8
    if len(data) != at + ct_len + SIGNATURE_BYTES:
        raise refused(_("el archivo está incompleto o tiene datos de más"))
    return Sealed(header, data[at:at + ct_len], data[:at + ct_len], data[at + ct_len:])


def verify(sealed: Sealed, sign_public_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(sign_public_hex)).verify(
            sealed.signature, sealed.signed)
    except (InvalidSignature, ValueError):
        return False
    return True


def open_for(sealed: Sealed, member_id: str, box_private: bytes) -> dict:
    """The payload, decrypted with the recipient's X25519 private key."""
    entries = sealed.header.get("recipients")
    entry = next((e for e in entries if isinstance(e, dict) and e.get("member_id") == member_id), None) \
        if isinstance(entries, list) else None
    if entry is None:
        raise refused(_("está dirigido a otra persona"))
    head_len = struct.unpack(">I", sealed.signed[len(MAGIC):len(MAGIC) + 4])[0]
    head = sealed.signed[len(MAGIC) + 4:len(MAGIC) + 4 + head_len]
    try:
        private = X25519PrivateKey.from_private_bytes(box_private)
        eph_public = bytes.fromhex(entry["ephemeral"])
        shared = private.exchange(X25519PublicKey.from_public_bytes(eph_public))
        kek = _kek(shared, eph_public, _raw(private.public_key()))
        content_key = ChaCha20Poly1305(kek).decrypt(bytes.fromhex(entry["nonce"]),
                                                    bytes.fromhex(entry["wrapped_key"]),
                                                    member_id.encode("utf-8"))
        plain = ChaCha20Poly1305(content_key).decrypt(bytes.fromhex(sealed.header["payload_nonce"]),
                                                      sealed.ciphertext, head)
    except (InvalidTag, ValueError, KeyError, TypeError):
        raise refused(_("no se puede descifrar; puede estar alterado o no ser para esta clave"))
    try:
        decompressor = zlib.decompressobj()
        raw = decompressor.decompress(plain, MAX_PAYLOAD)
        if decompressor.unconsumed_tail or not decompressor.eof:
            raise ValueError("payload too large or truncated")
        payload = json.loads(raw.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError, RecursionError):
        raise refused(_("el contenido está dañado"))
    if not isinstance(payload, dict):
        raise refused(_("el contenido está dañado"))
    return payload
