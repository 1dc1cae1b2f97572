"""Section bodies in the small HTML subset they are stored in, and its one reader.

`parse()` (richtext_parse.py, reached as richtext.parse) is what the editor (through
`sanitize()`), the services and the Word export (export/writer.py) all read a body with, so
each shows the same text with the same format.
`sanitize()` reduces any HTML — what Qt's editor writes, a paste from Word or a web
page, an import — to exactly that subset:

- blocks: <p>, <h3> (heading inside a section), <h4> (minor heading), <ul>/<ol>/<li>
  (nesting gives the level), <table>/<tr>/<td>/<th>, <br>;
- inline: <b>, <i>, <u>, <sup>, <sub>; footnotes as <sup class="fn" data-nota="the note's
  text">n</sup>, numbered 1… in the order of the body (the editor carries them as links
  to NOTE_LINK + the percent-encoded text, which Qt keeps); bare footnote marks, with no
  text, as <sup class="fn">n</sup> (also read from the plain-text form [^n]); references to a finding as
  <a href="npmdesk-hallazgo:ID">text</a> (no other link survives: its text is kept, its
  target dropped).

Everything else is dropped but its text kept; scripts, styles and Word's list bullets
are dropped with their text; hostile characters (controls, bidi overrides, lone
surrogates, also when written as character references) become U+FFFD, visibly, as in
every other field (domain/text.py); invisible ones that could split a name or an
interview code out of the confidentiality check (zero-width space, word joiner, BOM, soft
hyphen) are removed. Plain text (no tags) becomes one paragraph a line.
"""

import html
import itertools
import re
from urllib.parse import quote

from npmdesk.domain.richtext_parse import FINDING_LINK, NOTE_LINK, Block, Run, Table, note_text, parse

__all__ = ["FINDING_LINK", "NOTE_LINK", "Block", "Run", "Table", "note_text", "parse", "to_html",
           "html_part", "closing", "sanitize", "plain_text", "notes", "word_count", "cited_now", "with_references"]

_WORDS = re.compile(r"\w+(?:[-'’]\w+)*")


def _note_html(note: str, number: int, editor: bool) -> str:
    if editor:
        return f'<a href="{NOTE_LINK}{quote(note, safe="")}"><sup>{number}</sup></a>'
    return f'<sup class="fn" data-nota="{html.escape(note, quote=True)}">{number}</sup>'


def _runs_html(runs: list[Run], numbers, editor: bool) -> str:
    runs = list(runs)
    if runs and not runs[-1].note:
        runs[-1] = Run(runs[-1].text.rstrip(" "), runs[-1].fmt, runs[-1].link)
    parts: list[tuple[str, str]] = []  # (html, finding id of the reference it belongs to)
    for run in runs:
        text = "<br>".join(html.escape(piece, quote=False) for piece in run.text.split("\n"))
        if not text:
            continue
        if run.note:
            parts.append((_note_html(run.note, next(numbers), editor), ""))
            continue
        if "fn" in run.fmt:
            parts.append((f'<sup class="fn">{html.escape(run.text, quote=False)}</sup>', ""))
            continue
        if "sup" in run.fmt:
            text = f"<sup>{text}</sup>"
        elif "sub" in run.fmt:
            text = f"<sub>{text}</sub>"
        for tag in ("u", "i", "b"):
            if tag in run.fmt:
                text = f"<{tag}>{text}</{tag}>"
        parts.append((text, run.link))
    out, link = [], ""
    for text, part_link in parts:
        if part_link != link:
            if link:
                out.append("</a>")
            if part_link:
                out.append(f'<a href="{FINDING_LINK}{part_link}">')
            link = part_link
        out.append(text)
    if link:
        out.append("</a>")
    return "".join(out)


def to_html(items: list, editor: bool = False) -> str:
    """Items (`parse`) in the stored subset; with `editor`, footnotes as the editor carries them."""
    html, lists, _notes = html_part(items, (), 0, editor)
    return html + closing(lists)


