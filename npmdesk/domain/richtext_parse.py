"""The one reader of section bodies: `parse()` turns any HTML (or plain text) into the items
of the stored subset — Blocks (paragraphs, headings, list items) and Tables of Runs.

richtext.py describes that subset, writes items back to it (`to_html`, `sanitize`) and is the
module callers import; they reach these names through it (richtext.parse, richtext.Run, …).
"""

import functools
import re
from urllib.parse import unquote
from dataclasses import dataclass, field
from html.parser import HTMLParser

from npmdesk.domain.text import REPLACEMENT, clean, hostile

_SKIP = {"head", "style", "script", "title", "template", "noscript", "svg", "math", "object",
         "iframe", "xml"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "section",
          "article", "header", "footer", "caption", "dt", "dd"}
_FOOTNOTE_TEXT = re.compile(r"\[?(\d{1,3}|\*{1,3})\]?")
_FOOTNOTE_REF = re.compile(r"\[\^(\w{1,8})\]")  # Markdown's footnote mark, [^1]
_MSO_LEVEL = re.compile(r"mso-list:\s*l\d+\s+level(\d)")
_QT_INDENT = re.compile(r"-qt-list-indent:\s*(\d+)")
_NUMBER_MARK = re.compile(r"^\s*(\d+|[a-zA-Z]|[ivxlcIVXLC]+)[.)]\s*$")
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff]")
_SPACES = re.compile("[ \t\r\n\u2028\u2029]+")
_CHAR_REF = re.compile(r"&#(x[0-9a-f]+|[0-9]+);?", re.IGNORECASE)
FINDING_LINK = "npmdesk-hallazgo:"
"""The link scheme of a reference to a finding (services/records/findings.py writes them)."""
NOTE_LINK = "npmdesk-nota:"
"""How the editor carries a footnote: a link to its text, percent-encoded (Qt keeps a link's
target through its own HTML, not a class or data attribute). Stored, a note is
<sup class="fn" data-nota="its text">n</sup>."""
_FINDING_HREF = re.compile(re.escape(FINDING_LINK) + r"([0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12})")


@dataclass
class Run:
    text: str
    fmt: tuple = ()  # sorted subset of ("b", "i", "u", "sup", "sub", "fn")
    link: str = ""  # id of the finding this text refers to
    note: str = ""  # a footnote's text: this run ("sup", "fn") is its mark, the number shown


@dataclass
class Block:
    kind: str = "p"  # p, h3, h4, ul, ol
    level: int = 0
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Run]]] = field(default_factory=list)
    header: list[list[bool]] = field(default_factory=list)  # per cell: was it a <th>


