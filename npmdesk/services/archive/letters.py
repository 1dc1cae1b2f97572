"""The letters (oficios) sending an approved report's recommendations: one per addressed
authority, with exactly that authority's recommendations numbered as in the report's own
export, and the date by which a response is due (OPCAT art. 22: the authorities examine the
recommendations and enter into a dialogue on their implementation).

Only an approved (or exported) report has letters. Each is checked for disclosures before
anything reaches the disk, written whole or not at all, and the bitácora records them.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model
from npmdesk.errors import NpmdeskError
from npmdesk.export import recommendations, spanish
from npmdesk.export.letters import LetterOut, LetterRecOut, LetterWriter
from npmdesk.export.safe_file import atomic_target, sweep_leftovers
from npmdesk.i18n import N_, es_
from npmdesk.services.archive import disclosure, word
from npmdesk.services.records import edit as records
from npmdesk.services.session import Session
from npmdesk.services.team.institution import institution
from npmdesk.services.tracking import dialogue
from npmdesk.storage import audit_log

DUE_DAYS = 30  # a month to answer, unless the person chooses otherwise


class ReportNotApproved(NpmdeskError):
    template = N_("El informe {number} aún no está aprobado: solo un informe aprobado se envía a las autoridades.")


class NoRecommendations(NpmdeskError):
    template = N_("El informe {number} no tiene recomendaciones que enviar.")


class LetterDisclosure(NpmdeskError):
    template = N_("El oficio para {authority} contiene {count} pasaje(s) que podrían identificar a personas "
                  "entrevistadas; corrija las recomendaciones antes de enviarlo.")


@dataclass(frozen=True)
class LetterFile:
    authority: str
    path: Path
    sha256: str
    numbers: tuple[int, ...]  # the report's numbers of its recommendations
    due: str  # ISO date
    letter_id: str = ""  # its record in the case file (services/tracking/dialogue.py)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:60] or "autoridad"


def _director(session: Session) -> str:
    members = [m for m in records.select(session, model.TeamMember) if m.active and m.role == "director"]
    return members[0].name if members else ""


def compose(session: Session, report_id: str, day: str, due: str) -> list[LetterOut]:
    """The letters of `report_id` dated `day`, a response due by `due`, one per authority."""
    report = records.get(session, model.Report, report_id)
    if report.state not in word.FINAL_STATES:
        raise ReportNotApproved(number=report.number or report.title)
    content, _interviews = word.build_content(session, report_id)
    if not content.recommendations:
        raise NoRecommendations(number=report.number or report.title)
    groups = recommendations.by_authority(content.recommendations)
    numbers = recommendations.numbers(content)
    director, named = _director(session), institution(session)
    letters = []
    for n, (authority, recs) in enumerate(groups.items(), 1):
        count = len(recs)
        letters.append(LetterOut(
            institution=named.institution_name,
            mechanism=named.mechanism_name,
            place_date=es_("{place}, {date}").format(place=named.institution_seat, date=spanish.long_date(day)),
            reference=es_("Oficio n.º {number}-O{n}").format(number=report.number, n=f"{n:02d}"),
            addressee=(es_("Señor/a titular"), authority, es_("E. S. D.")),
            subject=es_("Asunto: recomendaciones del informe {number}").format(number=report.number),
            paragraphs=(
                es_("En ejercicio del mandato que le confieren la Ley 6 de 2017 y el artículo 19 del Protocolo "
                    "Facultativo de la Convención contra la Tortura, el Mecanismo Nacional de Prevención de la "
                    "Tortura remite a su despacho las recomendaciones que le dirige en el informe {number}, "
                    "«{title}», sobre la visita a {place} ({dates}).").format(
                    number=report.number, title=report.title, place=content.place, dates=content.dates),
                es_("Se le dirigen {count} recomendación(es), numeradas como en el informe:").format(count=count),
            ),
            closing=(
                es_("Conforme al artículo 22 del Protocolo Facultativo, le solicitamos que nos informe, a más "
                    "tardar el {due}, de las medidas adoptadas o previstas para aplicar cada recomendación, con "
                    "un plan de acción y su calendario.").format(due=spanish.long_date(due)),
                es_("Quedamos a su disposición para el diálogo sobre su aplicación."),
                es_("Atentamente,"),
            ),
            signature=tuple(x for x in (director, named.signer_role) if x),
            headers=(es_("N.º"), es_("Recomendación"), es_("Prioridad"), es_("Plazo")),
            recommendations=[LetterRecOut(numbers[id(r)], r.text, r.priority, r.deadline, r.id) for r in recs],
            page_of=es_("Página {page} de {pages}")))
    return letters


def write_letters(session: Session, report_id: str, folder, due_days: int = DUE_DAYS,
                  day: str | None = None) -> list[LetterFile]:
    """Write every letter of the report into `folder` (which must exist) and record each in the
    case file (not yet sent: services/tracking/dialogue.mark_sent); all are checked before the
    first is written, so a refusal leaves nothing."""
    day = day or date.today().isoformat()
    due = (date.fromisoformat(day) + timedelta(days=due_days)).isoformat()
    report = records.get(session, model.Report, report_id)
    letters = compose(session, report_id, day, due)
    watch = disclosure.watchlist(session, report.visit_id)
    built = []
    for letter in letters:
        document = LetterWriter(letter).build()
        found = disclosure.passages(document.texts(), watch)
        if found:
            raise LetterDisclosure(authority=letter.addressee[1], count=len(found))
        built.append((letter, document.to_bytes()))
    folder = Path(folder)
    sweep_leftovers(folder)
    written, kept = [], []
    for n, (letter, data) in enumerate(built, 1):
        path = folder / f"oficio-{_slug(report.number)}-{n:02d}-{_slug(letter.addressee[1])}.docx"
        with atomic_target(path) as handle:
            handle.write(data)
        kept.append(model.Letter(report_id=report_id, authority=letter.addressee[1], written_on=day,
                                 response_due=due, reference=letter.reference, sha256=sha256_hex(data),
                                 recommendation_ids=[r.record_id for r in letter.recommendations]))
        written.append(LetterFile(letter.addressee[1], path, kept[-1].sha256,
                                  tuple(r.number for r in letter.recommendations), due, kept[-1].id))
    with session.case.transaction() as conn:
        dialogue.store_letters(conn, session, kept)
        audit_log.append(conn, session.actor.id, session.actor.name, "generar_oficios", "report", report_id,
                         digest({"due": due, "letters": {f.authority: f.sha256 for f in written}}))
    return written

