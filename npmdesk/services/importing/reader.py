"""A checked .docx (guard.py) read into parts: one per heading, each body already in the stored
subset of domain/richtext.py (through `richtext.sanitize`, the function a paste goes through),
with its images and what could not be kept.

mammoth turns Word's styles into clean HTML; it is told which styles are headings by reading
the document's styles with python-docx (a custom style based on «Título 1», or with an outline
level, is a heading too), and that underline is kept (mammoth drops it by default). A footnote
or endnote becomes the stored subset's own note (<sup class="fn" data-nota="text">) where it
is cited, so an export read back keeps its notes as notes; the note's text goes through the
same `sanitize` as the body.
"""

import hashlib
import html
import io
import re
import unicodedata
from dataclasses import dataclass, field

from npmdesk.domain import richtext
from npmdesk.i18n import _, es_, ngettext
from npmdesk.services.importing import generated
from npmdesk.services.importing.guard import Checked
from npmdesk.services.importing import paragraph_numbers

_HEADING_NAME = re.compile(r"^(heading|t[ií]tulo|titulo|encabezado|überschrift|titre)\s*([1-6])$", re.IGNORECASE)
_CAPTION_NAMES = ("caption", "descripción", "descripcion", "epígrafe", "epigrafe", "leyenda", "illustration")
_IMAGE_SRC = "npmdesk-imagen:"
_SPLIT = re.compile(r"<table>|</table>|<h([1-6])>(.*?)</h\1>", re.DOTALL)
_NOTE_ITEM = re.compile(r'<li id="(footnote|endnote)-(-?\d+)">(.*?)</li>', re.DOTALL)
_NOTE_REF = re.compile(r'<a href="#(footnote|endnote)-(-?\d+)" id="[^"]*">\[(\d+)\]</a>')
_BACK_LINK = re.compile(r'\s*<a href="#(?:footnote|endnote)-ref-[^"]*">↑</a>')
_IMG = re.compile(r'<img [^>]*src="' + _IMAGE_SRC + r'(\d+)"[^>]*/?>')
_CAPTION = re.compile(r'<p class="npm-caption">(.*?)</p>', re.DOTALL)
_FIGURE_PREFIX = re.compile(r"^\s*(figura|imagen|foto(grafía)?|figure|ilustración)\s*\d+\s*[.:–-]?\s*", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_NUMBERING = re.compile(r"^\s*(\d+[.)]?\s*)+(?=\D)")


@dataclass
class Image:
    data: bytes
    mime: str
    caption: str


@dataclass
class Part:
    """The text under one heading (heading "" for what comes before the first one)."""
    heading: str
    level: int
    body: str  # stored subset
    images: list[Image] = field(default_factory=list)


@dataclass
class ReadDocument:
    name: str
    sha256: str  # of the file as read
    parts: list[Part]
    dropped: list[str]  # what could not be kept, as sentences for the user
    # What npmdesk's export generated, left out of the parts (generated.py): (kind, stored subset)
    generated: list[tuple[str, str]] = field(default_factory=list)


def normal_title(text: str) -> str:
    """A title compared accent- and case-blind, without the section number the export writes."""
    text = _NUMBERING.sub("", text.strip())
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w\s]", " ", text.casefold()).split())


def _quoted(name: str) -> str:
    return "'" + name.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _outline_level(style) -> int | None:
    from docx.oxml.ns import qn
    ppr = style.element.find(qn("w:pPr"))
    found = ppr.find(qn("w:outlineLvl")) if ppr is not None else None
    if found is None:
        return None
    try:
        level = int(found.get(qn("w:val")))
    except (TypeError, ValueError):
        return None
    return level + 1 if 0 <= level < 6 else None


def heading_levels(document) -> dict[str, int]:
    """Paragraph style name -> heading level, for every style that is a heading: named so, given
    an outline level, or based (at any remove) on one."""
    from docx.enum.style import WD_STYLE_TYPE
    levels: dict[str, int] = {}
    for style in document.styles:
        if style.type != WD_STYLE_TYPE.PARAGRAPH or not style.name:
            continue
        current, seen = style, set()
        while current is not None and current.style_id not in seen:
            seen.add(current.style_id)
            named = _HEADING_NAME.match((current.name or "").strip())
            level = int(named.group(2)) if named else _outline_level(current)
            if level:
                levels[style.name] = level
                break
            current = current.base_style
    return levels


def _style_map(levels: dict[str, int], document) -> str:
    from docx.enum.style import WD_STYLE_TYPE
    lines = ["u => u"]
    for name, level in levels.items():
        lines.append(f"p[style-name={_quoted(name)}] => h{level}:fresh")
    for style in document.styles:
        name = (style.name or "").strip()
        if style.type == WD_STYLE_TYPE.PARAGRAPH and name.casefold() in _CAPTION_NAMES:
            lines.append(f"p[style-name={_quoted(style.name)}] => p.npm-caption:fresh")
    for base, tag in (("List Bullet", "ul"), ("List Number", "ol")):
        lines.append(f"p[style-name='{base}'] => {tag} > li:fresh")
        for depth in (2, 3):
            nest = "ul|ol > li > " * (depth - 1)
            lines.append(f"p[style-name='{base} {depth}'] => {nest}{tag} > li:fresh")
    return "\n".join(lines)


def _text(fragment: str) -> str:
    return " ".join(html.unescape(_TAGS.sub(" ", fragment)).split())


