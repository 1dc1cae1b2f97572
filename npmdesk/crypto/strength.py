"""A rough passphrase strength estimate the GUI shows while the user types.

It estimates entropy from length and character classes and penalises repeats and
very common words; it is a guide for the user, not a guarantee.
"""

import math
import unicodedata

from npmdesk.crypto.kdf import MIN_PASSPHRASE_CHARS

COMMON = ("contraseña", "password", "123456", "qwerty", "defensoria", "panama", "admin", "npmdesk")

WEAK, FAIR, GOOD, STRONG = range(4)


def estimate_bits(passphrase: str) -> float:
    text = unicodedata.normalize("NFC", passphrase)
    if not text:
        return 0.0
    pool = 0
    if any(c.islower() for c in text):
        pool += 26
    if any(c.isupper() for c in text):
        pool += 26
    if any(c.isdigit() for c in text):
        pool += 10
    if any(not c.isalnum() and c.isascii() for c in text):
        pool += 33
    if any(not c.isascii() for c in text):
        pool += 40
    distinct = len(set(text))
    effective_length = min(len(text), distinct * 3)
    bits = effective_length * math.log2(max(pool, 2))
    lowered = text.lower()
    for word in COMMON:
        if word in lowered:
            bits -= len(word) * math.log2(max(pool, 2)) * 0.8
    return max(bits, 0.0)


def strength(passphrase: str) -> int:
    """WEAK, FAIR, GOOD or STRONG."""
    if len(unicodedata.normalize("NFC", passphrase)) < MIN_PASSPHRASE_CHARS:
        return WEAK
    bits = estimate_bits(passphrase)
    if bits < 50:
        return WEAK
    if bits < 70:
        return FAIR
    if bits < 90:
        return GOOD
    return STRONG
