"""What npmdesk's own export wrote from the case file, left out when that file is imported back.

An export (export/generated.py) marks the table of contents, each section's findings, the
recommendation table, the annexes, the closing block and the «Constancia de integridad» page
with hidden bookmarks. Imported as section text they would be printed a second time by the next
export (the findings and recommendations are records of the visit, not text of a section), so
when docProps/app.xml names npmdesk each marked part is fenced by two paragraphs carrying a
token fresh for this read (so no text in the file can forge a fence), mammoth reads the file,
and `split` takes the fenced parts out of its HTML (kept apart: the archive migration still
reads the recommendation table) and lists them for the user. The export's paragraph numbers
(Word numbering on body paragraphs) are taken off: they are the export's, and mammoth would
read them as a list.
"""

import re
import secrets
import zipfile
from collections import Counter
from pathlib import Path

from npmdesk.export.generated import KINDS, PREFIX
from npmdesk.i18n import N_, _, ngettext

_APPLICATION = re.compile(rb"<(?:\w+:)?Application>\s*npmdesk\b")
_NAMES = {"indice": N_("el índice"), "vacias": N_("las líneas «Sin contenido» de un borrador"), "recomendaciones": N_("la tabla de recomendaciones"),
          "anexos": N_("los anexos generados (datos agregados e imágenes)"), "cierre": N_("el bloque de cierre"),
          "constancia": N_("la página «Constancia de integridad»")}


def from_npmdesk(path: Path) -> bool:
    """Whether the file says npmdesk wrote it (docProps/app.xml, already size-checked by the guard)."""
    with zipfile.ZipFile(path) as archive:
        try:
            app = archive.read("docProps/app.xml")
        except KeyError:
            return False
    return _APPLICATION.search(app[:4096]) is not None


def _w(tag: str) -> str:
    from docx.oxml.ns import qn
    return qn(f"w:{tag}")


def _top(element, body):
    """The child of the body that holds `element`, None when it is no longer in the body."""
    while element is not None and element.getparent() is not body:
        element = element.getparent()
    return element


def _kind(name: str) -> str:
    kind = name[len(PREFIX):].rsplit("_", 1)[0]
    return kind if kind in KINDS else ""


def _fence(text: str):
    from docx.oxml import OxmlElement
    p, r, t = OxmlElement("w:p"), OxmlElement("w:r"), OxmlElement("w:t")
    t.text = text
    r.append(t)
    p.append(r)
    return p


def fence(document) -> str:
    """Fence the marked parts of the python-docx `document` of an npmdesk export; returns the
    token `split` looks for."""
    token = f"npmdesk-{secrets.token_hex(12)}"
    body = document.element.body
    ends = {e.get(_w("id")): e for e in body.iter(_w("bookmarkEnd"))}
    for start in list(body.iter(_w("bookmarkStart"))):
        name = start.get(_w("name")) or ""
        kind = _kind(name) if name.startswith(PREFIX) else ""
        first, last = _top(start, body), _top(ends.get(start.get(_w("id"))), body)
        if not kind or first is None or last is None or body.index(first) > body.index(last):
            continue  # not ours, or moved out of order by an editor: left as text
        first.addprevious(_fence(f"{token}:{kind}"))
        last.addnext(_fence(f"{token}:fin"))
    return token  # the export's paragraph numbers are taken off by paragraph_numbers, as any report's


def split(converted: str, token: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    """mammoth's HTML without the fenced parts; the parts as (kind, html); what was left out,
    as one sentence for the user (none when nothing was)."""
    fenced = re.compile(rf"<p>{re.escape(token)}:({'|'.join(KINDS)})</p>(.*?)<p>{re.escape(token)}:fin</p>",
                        re.DOTALL)
    apart = [(kind, part) for kind, part in fenced.findall(converted)]
    converted = fenced.sub("", converted)
    converted = re.sub(rf"<p>{re.escape(token)}:\w+</p>", "", converted)  # a fence left unpaired
    left = Counter(kind for kind, _part in apart)
    return converted, apart, [_summary(left)] if left else []


def _summary(left: Counter) -> str:
    parts = []
    for kind in KINDS:
        if not left[kind]:
            continue
        if kind == "hallazgos":
            parts.append(ngettext("los hallazgos de {count} sección", "los hallazgos de {count} secciones",
                                  left[kind]).format(count=left[kind]))
        else:
            parts.append(_(_NAMES[kind]))
    return _("{parts} (dejado fuera: generado por npmdesk)").format(parts=", ".join(parts))
