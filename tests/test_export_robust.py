"""Hostile text, interrupted writes and the command line of the Word export."""

import os
import random
import re
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from docx import Document

from npmdesk.cli import main
from npmdesk.export import writer
from npmdesk.export.content import FindingOut, RecommendationOut, ReportOut, SectionOut
from npmdesk.export.safe_file import PREFIX, sweep_leftovers

sys.path.insert(0, str(Path(__file__).parent))
from export_fixture import REAL_NAMES, build_report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
LABELS = {"number": "Número", "place": "Lugar", "dates": "Fechas", "classification": "Clasificación",
          "toc": "Índice", "toc_hint": "Actualice el índice", "page_of": "Página {page} de {pages}",
          "no_recommendations": "Ninguna", "col_number": "Nº", "col_text": "Recomendación",
          "col_authority": "Autoridad", "col_priority": "Prioridad", "col_deadline": "Plazo",
          "aggregates": "Agregados", "images": "Imágenes", "figure": "Imagen {n}.",
          "image_unreadable": "(imagen no legible)"}


def report_of(texts: list[str], sections: int = 1) -> ReportOut:
    chunk = max(1, len(texts) // (sections * 3))
    parts = [texts[i:i + chunk] for i in range(0, len(texts), chunk)]
    out = ReportOut("Institución", parts[0][0], "N-1", "Lugar", "3 de noviembre de 2026", "CONFIDENCIAL",
                    True, "BORRADOR", "Informe de visita", labels=LABELS)
    for i, part in enumerate(parts):
        body = "".join(f"<p>{t}</p>" if i % 2 else t for t in part)
        out.sections.append(SectionOut(part[-1], body, state_label=part[0],
                                       findings=[(part[0], [FindingOut(part[-1], t) for t in part[:3]])],
                                       recommendations=i == 0))
    out.recommendations = [RecommendationOut(t, t[:40] or "—", "Alta", t[:10])
                           for t in texts[:20]]
    return out


def hostile_strings(count: int, seed: int = 2026) -> list[str]:
    rng = random.Random(seed)
    pools = ["\x00", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x85", "\ud800", "\udfff", "\ufffe", "\uffff",
             "\u202e", "\u2066", "\u200f", "\u2028", "\t", "\n", "\r\n", "<", ">", "&", "&amp;", "]]>",
             "<b>", "</p>", "<table><tr><td>", "[^1]", "👩‍⚖️", "🇵🇦", "مرحبا بالعالم", "שלום", "ñáéíóú",
             "\U0001F600", "a" * 50, " ", "\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢"]
    return ["".join(rng.choice(pools) if rng.random() < 0.6 else chr(rng.randint(0, 0x2FFFF))
                    for _ in range(rng.randint(1, 30))) for _ in range(count)]


def assert_valid(path: Path) -> str:
    doc = Document(path)
    assert doc.paragraphs
    with zipfile.ZipFile(path) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert not BAD_XML.search(xml)
    return xml


def test_fuzzed_hostile_strings_always_export(tmp_path):
    strings = hostile_strings(3000)
    for batch in range(10):
        target = tmp_path / f"fuzz{batch}.docx"
        writer.write(report_of(strings[batch * 300:(batch + 1) * 300], sections=4), target)
        xml = assert_valid(target)
        assert "\u202e" not in xml and "\ufffd" in xml  # overrides replaced visibly


def test_huge_paragraph_emoji_and_rtl(tmp_path):
    huge = ("Párrafo largo con texto de prueba. " * 30_000)[:1_000_000]
    texts = [huge, "Persona 👩‍⚖️ del pabellón 🇵🇦", "نص عربي مع أرقام 123", "מילים בעברית"]
    target = tmp_path / "huge.docx"
    writer.write(report_of(texts), target)
    body = "\n".join(p.text for p in Document(target).paragraphs)
    assert huge in body and "👩‍⚖️" in body and "نص عربي مع أرقام 123" in body


KILLER = """
import sys
sys.path.insert(0, {tests!r})
from test_export_robust import report_of
from npmdesk.export import writer
report = report_of(["Texto del informe número %d, con bastante contenido." % i for i in range(6000)], 40)
data = writer.compose(report).to_bytes()
# The document is built and checked in memory and only then written: the write itself is the
# window to kill in. 300 MB behind the document keep it open long enough on a loaded machine.
data += bytes(300_000_000)
print("ready", flush=True)
writer.save(data, sys.argv[1])
"""


def test_kill_mid_write_keeps_the_previous_file(tmp_path):
    target = tmp_path / "informe.docx"
    writer.write(report_of(["versión anterior del informe"]), target)
    before = target.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", KILLER.format(tests=str(Path(__file__).parent)),
                              str(target)], env=env, stdout=subprocess.PIPE, cwd=ROOT)
    assert child.stdout.readline().strip() == b"ready"
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(PREFIX + "*")) and time.monotonic() < deadline and child.poll() is None:
        time.sleep(0.005)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert list(tmp_path.glob(PREFIX + "*")), "the child was not caught mid-write"
    assert target.read_bytes() == before
    assert "versión anterior del informe" in "\n".join(p.text for p in Document(target).paragraphs)
    writer.write(report_of(["versión nueva"]), target)  # the next export sweeps the leftover
    assert not list(tmp_path.glob(PREFIX + "*"))
    assert sweep_leftovers(tmp_path) == 0


def run_cli(capsys, *args):
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_cli_export_and_disclosure_stop(session, tmp_path, monkeypatch, capsys, passphrase):
    from npmdesk.services.records import edit as records
    built = build_report(session)
    records.save_section_body(session, built.sections[0].id, f"<p>Habló {REAL_NAMES[1]}.</p>")
    report_id, case = built.report.id, str(session.path)
    session.close()
    monkeypatch.setenv("NPMDESK_PASSPHRASE", passphrase)
    target = tmp_path / "cli.docx"
    code, out, err = run_cli(capsys, "export", case, report_id, "-o", str(target))
    assert code == 1 and not target.exists()
    line = err.strip().splitlines()[-1]
    assert "Exportación detenida: 1 pasaje(s)" in line and "--list-disclosures" in line
    code, out, _err = run_cli(capsys, "export", case, report_id, "--list-disclosures")
    assert code == 1 and "1 aviso(s)" in out and "Datos del informe" in out and "Nombre real" in out
    code, out, _err = run_cli(capsys, "export", case, report_id, "-o", str(target), "--override-disclosure")
    assert code == 0 and target.exists() and "Informe exportado" in out
    code, _out, err = run_cli(capsys, "export", case, report_id, "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and ".docx" in err
    code, _out, err = run_cli(capsys, "export", case, report_id, "-o", str(tmp_path / "no" / "x.docx"))
    assert code == 1 and "No existe la carpeta" in err
