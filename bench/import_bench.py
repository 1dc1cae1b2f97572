"""Import of a ~100-page .docx vs mammoth alone on the same file, in the same run.

    PYTHONPATH=. python bench/import_bench.py [--pages 100] [--repeat 3]

The file is the export benchmark's synthetic report (export_bench.synthetic: ~6 paragraphs a
page, a findings heading per section, a recommendation table of ~200 rows) written by
npmdesk's writer, its sections titled as the visit template's so that every heading maps.
Three timings:

- mammoth alone: `mammoth.convert_to_html` with its default style map;
- npmdesk read: what `report_import.prepare` does (guard.check over the central directory and
  every XML part, python-docx for the styles, mammoth with the built style map, split, footnotes,
  images, richtext.sanitize of each part, the mapping proposal);
- npmdesk import: read + `apply` into an encrypted case file (a report of 26 sections, a
  revision per section, search index, bitácora, the disclosure check of the text).
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mammoth  # noqa: E402

from bench.export_bench import synthetic  # noqa: E402
from npmdesk.crypto.kdf import EXPLICIT, KdfParams  # noqa: E402
from npmdesk.domain import model  # noqa: E402
from npmdesk.export import writer  # noqa: E402
from npmdesk.services import session as sessions  # noqa: E402
from npmdesk.services.drafting import templates  # noqa: E402
from npmdesk.services.importing import mapping, report_import  # noqa: E402
from npmdesk.services.records import edit as records  # noqa: E402

# The case file's key derivation is not what is measured: its cheapest parameters.
CHEAP_KDF = KdfParams(version=EXPLICIT, time_cost=1, memory_kib=8, parallelism=1)


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    report = synthetic(args.pages)
    titles = [t.title for t in mapping.targets_of(templates.get(None, "visita")) if t.depth == 0]
    for section, title in zip(report.sections, titles * 2):
        section.title = title
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "informe.docx"
        writer.write(report, path)
        session = sessions.create_case(Path(folder) / "bench.npmcase", "bench import passphrase 2026",
                                       owner_name="Bench", kdf_params=CHEAP_KDF)
        try:
            place = records.save(session, model.Place(name="Centro Penitenciario de Prueba"))
            visit = records.save(session, model.Visit(place.id, "2026-11-03"))
            t_mammoth = timed(lambda: mammoth.convert_to_html(str(path)), args.repeat)
            t_read = timed(lambda: report_import.prepare(session, visit.id, path, "visita"), args.repeat)
            t_import = timed(lambda: report_import.apply(
                session, visit.id, report_import.prepare(session, visit.id, path, "visita")), args.repeat)
            plan = report_import.prepare(session, visit.id, path, "visita")
        finally:
            session.close()
        size = path.stat().st_size
    mapped = sum(1 for c in plan.choices if c not in (mapping.SKIP, mapping.CONTINUE))
    print(f"document: {args.pages} pages target, {size / 1024:.0f} KB, {len(plan.document.parts)} headings, "
          f"{mapped} mapped to template sections")
    print(f"mammoth alone: {t_mammoth:.3f} s   npmdesk read: {t_read:.3f} s   ratio {t_read / t_mammoth:.2f}x")
    print(f"npmdesk import (read + write into the case file): {t_import:.3f} s   "
          f"ratio {t_import / t_mammoth:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