def _split(body: str) -> list[tuple[str, int, str]]:
    """(heading, level, html) per heading outside tables, in order."""
    parts, depth, start, heading, level = [], 0, 0, "", 0
    for match in _SPLIT.finditer(body):
        token = match.group(0)
        if token == "<table>":
            depth += 1
        elif token == "</table>":
            depth = max(0, depth - 1)
        elif depth == 0:
            parts.append((heading, level, body[start:match.start()]))
            heading, level, start = _text(match.group(2)), int(match.group(1)), match.end()
    parts.append((heading, level, body[start:]))
    return parts


def _notes(body: str) -> tuple[str, dict[tuple[str, str], str]]:
    """The body without mammoth's list of notes, and each note's text by (kind, id)."""
    notes = {(kind, note_id): _text(_BACK_LINK.sub("", text)) for kind, note_id, text in _NOTE_ITEM.findall(body)}
    if notes:
        first = _NOTE_ITEM.search(body)
        list_start = body.rfind("<ol>", 0, first.start())
        body = body[:list_start] if list_start >= 0 else body
    return body, notes


def _with_notes(fragment: str, notes: dict) -> str:
    """Each cited note as the stored subset's footnote at its mark (a mark whose note is
    missing from the list stays a bare footnote mark)."""
    def note(match: re.Match) -> str:
        text = notes.get((match.group(1), match.group(2)), "")
        if not text:
            return f'<sup class="fn">{match.group(3)}</sup>'
        return f'<sup class="fn" data-nota="{html.escape(text, quote=True)}">{match.group(3)}</sup>'
    return _NOTE_REF.sub(note, fragment)


def _with_images(fragment: str, images: list[tuple[bytes, str, str]]) -> tuple[str, list[Image]]:
    """The fragment without its images and their captions, and the images with their captions."""
    found: list[Image] = []
    pieces = re.split(r"(?=<p[ >]|<table>|<ul>|<ol>)", fragment)
    last_image: Image | None = None
    kept = []
    for piece in pieces:
        caption = _CAPTION.match(piece)
        if caption and last_image is not None:
            last_image.caption = _FIGURE_PREFIX.sub("", _text(caption.group(1))) or last_image.caption
            last_image = None
            continue
        last_image = None
        for match in _IMG.finditer(piece):
            data, mime, alt = images[int(match.group(1))]
            last_image = Image(data, mime, _FIGURE_PREFIX.sub("", alt))
            found.append(last_image)
        kept.append(_IMG.sub("", piece))
    return "".join(kept), found


def read(checked: Checked) -> ReadDocument:
    """The parts of the document `checked` (guard.check) names."""
    import docx
    import mammoth

    document = docx.Document(str(checked.path))
    images: list[tuple[bytes, str, str]] = []

    def keep_image(image) -> dict:
        with image.open() as stream:
            images.append((stream.read(), image.content_type or "", image.alt_text or ""))
        return {"src": f"{_IMAGE_SRC}{len(images) - 1}"}

    with open(checked.path, "rb") as stream:
        sha256 = hashlib.file_digest(stream, "sha256").hexdigest()
    levels = heading_levels(document)
    token = generated.fence(document) if generated.from_npmdesk(checked.path) else ""
    if paragraph_numbers.unnumber(document, set(levels)) or token:
        source = io.BytesIO()  # the document as changed above is what mammoth reads
        document.save(source)
        source.seek(0)
    else:
        source = io.BytesIO(checked.path.read_bytes())
    # External files are refused by the guard already; mammoth is told not to open them too.
    result = mammoth.convert_to_html(source, style_map=_style_map(levels, document),
                                     convert_image=mammoth.images.img_element(keep_image),
                                     external_file_access=False)
    body, notes = _notes(result.value)
    apart, generated_parts = [], []
    if token:
        body, apart, generated_parts = generated.split(body, token)
    dropped = generated_parts + _dropped(document, result.value)
    parts = []
    for heading, level, fragment in _split(body):
        fragment, part_images = _with_images(_with_notes(fragment, notes), images)
        clean = _without_state_label(richtext.sanitize(fragment))
        if heading or clean or part_images:
            parts.append(Part(heading, level, clean, part_images))
    kept_apart = [(kind, richtext.sanitize(_with_notes(_with_images(part, images)[0], notes)))
                  for kind, part in apart]
    return ReadDocument(checked.path.name, sha256, parts, dropped, kept_apart)


def _without_state_label(body: str) -> str:
    """A draft exported by npmdesk says each section's state under its title: that line is the
    export's marking, not text of the section."""
    label = re.escape(es_("Estado de la sección: {state}")).replace(re.escape("{state}"), r"[^<]{1,60}")
    return re.sub(rf"^<p><i>{label}</i></p>", "", body)


def _w(tag: str) -> str:
    from docx.oxml.ns import qn
    return qn(f"w:{tag}")


def _dropped(document, converted: str) -> list[str]:
    found = []
    if "<s>" in converted:
        found.append(_("el tachado (el texto tachado se importó sin él)"))
    if re.search(r'<a href="(?!#)', converted):
        found.append(_("el destino de los enlaces (se importó su texto)"))
    if any(p.text.strip() for s in document.sections for p in (*s.header.paragraphs, *s.footer.paragraphs)):
        found.append(_("los encabezados y pies de página"))
    body = document.element.body
    if next(body.iter(_w("ins"), _w("del")), None) is not None:
        found.append(_("el control de cambios: se importó el texto con las inserciones y sin lo suprimido; "
                       "para revisarlos uno a uno, impórtelos como observaciones sobre un informe existente"))
    if len(document.comments):
        found.append(ngettext("{count} comentario (impórtelo como observación sobre un informe existente)",
                              "{count} comentarios (impórtelos como observaciones sobre un informe existente)",
                              len(document.comments)).format(count=len(document.comments)))
    return found
