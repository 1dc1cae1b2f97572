"""A word diff between two versions of a section's plain text (pure, no storage)."""

import difflib
import re

_TOKENS = re.compile(r"\s+|[^\s]+")


def words(text: str) -> list[str]:
    return _TOKENS.findall(text)


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in 'same', 'added', 'removed'; joining the non-removed parts gives `new`."""
    a, b = words(old), words(new)
    out: list[tuple[str, str]] = []

    def put(op: str, text: str) -> None:
        if not text:
            return
        if out and out[-1][0] == op:
            out[-1] = (op, out[-1][1] + text)
        else:
            out.append((op, text))

    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            put("same", "".join(a[i1:i2]))
            continue
        if tag in ("delete", "replace"):
            put("removed", "".join(a[i1:i2]))
        if tag in ("insert", "replace"):
            put("added", "".join(b[j1:j2]))
    return out


def changed(diff: list[tuple[str, str]]) -> bool:
    return any(op != "same" and text.strip() for op, text in diff)
