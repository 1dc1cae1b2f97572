"""False warnings of the disclosure check (domain/disclosure.py) on ordinary Spanish prose, with
many more names in the watchlist than a case file usually holds, and what the names spelt by
ear and nicknames (Watchlist.by_ear) cost against the rest of the check.

    PYTHONPATH=$PWD python -m bench.disclosure_prose

The prose is the demonstration case file's (its sections, findings and recommendations, none
of which names anyone) and the user manual (docs/manual/*.md). The names are the demo's
interviewees, 35 chosen for their nicknames and for surnames that are everyday words, and 300
made of 20 common given names and 30 common surnames. Every warning is printed: each is a
false one. docs/modelo-de-amenazas.md §6 quotes the figures.
"""

import statistics
import tempfile
import time
from pathlib import Path

from npmdesk.crypto.kdf import EXPLICIT, KdfParams
from npmdesk.domain import disclosure, model, name_forms
from npmdesk.services.demo.case import create_demo
from npmdesk.services.records import edit as records
from npmdesk.storage.search import plain_text

ROOT = Path(__file__).resolve().parent.parent
CHOSEN = [
    "José Luis Navarro Castillo", "María Dolores Flores Vega", "Francisco Javier Rivera Pérez", "Jesús Alberto Sánchez",
    "Guadalupe Mercedes Ortega", "Concepción Rosario Vargas", "Pilar Soledad Herrera", "Manuel Antonio Batista",
    "Ignacio Ramón Quintero", "Enrique Eduardo Morales", "Guillermo Adolfo Camargo", "Gregorio Rafael Pinzón",
    "Luis Carlos González", "Ana María Rodríguez", "Juan José De León", "Ximena Hernández Ruiz",
    "Roberto Gilberto Chen", "Antonio Moreno Salazar", "Carmen Isabel Delgado", "Tomás Cristóbal Jaén",
    "Wei Li", "Eva Sol", "Li Wu", "Ana Gil", "Rosa Blanca Paz", "Mario Castro", "Sara Ruiz", "Luz Mar",
    "Rigoberto Quintanilla", "Dolores Campos", "Esperanza Montes", "Victoria Franco", "Ángel Santos Reyes",
    "Yolanda Torres", "Ramón Mesa"]
GIVEN = ["José", "María", "Juan", "Carmen", "Luis", "Rosa", "Carlos", "Ana", "Jorge", "Lucía", "Pedro", "Isabel",
         "Miguel", "Teresa", "Rafael", "Elena", "Ramón", "Pilar", "Jesús", "Lourdes"]
SURNAMES = ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez",
            "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Morales", "Vásquez", "Castillo", "Jiménez", "Moreno",
            "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Castro", "Ortiz", "Rubio", "Molina", "Delgado",
            "Cedeño"]


def demo_texts_and_people() -> tuple[list[str], list[model.Interview]]:
    with tempfile.TemporaryDirectory() as folder:
        # Cheap key derivation: this file is thrown away, and the released cost is not measured here.
        session = create_demo(Path(folder) / "demo.npmcase",
                              kdf_params=KdfParams(version=EXPLICIT, time_cost=1, memory_kib=8, parallelism=1))
        try:
            texts = [plain_text(s.body) for s in records.select(session, model.Section)]
            texts += [s.title for s in records.select(session, model.Section)]
            texts += [f"{f.title} {f.text}" for f in records.select(session, model.Finding)]
            texts += [f"{r.text} {r.authority}" for r in records.select(session, model.Recommendation)]
            people = records.select(session, model.Interview)
        finally:
            session.close()
    return texts, people


def timed(texts: list[str], watch: disclosure.Watchlist, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        for text in texts:
            disclosure.find(text, watch)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    demo, people = demo_texts_and_people()
    people += [model.Interview(visit_id="x", code=f"E-{90 + n}", real_identity=name) for n, name in enumerate(CHOSEN)]
    people += [model.Interview(visit_id="x", code=f"F-{n}",
                               real_identity=f"{GIVEN[n % 20]} {SURNAMES[n % 30]} {SURNAMES[(n * 7) % 30]}")
               for n in range(300)]
    watch = disclosure.Watchlist.of(people, None)
    manual = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs" / "manual").glob("*.md"))]
    for name, texts in (("demo", demo), ("manual", manual)):
        hits = [(text[d.start:d.end], " ".join(text[max(0, d.start - 30):d.end + 30].split()))
                for text in texts for d in disclosure.find(text, watch) if d.kind == disclosure.REAL_NAME]
        print(f"{name}: {len(people)} people, {sum(map(len, texts)):,} characters, {len(hits)} name warnings")
        for passage, context in hits:
            print(f"    {passage!r} in …{context}…")
    without = disclosure.Watchlist.of(people, None)
    without.by_ear = name_forms.ByEar()
    t_with, t_without = timed(demo + manual, watch), timed(demo + manual, without)
    print(f"scan of both: {t_with:.3f} s, without names by ear and nicknames {t_without:.3f} s, "
          f"ratio {t_with / t_without:.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
