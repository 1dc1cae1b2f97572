"""Photos leave without what the camera wrote about them: EXIF (GPS position, camera model,
date), XMP, IPTC, comments and thumbnails.

Done by hand on the file's own structure, without re-encoding (no image library is a
dependency, and re-encoding would cost quality): a JPEG keeps only the segments needed to
show it (JFIF, the ICC colour profile, Adobe's colour-transform marker, tables, frames and
the scan); a PNG keeps only the chunks needed to draw it. Any other format, or a file whose
structure does not read, is refused (None) rather than copied byte for byte.

A JPEG's EXIF orientation goes with the rest, so a photo the camera stored on its side
shows on its side.
"""

import struct

_SOI, _SOS, _EOI = 0xD8, 0xDA, 0xD9
_KEPT_APP = {0xE0: b"JFIF", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEPT = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
             b"pHYs", b"bKGD"}


def without_metadata(data: bytes) -> bytes | None:
    """The image with every metadata segment removed, or None when it is not a JPEG or PNG
    that can be read safely."""
    if data[:2] == b"\xff\xd8":
        return _jpeg(data)
    if data[:8] == _PNG_SIGNATURE:
        return _png(data)
    return None


def _jpeg(data: bytes) -> bytes | None:
    out, at = [b"\xff\xd8"], 2
    while at + 4 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # fill byte before a marker
            at += 1
            continue
        if marker == _EOI or 0xD0 <= marker <= 0xD7:
            out.append(data[at:at + 2])
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        end = at + 2 + length
        if length < 2 or end > len(data):
            return None
        if marker == _SOS:  # the scan runs to the end: entropy-coded data, then EOI
            out.append(data[at:])
            return b"".join(out)
        payload = data[at + 4:end]
        kept_app = marker in _KEPT_APP and payload.startswith(_KEPT_APP[marker])
        if marker == 0xFE or 0xE0 <= marker <= 0xEF and not kept_app:
            at = end  # a comment or a metadata application segment (EXIF, XMP, IPTC, …)
            continue
        out.append(data[at:end])
        at = end
    return None


def _png(data: bytes) -> bytes | None:
    out, at = [_PNG_SIGNATURE], 8
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind = data[at + 4:at + 8]
        end = at + 12 + length
        if end > len(data):
            return None
        if kind in _PNG_KEPT:
            out.append(data[at:end])
        if kind == b"IEND":
            return b"".join(out)
        at = end
    return None
