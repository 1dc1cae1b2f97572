"""A synthetic ten-year case file (DESIGN.md §8), written through the real storage code.

Full scale (``scale=1``): 40 places, 3,000 visits each with one report of 15
sections (45,000), 20,000 recommendations, 2,000 attachments of 20–200 KB, and
interviews, field notes, findings and follow-ups in proportion; plus, at any scale, one
thematic report of 40 sections whose first section is about 30 pages (15,000 words) of
formatted text (the GUI benchmarks open and type into it). Every record goes
through ``storage.records.save`` + ``storage.search.index`` + ``storage.audit_log.append``
(and is validated first), but many visits share one transaction: the per-record
service path would take hours.

The same seed gives the same records (ids included) in an encrypted case file and in
a plain SQLite file with the same schema, so the two can be compared in one run.

    python -m bench.synthetic --scale 0.01 --plain out.sqlite
    python -m bench.synthetic --scale 0.01 out.npmcase    # passphrase from NPMDESK_PASSPHRASE
"""

import argparse
import math
import os
import random
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import sqlcipher3

from bench import vocab
from npmdesk.crypto import kdf
from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model, vocabulary
from npmdesk.domain.validation import validate
from npmdesk.storage import audit_log, blobs, records, schema, search
from npmdesk.storage.casefile import CaseFile, _configure

FULL = {"places": 40, "visits": 3000, "recommendations": 20000, "attachments": 2000}
PER_VISIT = {"interviews": 8, "notes": 4, "findings": 6}
TEAM_SIZE = 15
VISITS_PER_TRANSACTION = 50
FIRST_DAY = date(2016, 1, 4)
DAYS = 3650
BENCH_PASSPHRASE = "Frase de banco de pruebas 2026"
LONG_REPORT_SECTIONS = 40
LONG_SECTION_WORDS = 15000
LONG_REPORT_TITLE = "Informe temático: diez años de monitoreo"
GUIDANCE = ("¿Qué se observó directamente?", "¿Qué dijeron las personas entrevistadas?",
            "¿Qué registros lo confirman?", "¿Qué cambió desde la visita anterior?")


# -- the two kinds of file ---------------------------------------------------

def _require_fts5(conn) -> None:
    if not conn.execute("SELECT sqlite_compileoption_used('ENABLE_FTS5')").fetchone()[0]:
        raise RuntimeError("this SQLite has no FTS5")


def _plain_case(path: Path) -> CaseFile:
    """An unkeyed connection (same library, same pragmas) wrapped like a CaseFile."""
    conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    _configure(conn)
    _require_fts5(conn)
    return CaseFile(path, conn, bytearray(), kdf.CURRENT_KDF)


def create_plain(path) -> CaseFile:
    path = Path(path)
    if path.exists():
        raise FileExistsError(path)
    case = _plain_case(path)
    with case.transaction() as conn:
        schema.create(conn, kdf.CURRENT_KDF)
    case.checkpoint()
    return case


def open_plain(path) -> CaseFile:
    """Connect and check the schema, as CaseFile.open does after the key."""
    case = _plain_case(Path(path))
    schema.prepare(case, None)
    return case


def create_encrypted(path, passphrase: str = BENCH_PASSPHRASE) -> CaseFile:
    return CaseFile.create(path, passphrase)


# -- text --------------------------------------------------------------------

