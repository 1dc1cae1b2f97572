"""Hidden bookmarks around what the export writes from the case file rather than from a
section's text: the table of contents, a section's findings (with the recommendations in
place), a draft's one-line empty sections, the recommendation table, the annexes, the closing
block and the integrity page.

They change nothing on paper (a bookmark whose name starts with "_" is hidden in Word and
LibreOffice) and let an import of the file (services/importing/generated.py) leave those
parts out instead of adding them to the section bodies a second time.
"""

from contextlib import contextmanager

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PREFIX = "_npmdesk_"
KINDS = ("indice", "vacias", "hallazgos", "recomendaciones", "anexos", "cierre", "constancia")
_FIRST_ID = 90000  # far above the ids Word gives its own bookmarks (_Toc…, _GoBack)


class Marks:
    """The bookmarks of one document being written, numbered in the order they are opened."""

    def __init__(self, sect_pr):
        self.sect_pr = sect_pr  # everything is written before the body's final sectPr
        self.count = 0

    @contextmanager
    def around(self, kind: str):
        """Mark what is written inside the block as generated `kind` (nothing, when empty)."""
        assert kind in KINDS, kind
        start = OxmlElement("w:bookmarkStart")
        self.sect_pr.addprevious(start)
        yield
        if start.getnext() is self.sect_pr:  # nothing written: no empty mark
            start.getparent().remove(start)
            return
        self.count += 1
        mark_id = str(_FIRST_ID + self.count)
        start.set(qn("w:id"), mark_id)
        start.set(qn("w:name"), f"{PREFIX}{kind}_{self.count}")
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), mark_id)
        self.sect_pr.addprevious(end)