def html_part(items, lists: tuple = (), notes: int = 0, editor: bool = False) -> tuple[str, tuple, int]:
    """`items` as `to_html` writes them after earlier items that left `lists` open (their kinds,
    outermost first) and numbered `notes` footnotes; with the lists open and the footnotes
    numbered at their end. to_html is the parts in turn, then `closing` (richtext_cache.py
    writes a long body part by part and keeps each part's HTML)."""
    numbers = itertools.count(notes + 1)
    out: list[str] = []
    open_lists: list[str] = list(lists)

    def close_lists(depth: int) -> None:
        while len(open_lists) > depth:
            out.append(f"</li></{open_lists.pop()}>")

    for item in items:
        if isinstance(item, Block) and item.kind in ("ul", "ol"):
            level = min(item.level, len(open_lists))
            if len(open_lists) > level + 1:
                close_lists(level + 1)
            if len(open_lists) == level + 1 and open_lists[-1] != item.kind:
                close_lists(level)
            if len(open_lists) == level + 1:
                out.append("</li>")
            else:
                out.append(f"<{item.kind}>")
                open_lists.append(item.kind)
            out.append(f"<li>{_runs_html(item.runs, numbers, editor)}")
            continue
        close_lists(0)
        if isinstance(item, Table):
            rows = []
            for header, row in zip(item.header, item.rows):
                cells = []
                for is_header, cell in zip(header, row):
                    tag = "th" if is_header else "td"
                    cells.append(f"<{tag}>{_runs_html(cell, numbers, editor)}</{tag}>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            out.append("<table>" + "".join(rows) + "</table>")
        else:
            tag = item.kind if item.kind in ("h3", "h4") else "p"
            out.append(f"<{tag}>{_runs_html(item.runs, numbers, editor)}</{tag}>")
    return "".join(out), tuple(open_lists), next(numbers) - 1


def closing(lists: tuple) -> str:
    """What closes the lists `html_part` left open."""
    return "".join(f"</li></{kind}>" for kind in reversed(lists))


def cited_now(runs: list[Run], references: dict[str, str]) -> list[Run]:
    """The runs with each finding reference reading as `references` says (finding id → its text
    now: a title or area may have changed since it was cited); a finding not in it keeps its text."""
    out: list[Run] = []
    for run in runs:
        text = references.get(run.link)
        if text is None:
            out.append(run)
        elif not (out and out[-1].link == run.link):  # a reference split by formatting is one
            out.append(Run(text, run.fmt, run.link, run.note))
    return out


def with_references(items: list, references: dict[str, str]) -> list:
    """Parsed items (`parse`) with every finding reference as in `cited_now`."""
    return [Table([[cited_now(cell, references) for cell in row] for row in item.rows], item.header)
            if isinstance(item, Table) else Block(item.kind, item.level, cited_now(item.runs, references))
            for item in items]


def sanitize(body: str) -> str:
    """Any HTML (or plain text) reduced to the stored subset, hostile characters replaced."""
    return to_html(parse(body))


def plain_text(body: str) -> str:
    """The text of a body, one block or table row per line, then its footnotes, a line each
    ("1. text"), so a diff shows a note changed and a count counts its words."""
    lines = []
    items = parse(body)
    for item in items:
        if isinstance(item, Table):
            lines.extend("\t".join("".join(r.text for r in cell).strip() for cell in row)
                         for row in item.rows)
        else:
            lines.append(item.text.strip())
    lines.extend(f"{number}. {note}" for number, note in enumerate(notes(items), 1))
    return "\n".join(lines)


def notes(items: list) -> list[str]:
    """The footnotes' texts of parsed items, in the order they are numbered."""
    found = []
    for item in items:
        groups = [cell for row in item.rows for cell in row] if isinstance(item, Table) else [item.runs]
        found.extend(run.note for runs in groups for run in runs if run.note)
    return found


def word_count(text: str) -> int:
    """Words in plain text: runs of letters or digits, hyphenated words count once."""
    return len(_WORDS.findall(text))