class Writer:
    """Spanish-looking prose: function words and Zipf-weighted domain words."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        domain = list(vocab.DOMAIN)
        rng.shuffle(domain)
        weights = [1 / (rank + 1) ** 0.9 for rank in range(len(domain))]
        scale = 0.55 / sum(weights)
        self.words = list(vocab.FUNCTION) + domain
        cumulative, total = [], 0.0
        for w in [0.45 / len(vocab.FUNCTION)] * len(vocab.FUNCTION) + [w * scale for w in weights]:
            total += w
            cumulative.append(total)
        self.cum = cumulative

    def sentence(self) -> str:
        words = self.rng.choices(self.words, cum_weights=self.cum, k=self.rng.randint(7, 24))
        if len(words) > 12:
            words[len(words) // 2] += ","
        text = " ".join(words)
        return text[0].upper() + text[1:] + "."

    def text(self, words: int) -> str:
        sentences, count = [], 0
        while count < words:
            sentence = self.sentence()
            sentences.append(sentence)
            count += sentence.count(" ") + 1
        return " ".join(sentences)

    def paragraphs(self, words: int) -> list[str]:
        out = []
        while words > 0:
            size = min(words, self.rng.randint(40, 160))
            out.append(self.text(size))
            words -= size
        return out

    def html(self, words: int) -> str:
        return "".join(f"<p>{p}</p>" for p in self.paragraphs(words))

    def formatted_html(self, words: int) -> str:
        """Paragraphs with bold, italic and underlined words, headings, lists and tables."""
        rng, out = self.rng, []
        for n, paragraph in enumerate(self.paragraphs(words)):
            if n % 12 == 0:
                out.append(f"<h3>{self.text(5).rstrip('.')}</h3>")
            tokens = paragraph.split(" ")
            for tag in ("b", "i", "u"):
                k = rng.randrange(len(tokens))
                tokens[k] = f"<{tag}>{tokens[k]}</{tag}>"
            out.append(f"<p>{' '.join(tokens)}</p>")
            if n % 9 == 4:
                out.append("<ul>" + "".join(f"<li>{self.text(12)}</li>" for _ in range(4)) + "</ul>")
            if n % 40 == 20:
                cells = lambda tag: "<tr>" + "".join(f"<{tag}>{self.text(3)}</{tag}>" for _ in range(3)) + "</tr>"
                out.append("<table>" + cells("th") + "".join(cells("td") for _ in range(5)) + "</table>")
        return "".join(out)

    def length(self, median: int, cap: int) -> int:
        return max(3, min(cap, int(self.rng.lognormvariate(math.log(median), 0.8))))


# -- records -----------------------------------------------------------------

class Generator:
    def __init__(self, conn, scale: float, seed: int):
        self.conn = conn
        self.rng = random.Random(seed)
        # The authorities' responses draw from their own generator, so everything else in a
        # file of a given seed is what it was before they were added.
        self.answers = random.Random(seed + 16)
        self.write = Writer(self.rng)
        self.scale = scale
        self.counts: dict[str, int] = {}

    def new_id(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def put(self, record, action: str = "crear") -> None:
        validate(record)
        spec = records.spec_of(record)
        records.save(self.conn, record)
        search.index(self.conn, spec, record)
        audit_log.append(self.conn, self.owner.id, self.owner.name, action, spec.name, record.id,
                         digest(records.as_dict(record)))
        self.counts[spec.name] = self.counts.get(spec.name, 0) + 1

    def person(self) -> str:
        return f"{self.rng.choice(vocab.FIRST_NAMES)} {self.rng.choice(vocab.LAST_NAMES)}"

    def start(self) -> None:
        """The owner, as services.session.create_case makes it, and the team."""
        self.owner = model.TeamMember(name="Titular del expediente", discipline="coordinacion",
                                      role="director", id=self.new_id())
        records.save(self.conn, self.owner)
        schema.set_meta(self.conn, "owner_id", self.owner.id)
        audit_log.append(self.conn, self.owner.id, self.owner.name, "crear_expediente", "case",
                         "synthetic", "")
        self.counts["team_member"] = 1
        self.team = []
        for _ in range(TEAM_SIZE):
            member = model.TeamMember(name=self.person(),
                                      discipline=self.rng.choice(list(vocabulary.DISCIPLINES)),
                                      role=self.rng.choice(("autor", "autor", "revisor")),
                                      id=self.new_id())
            self.put(member)
            self.team.append(member)
        self.places = []
        for n in range(max(2, round(FULL["places"] * self.scale))):
            kind, pattern = vocab.PLACE_KINDS[n % len(vocab.PLACE_KINDS)]
            town = vocab.TOWNS[n % len(vocab.TOWNS)]
            place = model.Place(name=pattern.format(town=town) + ("" if n < 24 else f" {n // 24 + 1}"),
                                kind=kind, province=self.rng.choice(vocab.PROVINCES), district=town,
                                authority=self.rng.choice(vocabulary.AUTHORITIES),
                                capacity=self.rng.randint(20, 3000), address=f"Vía principal, {town}",
                                description=self.write.text(self.write.length(60, 300)),
                                id=self.new_id())
            self.put(place)
            self.places.append(place)

    def spread(self, total: int, visits: int) -> list[int]:
        per_visit = [0] * visits
        for _ in range(total):
            per_visit[self.rng.randrange(visits)] += 1
        return per_visit

    def visit(self, n: int, total: int, recs: int, attachments: int) -> None:
        rng, write = self.rng, self.write
        day = FIRST_DAY + timedelta(days=n * DAYS // total)
        place = rng.choice(self.places)
        members = rng.sample(self.team, rng.randint(3, 5))
        visit = model.Visit(
            place_id=place.id, start_date=day.isoformat(),
            end_date=(day + timedelta(days=rng.randint(0, 2))).isoformat(),
            kind=rng.choice(list(vocabulary.VISIT_KINDS)), announced=rng.random() < 0.3,
            team=[model.VisitMember(m.id, m.discipline, i == 0) for i, m in enumerate(members)],
            objectives=write.text(write.length(30, 120)), population=rng.randint(10, 4000),
            people_met=write.text(write.length(15, 60)),
            registers_reviewed=write.text(write.length(15, 60)),
            access_obstacles=write.text(write.length(10, 80)), id=self.new_id())
        self.put(visit)
        interviews = []
        for i in range(rng.randint(PER_VISIT["interviews"] - 4, PER_VISIT["interviews"] + 4)):
            interview = model.Interview(
                visit_id=visit.id, code=f"E-{i + 1:02d}", kind=rng.choice(("individual", "grupal")),
                sex=rng.choice(list(vocabulary.SEXES)), age_range=rng.choice(list(vocabulary.AGE_RANGES)),
                vulnerable_groups=rng.sample(list(vocabulary.VULNERABLE_GROUPS), rng.randint(0, 2)),
                consent_interview=True, consent_report=rng.random() < 0.8,
                notes=write.text(write.length(120, 1500)),
                allegations=rng.sample(list(vocabulary.ALLEGATIONS), rng.randint(0, 2)),
                referral_needed=rng.random() < 0.1, real_identity=self.person(), id=self.new_id())
            self.put(interview)
            interviews.append(interview.id)
        notes = []
        for _ in range(rng.randint(PER_VISIT["notes"] - 2, PER_VISIT["notes"] + 2)):
            note = model.FieldNote(visit_id=visit.id, title=rng.choice(vocab.NOTE_TITLES),
                                   text=write.text(write.length(150, 1200)),
                                   kind=rng.choice(list(vocabulary.NOTE_KINDS)), id=self.new_id())
            self.put(note)
            notes.append(note.id)
        photos = [self.attachment(visit.id) for _ in range(attachments)]
        findings = []
        for _ in range(rng.randint(PER_VISIT["findings"] - 3, PER_VISIT["findings"] + 3)):
            finding = model.Finding(
                visit_id=visit.id, area=rng.choice(list(vocabulary.THEMATIC_AREAS)),
                title=rng.choice(vocab.FINDING_TITLES), text=write.text(write.length(200, 1200)),
                triangulated=rng.random() < 0.6,
                interview_ids=rng.sample(interviews, min(len(interviews), rng.randint(0, 3))),
                note_ids=rng.sample(notes, min(len(notes), rng.randint(0, 2))),
                attachment_ids=rng.sample(photos, min(len(photos), rng.randint(0, 2))),
                id=self.new_id())
            self.put(finding)
            findings.append(finding.id)
        for _ in range(recs):
            self.recommendation(visit, day, findings)
        self.report(visit, place, day, n, total, members)
        self.last = (visit, place, day, members)

    def attachment(self, visit_id: str) -> str:
        rng = self.rng
        subject = rng.choice(vocab.PHOTO_SUBJECTS)
        data = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + rng.randbytes(rng.randint(20, 200) * 1024)
        attachment = model.Attachment(
            caption=f"Fotografía: {subject}", filename=f"foto_{subject}_{rng.randint(1, 99):02d}.jpg",
            mime="image/jpeg", size=len(data), sha256=sha256_hex(data), visit_id=visit_id,
            include_in_export=rng.random() < 0.3, id=self.new_id())
        validate(attachment)
        records.save(self.conn, attachment)
        blobs.put(self.conn, attachment.id, data)
        search.index(self.conn, records.spec_of(attachment), attachment)
        audit_log.append(self.conn, self.owner.id, self.owner.name, "crear", "attachment",
                         attachment.id, digest(records.as_dict(attachment)))
        self.counts["attachment"] = self.counts.get("attachment", 0) + 1
        return attachment.id

    def recommendation(self, visit, day: date, findings: list[str]) -> None:
        rng = self.rng
        history = [model.StatusChange(date=day.isoformat(), status="pendiente",
                                      actor_id=self.owner.id, actor_name=self.owner.name,
                                      recorded_at=day.isoformat(), id=self.new_id())]
        for k in range(rng.randint(0, 3)):
            when = day + timedelta(days=180 * (k + 1))
            history.append(model.StatusChange(
                date=when.isoformat(), status=rng.choice(list(vocabulary.REC_STATUSES)),
                reason=self.write.text(self.write.length(25, 100)), basis="visita",
                visit_id=visit.id, actor_id=self.owner.id, actor_name=self.owner.name,
                recorded_at=when.isoformat(), id=self.new_id()))
        rec = model.Recommendation(
            visit_id=visit.id, text=self.write.text(self.write.length(40, 200)),
            authority=rng.choice(vocabulary.AUTHORITIES), level=rng.choice(list(vocabulary.REC_LEVELS)),
            priority=rng.choice(list(vocabulary.REC_PRIORITIES)),
            deadline=(day + timedelta(days=rng.choice((30, 90, 180, 365)))).isoformat(),
            status=history[-1].status, issued_on=day.isoformat(),
            area=rng.choice(list(vocabulary.THEMATIC_AREAS)),
            finding_ids=rng.sample(findings, min(len(findings), rng.randint(0, 2))),
            history=history, id=self.new_id())
        self.put(rec)
        if len(history) > 1 and self.answers.random() < 0.5:
            self.response(rec.id, day)

    def response(self, rec_id: str, day: date) -> None:
        """An authority's answer two months after the report, with an action plan."""
        answers = self.answers
        self.put(model.AuthorityResponse(
            authority=answers.choice(vocabulary.AUTHORITIES), date=(day + timedelta(days=60)).isoformat(),
            text="Se remite el plan de acción para atender la recomendación.",
            reference=f"Nota {answers.randint(100, 9999)}-{day.year}", means="oficio",
            recommendation_ids=[rec_id],
            commitments=[model.Commitment(f"Compromiso {k + 1} del plan de acción",
                                          (day + timedelta(days=120 * (k + 1))).isoformat(), rec_id,
                                          id=str(uuid.UUID(int=answers.getrandbits(128), version=4)))
                         for k in range(answers.randint(1, 2))],
            id=str(uuid.UUID(int=answers.getrandbits(128), version=4))))

    def report(self, visit, place, day: date, n: int, total: int, members) -> None:
        rng, write = self.rng, self.write
        done = n < total - max(1, total // 50)
        report = model.Report(visit_id=visit.id, title=f"Informe de visita: {place.name}",
                              kind="visita" if visit.kind != "seguimiento" else "seguimiento",
                              number=f"MNPT-{day.year}-{n + 1:04d}",
                              state="exportado" if done else "en_redaccion", id=self.new_id())
        self.put(report)
        for position, (title, discipline) in enumerate(zip(vocab.SECTION_TITLES,
                                                           vocab.SECTION_DISCIPLINES)):
            body = write.html(write.length(250, 3000)) if done or rng.random() < 0.7 else ""
            self.section(report, position, title, discipline, members, body, done, day)

    def section(self, report, position: int, title: str, discipline: str, members, body: str,
                done: bool, day: date, guidance: tuple = ()) -> None:
        section = model.Section(
            report_id=report.id, title=title, position=position, key=f"s{position:02d}",
            discipline=discipline, guidance=list(guidance), author_ids=[self.rng.choice(members).id],
            body=body, state="aprobada" if done else "borrador", id=self.new_id())
        self.put(section)
        if body:
            revision = model.Revision(
                section_id=section.id, number=1, body=section.body,
                body_sha256=sha256_hex(section.body.encode("utf-8")), author_id=self.owner.id,
                created_at=f"{day.isoformat()}T12:00:00+00:00", id=self.new_id())
            records.save(self.conn, revision)
            audit_log.append(self.conn, self.owner.id, self.owner.name, "revisar_texto",
                             "section", section.id,
                             digest({"revision": 1, "body_sha256": revision.body_sha256}))
            self.counts["revision"] = self.counts.get("revision", 0) + 1

    def long_report(self) -> None:
        """A thematic report of 40 sections on the last visit; the first is ~30 pages, formatted."""
        visit, place, day, members = self.last
        report = model.Report(visit_id=visit.id, title=LONG_REPORT_TITLE, kind="tematico",
                              number=f"MNPT-{day.year}-T001", id=self.new_id())
        self.put(report)
        for position in range(LONG_REPORT_SECTIONS):
            k = position % len(vocab.SECTION_TITLES)
            title = vocab.SECTION_TITLES[k] + (f" ({position // len(vocab.SECTION_TITLES) + 1})"
                                               if position >= len(vocab.SECTION_TITLES) else "")
            body = (self.write.formatted_html(LONG_SECTION_WORDS) if position == 0
                    else self.write.html(self.write.length(250, 3000)))
            self.section(report, position, title, vocab.SECTION_DISCIPLINES[k], members, body,
                         False, day, GUIDANCE)


def populate(case: CaseFile, scale: float = 1.0, seed: int = 2026, progress=None) -> dict:
    """Fill a new, empty case file; returns how many records of each kind were written."""
    visits = max(2, round(FULL["visits"] * scale))
    generator = Generator(case.conn, scale, seed)
    with case.transaction():
        generator.start()
    recs = generator.spread(round(FULL["recommendations"] * scale), visits)
    photos = generator.spread(round(FULL["attachments"] * scale), visits)
    for first in range(0, visits, VISITS_PER_TRANSACTION):
        generator.conn = case.conn
        with case.transaction():
            for n in range(first, min(visits, first + VISITS_PER_TRANSACTION)):
                generator.visit(n, visits, recs[n], photos[n])
        if progress:
            progress(min(visits, first + VISITS_PER_TRANSACTION), visits)
    generator.conn = case.conn
    with case.transaction():
        generator.long_report()
    case.checkpoint()
    return dict(sorted(generator.counts.items()))


def stored_counts(conn) -> dict:
    """Rows per record table, plus blobs, bitácora entries and search documents."""
    counts = {spec.name: records.count(conn, spec.cls) for spec in records.SPECS}
    for table in ("attachment_blobs", "audit", "search_index", "status_changes", "visit_team"):
        counts[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    return counts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--plain", action="store_true", help="plain SQLite, no encryption")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.plain:
        case = create_plain(args.path)
    else:
        case = create_encrypted(args.path, os.environ.get("NPMDESK_PASSPHRASE", BENCH_PASSPHRASE))
    try:
        counts = populate(case, args.scale, args.seed,
                          lambda done, total: print(f"\r{done}/{total} visits", end="", file=sys.stderr))
    finally:
        case.close()
    print(f"\n{time.perf_counter() - started:.1f} s", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
