"""The bitácora's hash chain: each entry hashes its own fields and the previous hash."""

from npmdesk.crypto.hashing import digest
from npmdesk.domain.model import AuditEntry

GENESIS = "0" * 64
# A document prints the head hash's first 24 hex digits (96 bits), in groups of four: short
# enough to read aloud, and a rewritten bitácora whose entry at that position kept the same
# 96 bits would take some 2^96 attempts.
SHORT_CODE_DIGITS = 24

HASHED_FIELDS = ("seq", "ts", "actor_id", "actor_name", "action", "entity", "entity_id",
                 "payload_sha256", "prev_hash")


def entry_hash(entry: AuditEntry) -> str:
    return digest({name: getattr(entry, name) for name in HASHED_FIELDS})


def first_broken(entries: list[AuditEntry]) -> tuple[int, str] | None:
    """(seq, reason code) of the first entry that breaks the chain, or None when intact.

    Reason codes: 'gap' (a missing entry before it), 'link' (its previous hash does not
    match), 'hash' (its own content was changed).
    """
    previous_hash = GENESIS
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return entry.seq, "gap"
        if entry.prev_hash != previous_hash:
            return entry.seq, "link"
        if entry_hash(entry) != entry.hash:
            return entry.seq, "hash"
        previous_hash = entry.hash
        expected_seq += 1
    return None


def short_code(head_hash: str) -> str:
    """'3f2a91c0…' → '3f2a 91c0 77b4 e1d2 0a5f 88c1': the head hash as a document prints it."""
    digits = head_hash[:SHORT_CODE_DIGITS]
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


def matches(stored_hash: str, anchored: str) -> bool:
    """Whether an entry's hash is the anchored one: the whole hash (an anchor file, an older
    document) or its printed short code (SHORT_CODE_DIGITS at least, never fewer)."""
    anchored = anchored.replace(" ", "").lower()
    return len(anchored) >= SHORT_CODE_DIGITS and stored_hash.startswith(anchored)


def anchor_break(entries, count: int, anchored: int, anchored_hash: str) -> tuple[str, int] | None:
    """How a bitácora departs from an anchor (`anchored` entries ending in `anchored_hash`):
    ('truncated', count) when entries were cut off, ('rewritten', seq) at the first entry up
    to the anchored one that no longer chains (or the anchored entry itself); None when it holds.

    `entries` are the bitácora's entries in order (only the first `anchored` are read). The
    whole chain up to the anchor is walked: an entry rewritten before the anchored one, its
    stored hash left as it was, is found here too, not only a changed hash at the anchor.
    """
    if count < anchored:
        return "truncated", count
    if anchored <= 0:
        return None
    walked: list[AuditEntry] = []
    for entry in entries:
        if len(walked) == anchored:
            break
        walked.append(entry)
    broken = first_broken(walked)
    if broken is not None:
        return "rewritten", broken[0]
    if len(walked) < anchored or not matches(walked[-1].hash, anchored_hash):
        return "rewritten", anchored
    return None