@functools.lru_cache(maxsize=256)  # Qt repeats a handful of styles thousands of times
def _style_fmt(style: str) -> dict:
    # Declarations by exact name: Word writes mso-bidi-font-weight:normal on bold text.
    props = dict(part.split(":", 1) for part in re.sub(r"\s+", "", style).lower().split(";") if ":" in part)
    fmt = {}
    weight = props.get("font-weight", "")
    if re.fullmatch(r"\d+|bold|bolder|normal", weight):
        fmt["b"] = weight in ("bold", "bolder") or (weight.isdigit() and int(weight) >= 600)
    if re.fullmatch(r"\w+", props.get("font-style", "")):
        fmt["i"] = props["font-style"] in ("italic", "oblique")
    if "text-decoration" in props:
        fmt["u"] = "underline" in props["text-decoration"]
    if re.fullmatch(r"\w+", props.get("vertical-align", "")):
        fmt["script"] = {"super": "sup", "sub": "sub"}.get(props["vertical-align"], "")
    return fmt


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list = []
        self.stack: list[tuple[str, dict]] = []
        self.lists: list[str] = []
        self.list_base = 0
        self.skip = 0
        self.word_marker = False
        self.marker = ""
        self.block: Block | None = None
        self.table: Table | None = None
        self.cell: list[Run] | None = None
        self.nested = 0  # depth of tables inside a cell: their text stays in that cell, a line each

    def state(self) -> tuple | None:
        """All that the rest of a body is read under, when nothing is half read (no pending input,
        open block, table or Word list marker); None otherwise. Equal states read equal input
        alike, so a piece of input read from one state gives the same items every time."""
        if self.rawdata or self.cdata_elem or self.block is not None or self.table is not None \
                or self.cell is not None or self.nested or self.word_marker:
            return None
        stack = tuple((tag, tuple(sorted(change.items()))) for tag, change in self.stack)
        return stack, tuple(self.lists), self.list_base, self.skip, self.marker

    def _link(self) -> str:
        return next((change["link"] for _tag, change in reversed(self.stack) if "link" in change), "")

    def _note(self) -> str:
        return next((change["note"] for _tag, change in reversed(self.stack) if "note" in change), "")

    def _fmt(self, link: str, note: str = "") -> tuple:
        state = {"b": False, "i": False, "u": False, "script": "", "fn": False}
        for _tag, change in self.stack:
            state.update(change)
        if link or note:  # Qt underlines and colours every link; that is not the author's format
            state["u"] = False
        names = [k for k in ("b", "i", "u") if state[k]]
        if state["script"]:
            names.append(state["script"])
        if state["fn"]:
            names.append("fn")
        return tuple(names)

    def _close_block(self) -> None:
        block, self.block = self.block, None
        if block is None or not block.text.strip():
            return
        if block.kind in ("h3", "h4"):  # a heading is bold already: bold inside it is not kept
            block.runs = [Run(r.text, tuple(f for f in r.fmt if f != "b"), r.link, r.note) for r in block.runs]
        block.runs = _canonical(block.runs)
        if self.cell is not None:
            if self.cell:
                self.cell.append(Run("\n"))
            self.cell.extend(block.runs)
        else:
            self.out.append(block)

    def _open(self, kind: str, level: int = 0) -> None:
        self._close_block()
        self.block = Block(kind, level)

    def _list_open(self, tag: str, attrs: dict) -> None:
        self._close_block()
        style = attrs.get("style") or ""
        indent = _QT_INDENT.search(style)
        kind = "ol" if tag == "ol" else "ul"
        self.lists.append(kind)
        # Qt writes nested lists flat, each with its indent in the style.
        self.list_base = int(indent.group(1)) - len(self.lists) if indent else 0

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip or self.word_marker:
            return
        style = attrs.get("style", "")
        change = dict(_style_fmt(style)) if style else {}
        if tag in ("ul", "ol"):
            self._list_open(tag, attrs)
        elif tag == "li":
            kind = self.lists[-1] if self.lists else "ul"
            self._open(kind, min(8, max(0, len(self.lists) - 1 + self.list_base)))
        elif tag in ("h1", "h2", "h3"):
            self._open("h3")
        elif tag in ("h4", "h5", "h6"):
            self._open("h4")
        elif tag in _BLOCK and self.block is not None and self.block.kind in ("ul", "ol") \
                and not self.block.runs:
            pass  # <li><p>: Google Docs and LibreOffice wrap each list item's text in a paragraph
        elif tag in _BLOCK:
            mso = _MSO_LEVEL.search(style.replace("\n", " "))
            self._open("ul" if mso else "p", int(mso.group(1)) - 1 if mso else 0)
        elif tag == "br":
            if self.block is not None:
                self.block.runs.append(Run("\n", self._fmt(self._link())))
            return
        elif tag == "table":
            self._close_block()
            if self.table is None:
                self.table = Table()
            else:
                self.nested += 1
        elif tag in ("tr", "td", "th") and self.nested:
            self._close_block()
        elif tag == "tr" and self.table is not None:
            self._close_cell()
            self.table.rows.append([])
            self.table.header.append([])
        elif tag in ("td", "th") and self.table is not None:
            self._close_cell()
            if not self.table.rows:
                self.table.rows.append([])
                self.table.header.append([])
            self.cell = []
            self.table.rows[-1].append(self.cell)
            self.table.header[-1].append(tag == "th")
        # The tag's own style wins: Google Docs wraps a whole paste in <b style="font-weight:normal">.
        if tag in ("b", "strong"):
            change.setdefault("b", True)
        elif tag in ("i", "em", "cite", "var"):
            change.setdefault("i", True)
        elif tag in ("u", "ins"):
            change.setdefault("u", True)
        elif tag == "sup":
            change["script"] = "sup"
            if "fn" in attrs.get("class", "").split():
                change["fn"] = True
                if note_text(attrs.get("data-nota", "")):
                    change["note"] = note_text(attrs["data-nota"])
        elif tag == "sub":
            change["script"] = "sub"
        elif tag == "a":
            href = attrs.get("href", "").strip()
            target = _FINDING_HREF.fullmatch(href)
            change["link"] = target.group(1) if target else ""
            if href.startswith(NOTE_LINK) and note_text(unquote(href[len(NOTE_LINK):])):
                change["note"] = note_text(unquote(href[len(NOTE_LINK):]))
        self.stack.append((tag, change))

    def _close_cell(self) -> None:
        self._close_block()
        self.cell = None

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or self.word_marker:
            return
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag in _BLOCK:
            self._close_block()
        elif tag in ("ul", "ol"):
            self._close_block()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th"):
            if self.nested:
                self._close_block()
            else:
                self._close_cell()
        elif tag == "table" and self.nested:
            self._close_block()
            self.nested -= 1
        elif tag == "table" and self.table is not None:
            self._close_cell()
            if any(any(r.text.strip() for c in row for r in c) for row in self.table.rows):
                self.out.append(self.table)
            self.table = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag != "br":
            self.handle_endtag(tag)

    def unknown_decl(self, data):
        # Word hides each list item's bullet in <![if !supportLists]> … <![endif]>.
        lowered = data.lower().strip()
        if lowered.startswith("if") and "supportlists" in lowered:
            self.word_marker = True
            self.marker = ""
        elif lowered.startswith("endif") and self.word_marker:
            self.word_marker = False
            if self.block is not None and self.block.kind == "ul" and _NUMBER_MARK.match(self.marker):
                self.block.kind = "ol"

    def handle_data(self, data):
        if self.skip:
            return
        if self.word_marker:
            self.marker += data.replace("\xa0", " ")
            return
        data = _SPACES.sub(" ", _clean(data))
        if self.block is None:
            if not data.strip():
                return
            self.block = Block("p")
        if not self.block.runs or self.block.runs[-1].text.endswith("\n"):
            data = data.lstrip()
        if data:
            link, note = self._link(), self._note()
            if note:
                self.block.runs.append(Run(data, self._fmt(link, note), "", note))
            else:
                self.block.runs.extend(_with_marks(data, self._fmt(link), link))


