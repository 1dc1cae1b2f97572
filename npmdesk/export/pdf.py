"""A PDF copy of an exported .docx, made by LibreOffice when it is installed.

The conversion runs in a private temporary folder (mkdtemp: mode 0700) holding only the
.docx — which carries no confidential content — the PDF LibreOffice writes and a throwaway
LibreOffice profile, so the person's own profile and any running LibreOffice are untouched.
The folder is removed afterwards, whatever happens. The copy is PDF/A-2b (LibreOffice's PDF
export filter with SelectPdfVersion 2, tagged), and is kept only when its XMP metadata declares
it (pdfaid:part 2): an archive copy that is not what it says is no copy. LibreOffice gets the environment without
npmdesk's own variables, so a passphrase given in NPMDESK_PASSPHRASE never reaches it.
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 240
# LibreOffice's PDF export options as JSON (LibreOffice 7.4 and later): PDF/A-2, tagged.
PDFA_FILTER = ('pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
               '"UseTaggedPDF":{"type":"boolean","value":"true"}}')
PDFA_MARKS = (b"<pdfaid:part>2</pdfaid:part>", b'pdfaid:part="2"')


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def child_environment() -> dict[str, str]:
    """This process's environment less npmdesk's variables (NPMDESK_PASSPHRASE among them)."""
    return {name: value for name, value in os.environ.items() if not name.upper().startswith("NPMDESK_")}


def declares_pdfa(data: bytes) -> bool:
    """Whether the PDF's XMP metadata (uncompressed, as PDF/A requires) declares PDF/A-2."""
    return any(mark in data for mark in PDFA_MARKS)


def to_pdf(docx: bytes, stem: str = "informe") -> bytes | None:
    """The PDF/A-2b bytes, or None when LibreOffice is missing or the conversion failed."""
    program = soffice()
    if program is None:
        return None
    folder = Path(tempfile.mkdtemp(prefix="npmdesk-pdf-"))
    try:
        source = folder / f"{stem}.docx"
        source.write_bytes(docx)
        command = [program, f"-env:UserInstallation={(folder / 'perfil').as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", PDFA_FILTER, "--outdir", str(folder),
                   str(source)]
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, timeout=TIMEOUT_SECONDS, check=False,
                           env=child_environment())
        except (OSError, subprocess.SubprocessError):
            return None
        target = folder / f"{stem}.pdf"
        data = target.read_bytes() if target.is_file() else b""
        return data if data.startswith(b"%PDF") and declares_pdfa(data) else None
    finally:
        shutil.rmtree(folder, ignore_errors=True)
