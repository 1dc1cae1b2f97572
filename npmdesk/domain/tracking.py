"""Rules of a recommendation's status history, with no storage: order, current status, and how
two laptops' histories of the same recommendation merge.

The history is append-only: an entry, once written, is never changed or removed. So merging is
a union by entry id, and an incoming entry that differs from the one held here under the same
id is a forgery or a corruption, never an edit.
"""

import dataclasses
import uuid

from npmdesk.domain.model import Recommendation, StatusChange


def ordered(history: list[StatusChange]) -> list[StatusChange]:
    """Entries in the order they took effect (date, then when they were written)."""
    return sorted(history, key=lambda e: (e.date, e.recorded_at, e.id))


def current_status(rec: Recommendation) -> str:
    """The status of the last entry that took effect; the record's own before any entry."""
    return ordered(rec.history)[-1].status if rec.history else rec.status


def last_change(rec: Recommendation) -> StatusChange | None:
    return ordered(rec.history)[-1] if rec.history else None


def is_migrated(entry: StatusChange) -> bool:
    """An entry made from a file older than the history (its author was never recorded)."""
    return entry.basis == "migracion" and not entry.actor_id


class HistoryConflict(ValueError):
    """An incoming history cannot be merged; `code` names why (see REASONS in the services)."""

    def __init__(self, code: str, entry_id: str):
        super().__init__(code)
        self.code = code
        self.entry_id = entry_id


def merge(local: list[StatusChange], incoming: list[StatusChange], sender_id: str,
          members: set[str]) -> tuple[list[StatusChange], list[StatusChange]]:
    """(the union of both histories in order, the new entries written by someone other than
    the sender). Raises HistoryConflict `altered` when an entry held here arrives changed (same
    id, other content) and `unknown_author` when a new entry's author is not in `members` (the
    signed roster). Entries by other members are legitimate when the sender relays what it
    received, but only the package's signature vouches for them, so the caller flags them.
    """
    held = {e.id: e for e in local}
    merged, relayed = list(local), []
    for entry in incoming:
        mine = held.get(entry.id)
        if mine is not None:
            if dataclasses.asdict(mine) != dataclasses.asdict(entry):
                raise HistoryConflict("altered", entry.id)
            continue
        if entry.actor_id not in members and not is_migrated(entry):
            raise HistoryConflict("unknown_author", entry.id)
        if entry.actor_id != sender_id:
            relayed.append(entry)
        merged.append(entry)
        held[entry.id] = entry
    return ordered(merged), relayed


MIGRATED_REASON = "Estado registrado antes de que existiera el historial."


def migrated_history(rec_id: str, status: str, issued: str, follow_ups: list[dict]) -> list[StatusChange]:
    """The history of a recommendation from a file older than the history: one entry per old
    follow-up (its id kept), or, without any, one entry holding the old status at `issued`.

    Ids and content depend only on the old data, so two laptops migrating the same file, or a
    file and its old dump, arrive at the same entries and their packages merge cleanly.
    """
    if not follow_ups:
        return [StatusChange(date=issued, status=status, reason=MIGRATED_REASON, basis="migracion",
                             recorded_at="", id=str(uuid.uuid5(uuid.NAMESPACE_URL, "npmdesk:estado:" + rec_id)))]
    entries = [StatusChange(date=f["date"], status=f["status"], reason=f.get("note") or "",
                            basis="migracion", visit_id=f.get("visit_id"), recorded_at="", id=f["id"])
               for f in follow_ups]
    return ordered(entries)