def _with_marks(text: str, fmt: tuple, link: str) -> list[Run]:
    """Runs of `text`, each [^n] in it a footnote mark: a bare superscript, as the editor writes one."""
    if "[^" not in text:
        return [Run(text, fmt, link)]
    runs, pos = [], 0
    for match in _FOOTNOTE_REF.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()], fmt, link))
        runs.append(Run(match.group(1), ("sup", "fn")))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:], fmt, link))
    return runs


def note_text(text: str) -> str:
    """A footnote's text as it is kept: cleaned like any text, on one line."""
    return _SPACES.sub(" ", _clean(text)).strip()


def _clean(text: str) -> str:
    """Hostile characters replaced visibly (domain/text.py); invisible ones, which show nothing
    and could only split a name, removed."""
    text = clean(text)
    # Looking for each (a substring search) is ten times faster than the pattern on a long body.
    if "\u00ad" in text or "\u200b" in text or "\u2060" in text or "\ufeff" in text:
        return _INVISIBLE.sub("", text)
    return text


def _visible_refs(body: str) -> str:
    """Character references to what `clean` replaces (a control, a surrogate, NUL, beyond
    Unicode) as U+FFFD: the HTML reader would drop some of them silently, gluing words.
    References to 128–159 are left to it: HTML reads them as Windows-1252 (&#150; is «–»)."""
    def visible(match):
        value = match.group(1)
        code = int(value[1:], 16) if value[0] in "xX" else int(value)
        if 0x80 <= code <= 0x9F:
            return match.group(0)
        if code == 0 or code > 0x10FFFF or hostile(chr(code)):
            return REPLACEMENT
        return match.group(0)
    return _CHAR_REF.sub(visible, body)


def parse(body: str) -> list:
    """Blocks and Tables in document order."""
    markup = prepared(body)
    if markup is None:
        return plain_blocks(body)
    parser = reader()
    parser.feed(markup)
    return finish(parser)


def prepared(body: str) -> str | None:
    """`body` as the HTML reader takes it (cleaned, hostile references made visible), or None
    when it has no markup (plain text: `plain_blocks`)."""
    body = _clean(body)
    return _visible_refs(body) if "<" in body else None


def plain_blocks(body: str) -> list:
    """Plain text (no tags) as paragraphs, one a line."""
    return [Block("p", 0, _with_marks(" ".join(chunk.split()), (), ""))
            for chunk in re.split(r"\n\s*\n|\n", _clean(body)) if chunk.strip()]


def reader(state: tuple | None = None) -> "_Parser":
    """An HTML reader to `feed()` a `prepared` body; started where another one's `state()` was
    (richtext_cache.py reads a long body in pieces and reuses the pieces it read before)."""
    parser = _Parser()
    if state is not None:
        stack, parser.lists, parser.list_base, parser.skip, parser.marker = state
        parser.stack = [(tag, dict(change)) for tag, change in stack]
        parser.lists = list(parser.lists)
    return parser


def finish(parser: "_Parser") -> list:
    """Everything `parser` read, once the body has ended: its items, then what it still held
    (half-read input, an open block, open tables)."""
    parser.close()
    parser._close_block()
    # An unclosed <style> or Word list marker would make handle_endtag ignore the closing
    # tags below, and this loop never end ("<table><td>x<style>" hung a paste).
    parser.skip, parser.word_marker = 0, False
    while parser.table is not None:
        parser.handle_endtag("table")
    return parser.out


def _canonical(runs: list[Run]) -> list[Run]:
    """Adjacent runs of one format merged; a superscript that is marked as a footnote mark or
    reads as one ([1], 2, *) becomes a bare mark, Run(number, ("sup", "fn")), as it is stored."""
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].fmt, merged[-1].link, merged[-1].note) == (run.fmt, run.link, run.note):
            merged[-1] = Run(merged[-1].text + run.text, run.fmt, run.link, run.note)
        else:
            merged.append(run)
    for i, run in enumerate(merged):
        number = run.text.strip()
        mark = _FOOTNOTE_TEXT.fullmatch(number)
        if run.note:  # a note's mark is its number, whatever format the editor gave it
            merged[i] = Run(number or "*", ("sup", "fn"), "", run.note)
        elif "sup" in run.fmt and number and (mark or "fn" in run.fmt):
            merged[i] = Run(mark.group(1) if mark else number, ("sup", "fn"))
    return merged
