"""The small HTML subset section bodies are stored in, parsed into blocks for the writer.

Section bodies come from the drafting editor (Qt's QTextDocument.toHtml()) or from
imports. Understood, everything else is ignored but its text is kept:

- blocks: <p>, <div>, <h1>–<h6> (h1–h3 → a subheading, h4–h6 → a minor heading),
  <ul>/<ol> with <li> (nesting gives the level), <table>/<tr>/<td>/<th>, <br>;
- inline: <b>/<strong>, <i>/<em>, <u>, <sup>/<sub>, and <span style="..."> with
  font-weight ≥ 600, font-style:italic, text-decoration:underline,
  vertical-align:super/sub (what toHtml() writes);
- footnote marks: <sup class="fn">n</sup> and the plain-text form [^n] both become a
  superscript mark;
- <head>, <style>, <script> and <title> content is dropped.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_FOOTNOTE = re.compile(r"\[\^(\w{1,8})\]")
_SKIP = {"head", "style", "script", "title"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre"}


@dataclass
class Run:
    text: str
    bold: bool = False
    italic: bool = False
    underline: bool = False
    script: str = ""  # "", "super" or "sub"


@dataclass
class Block:
    kind: str = "p"  # p, heading, minor, bullet, number
    level: int = 0
    runs: list[Run] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass
class Table:
    rows: list[list[list[Block]]] = field(default_factory=list)


def _style_format(attrs: dict) -> dict:
    style = (attrs.get("style") or "").replace(" ", "").lower()
    fmt = {}
    weight = re.search(r"font-weight:(\d+|bold)", style)
    if weight:
        fmt["bold"] = weight.group(1) == "bold" or int(weight.group(1)) >= 600
    if "font-style:italic" in style:
        fmt["italic"] = True
    if "text-decoration:" in style:
        fmt["underline"] = "underline" in style.split("text-decoration:", 1)[1].split(";")[0]
    if "vertical-align:super" in style:
        fmt["script"] = "super"
    elif "vertical-align:sub" in style:
        fmt["script"] = "sub"
    return fmt


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list = []
        self.fmt_stack: list[tuple[str, dict]] = []
        self.lists: list[str] = []
        self.skip = 0
        self.block: Block | None = None
        self.table: Table | None = None
        self.cell: list[Block] | None = None
        self.pending_kind = "p"

    # --- formatting -------------------------------------------------------
    def _fmt(self) -> dict:
        fmt = {"bold": False, "italic": False, "underline": False, "script": ""}
        for _tag, change in self.fmt_stack:
            fmt.update(change)
        return fmt

    def _target(self) -> list:
        return self.cell if self.cell is not None else self.out

    def _open_block(self, kind: str, level: int = 0) -> None:
        self._close_block()
        self.block = Block(kind, level)

    def _close_block(self) -> None:
        if self.block is not None and self.block.text.strip():
            self._target().append(self.block)
        self.block = None

    def _add_text(self, text: str) -> None:
        if self.block is None:
            if not text.strip():
                return
            self.block = Block("p")
        fmt = self._fmt()
        pos = 0
        for match in _FOOTNOTE.finditer(text):
            if match.start() > pos:
                self.block.runs.append(Run(text[pos:match.start()], **fmt))
            self.block.runs.append(Run(match.group(1), fmt["bold"], fmt["italic"], False, "super"))
            pos = match.end()
        if pos < len(text):
            self.block.runs.append(Run(text[pos:], **fmt))

    # --- HTMLParser hooks -------------------------------------------------
    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in ("ul", "ol"):
            self._close_block()
            self.lists.append("bullet" if tag == "ul" else "number")
        elif tag == "li":
            self._open_block(self.lists[-1] if self.lists else "bullet", max(0, len(self.lists) - 1))
        elif tag in ("h1", "h2", "h3"):
            self._open_block("heading")
        elif tag in ("h4", "h5", "h6"):
            self._open_block("minor")
        elif tag in _BLOCK:
            self._open_block("p")
        elif tag == "br":
            if self.block is not None:
                self.block.runs.append(Run("\n", **self._fmt()))
        elif tag == "table":
            self._close_block()
            self.table = Table()
        elif tag == "tr" and self.table is not None:
            self._close_block()
            self.table.rows.append([])
        elif tag in ("td", "th") and self.table is not None:
            self._close_block()
            if not self.table.rows:
                self.table.rows.append([])
            self.cell = []
            self.table.rows[-1].append(self.cell)
            if tag == "th":
                self.fmt_stack.append((tag, {"bold": True}))
        if tag in ("b", "strong"):
            self.fmt_stack.append((tag, {"bold": True}))
        elif tag in ("i", "em"):
            self.fmt_stack.append((tag, {"italic": True}))
        elif tag == "u":
            self.fmt_stack.append((tag, {"underline": True}))
        elif tag == "sup":
            self.fmt_stack.append((tag, {"script": "super"}))
        elif tag == "sub":
            self.fmt_stack.append((tag, {"script": "sub"}))
        elif tag in ("span", "p", "li", "font", "a", "div") or tag.startswith("h"):
            fmt = _style_format(attrs)
            if fmt:
                self.fmt_stack.append((tag, fmt))

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        for i in range(len(self.fmt_stack) - 1, -1, -1):
            if self.fmt_stack[i][0] == tag:
                del self.fmt_stack[i:]
                break
        if tag in _BLOCK:
            self._close_block()
        elif tag in ("ul", "ol"):
            self._close_block()
            if self.lists:
                self.lists.pop()
        elif tag in ("td", "th"):
            self._close_block()
            self.cell = None
        elif tag == "table":
            self._close_block()
            self.cell = None
            if self.table is not None and any(self.table.rows):
                self.out.append(self.table)
            self.table = None

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in ("br",):
            self.handle_endtag(tag)

    def handle_data(self, data):
        if self.skip:
            return
        data = re.sub(r"[ \t\r\n]+", " ", data)
        if self.block is None or not self.block.runs:
            data = data.lstrip()
        if data:
            self._add_text(data)


def parse(body: str) -> list:
    """Blocks and Tables in document order; plain text (no tags) becomes paragraphs."""
    if "<" not in body:
        return [Block("p", 0, [Run(chunk)]) for chunk in re.split(r"\n\s*\n", body) if chunk.strip()]
    parser = _Parser()
    parser.feed(body)
    parser.close()
    parser._close_block()
    if parser.table is not None and any(parser.table.rows):
        parser.out.append(parser.table)
    return parser.out
