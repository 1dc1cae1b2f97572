"""A layout pass through LibreOffice: the page on which each table-of-contents entry falls.

python-docx does not lay pages out, so without help a TOC can only list headings. When
LibreOffice is installed, a small Basic macro, written into a throwaway LibreOffice profile,
opens the .docx hidden, updates its indexes (LibreOffice lays the document out to do so) and
writes the TOC's text ("heading<TAB>page" per line) to a file; export/toc.py then puts those
page numbers into the document's own TOC result, so nothing else in the .docx is rewritten by
LibreOffice. A profile's Basic folder is replaced when LibreOffice first starts with it, so the
profile is initialised by one start and the macro written afterwards.

The folder is private (mkdtemp) and removed afterwards; LibreOffice gets the environment without
npmdesk's variables (export/pdf.py).
"""

import shutil
import subprocess
import tempfile
from pathlib import Path

from npmdesk.export import pdf

TIMEOUT_SECONDS = 180

MODULE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Npmdesk" script:language="StarBasic">
Sub TocPages(source As String, target As String)
    Dim args(0) As New com.sun.star.beans.PropertyValue
    args(0).Name = "Hidden"
    args(0).Value = True
    doc = StarDesktop.loadComponentFromURL(source, "_blank", 0, args())
    indexes = doc.getDocumentIndexes()
    text = ""
    If indexes.getCount() &gt; 0 Then
        indexes.getByIndex(0).update()
        text = indexes.getByIndex(0).getAnchor().getString()
    End If
    n = FreeFile
    Open target For Output As #n
    Print #n, text
    Close #n
    doc.close(True)
End Sub
</script:module>
"""

LIBRARY = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE library:library PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "library.dtd">
<library:library xmlns:library="http://openoffice.org/2000/library" library:name="Standard" \
library:readonly="false" library:passwordprotected="false">
 <library:element library:name="Npmdesk"/>
</library:library>
"""


def _run(command: list[str]) -> bool:
    try:
        done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS, check=False,
                              env=pdf.child_environment())
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def parse(text: str) -> list[tuple[str, str]]:
    """(entry text, page) of each line "entry<TAB>page" of a laid-out TOC."""
    found = []
    for line in text.splitlines():
        entry, tab, page = line.rpartition("\t")
        if tab and page.strip().isdigit():
            found.append((entry.strip(), page.strip()))
    return found


def pages_of(laid: list[tuple[str, str]], headings: list[str]) -> list[str] | None:
    """The page of each of `headings` (the entries Word's field will list, in order) from the
    lines of LibreOffice's index, or None when one is missing. LibreOffice's index also lists
    the one-line empty sections of a draft (numbered in the heading list, export/writer.py),
    which Word's does not: lines that match no heading are passed over."""
    pages, lines = [], iter(laid)
    for heading in headings:
        wanted = " ".join(heading.split())
        page = next((page for text, page in lines if " ".join(text.split()).endswith(wanted)), None)
        if page is None:
            return None
        pages.append(page)
    return pages


def toc_pages(docx: bytes) -> list[tuple[str, str]] | None:
    """(entry, page) of each line of the TOC as LibreOffice lays the document out; None when
    LibreOffice is missing or the pass failed."""
    program = pdf.soffice()
    if program is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="npmdesk-paginas-"))
    try:
        profile = folder / "perfil"
        base = [program, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--invisible",
                "--norestore", "--nolockcheck"]
        if not _run([*base, "--terminate_after_init"]):
            return None
        library = profile / "user" / "basic" / "Standard"
        if not library.is_dir():
            return None
        (library / "Npmdesk.xba").write_text(MODULE, encoding="utf-8")
        (library / "script.xlb").write_text(LIBRARY, encoding="utf-8")
        source, target = folder / "informe.docx", folder / "indice.txt"
        source.write_bytes(docx)
        _run([*base, f'macro:///Standard.Npmdesk.TocPages("{source.as_uri()}","{target}")'])
        if not target.is_file():
            return None
        return parse(target.read_text(encoding="utf-8", errors="replace"))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
