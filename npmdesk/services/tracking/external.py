"""Recommendations of other bodies (the SPT's to Panama, CAT/OP/PAN/1; the CAT's; others),
imported from CSV or JSON and tracked beside the MNPT's own (docs/importacion-recomendaciones.md).

Every row is checked before anything is written; one bad row refuses the whole file with one
Spanish sentence per bad row. A row already in the case file (same document and text) is
skipped, so importing the same list twice adds nothing.
"""

import csv
import io
import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import model, vocabulary as v
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, NpmdeskError
from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, records, search

MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 5000
COLUMNS = ("texto", "autoridad", "origen", "documento", "fecha", "nivel", "prioridad", "plazo",
           "area", "tipo_de_lugar", "grupos", "estado", "lugar")
REQUIRED = ("texto", "autoridad", "origen", "documento")
VOCABULARIES = {"origen": v.REC_SOURCES, "nivel": v.REC_LEVELS, "prioridad": v.REC_PRIORITIES,
                "area": v.THEMATIC_AREAS, "tipo_de_lugar": v.PLACE_KINDS, "estado": v.REC_STATUSES}


class ExternalImportRefused(NpmdeskError):
    template = N_("No se importó nada de «{name}»: {reason}")

    def __init__(self, *args, problems: list[str] | None = None, **fields):
        super().__init__(*args, **fields)
        self.problems = problems or []


@dataclass
class ImportSummary:
    added: list[model.Recommendation] = field(default_factory=list)
    skipped: int = 0   # rows already in the case file


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace(" ", "_")


def _code(vocab: dict, value: str) -> str | None:
    """A code given as itself or as its Spanish label, accents and case aside."""
    wanted = _fold(value)
    for code, label in vocab.items():
        if wanted in (_fold(code), _fold(label)):
            return code
    return None


def _rows(path: Path) -> tuple[list[dict], str]:
    """(the rows, with their keys folded like the column names; the file's SHA-256)."""
    if path.suffix.lower() not in (".csv", ".json"):
        raise ExternalImportRefused(name=path.name, reason=_("el archivo debe terminar en .csv o .json."))
    raw = _read(path)
    return [{_fold(str(k or "")): value for k, value in row.items()} for row in _parse(path, raw)], sha256_hex(raw)


def _read(path: Path) -> bytes:
    name = path.name
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ExternalImportRefused(name=name, reason=_("el archivo supera los 20 MB admitidos."))
        return path.read_bytes()
    except OSError as exc:
        raise ExternalImportRefused(type(exc).__name__, name=name,
                                    reason=_("no se puede leer el archivo.")) from exc


def _parse(path: Path, raw: bytes) -> list[dict]:
    name = path.name
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ExternalImportRefused(name=name, reason=_("el archivo no está en UTF-8.")) from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except (ValueError, RecursionError):
            raise ExternalImportRefused(name=name, reason=_("no es un archivo JSON válido.")) from None
        data = data.get("recomendaciones") if isinstance(data, dict) else data
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise ExternalImportRefused(name=name, reason=_(
                "el JSON debe ser una lista de objetos (o un objeto con la lista «recomendaciones»)."))
        return data
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    try:
        rows = list(reader)
    except csv.Error:
        raise ExternalImportRefused(name=name, reason=_("no es un archivo CSV válido.")) from None
    return rows


def _check_row(number: int, row: dict, places: dict) -> tuple[model.Recommendation | None, list[str]]:
    problems = []
    where = _("Fila {n}").format(n=number)
    unknown = sorted(k for k in row if k not in COLUMNS and k)
    if unknown:
        problems.append(_("{where}: columna desconocida «{name}».").format(where=where, name=str(unknown[0])[:40]))
    values = {}
    for key in COLUMNS:
        value = row.get(key)
        if isinstance(value, list) and key == "grupos":
            value = ",".join(str(item) for item in value)
        if value is not None and not isinstance(value, str):
            problems.append(_("{where}: «{name}» debe ser un texto.").format(where=where, name=key))
            value = ""
        values[key] = (value or "").strip()
    for key in REQUIRED:
        if not values[key]:
            problems.append(_("{where}: falta «{name}».").format(where=where, name=key))
    codes = {}
    for key, vocab in VOCABULARIES.items():
        if values[key]:
            codes[key] = _code(vocab, values[key])
            if codes[key] is None:
                problems.append(_("{where}: «{value}» no es un valor válido de «{name}».").format(
                    where=where, value=values[key][:40], name=key))
    if codes.get("origen") == "mnpt":
        problems.append(_("{where}: las recomendaciones del MNPT se registran desde su visita, no se "
                          "importan.").format(where=where))
    groups = [g for g in (part.strip() for part in values["grupos"].split(",")) if g]
    group_codes = [_code(v.VULNERABLE_GROUPS, g) for g in groups]
    for g, c in zip(groups, group_codes):
        if c is None:
            problems.append(_("{where}: «{value}» no es un grupo de población válido.").format(where=where, value=g[:40]))
    place = None
    if values["lugar"]:
        place = places.get(_fold(values["lugar"]))
        if place is None:
            problems.append(_("{where}: el lugar «{name}» no está en el expediente.").format(
                where=where, name=values["lugar"][:60]))
    if problems:
        return None, problems
    rec = model.Recommendation(
        visit_id=None, text=values["texto"], authority=values["autoridad"], source=codes["origen"],
        source_ref=values["documento"], issued_on=values["fecha"], level=codes.get("nivel") or "lugar",
        priority=codes.get("prioridad") or "media", deadline=values["plazo"], area=codes.get("area") or "",
        place_kind=codes.get("tipo_de_lugar") or (place.kind if place else ""),
        place_id=place.id if place else None, population_groups=[c for c in group_codes if c],
        status=codes.get("estado") or "pendiente")
    try:
        validate(rec)
    except InvalidRecord as exc:
        return None, [_("{where}: {reason}").format(where=where, reason=exc.fields.get("reason", ""))]
    return rec, []


def import_file(session: Session, path) -> ImportSummary:
    """Add the file's recommendations, each with a first history entry («importación») by the
    person working; ExternalImportRefused (with every row's problem) and nothing written."""
    path = Path(path)
    rows, sha256 = _rows(path)
    if not rows:
        raise ExternalImportRefused(name=path.name, reason=_("no contiene ninguna recomendación."))
    if len(rows) > MAX_ROWS:
        raise ExternalImportRefused(name=path.name, reason=_("tiene más de {count} filas.").format(count=MAX_ROWS))
    with session.case.lock:
        places = {_fold(p.name): p for p in records.select(session.case.conn, model.Place)}
        held = {(r.source_ref, r.text) for r in records.select(session.case.conn, model.Recommendation)}
    built, problems = [], []
    for number, row in enumerate(rows, start=2 if path.suffix.lower() == ".csv" else 1):
        rec, found = _check_row(number, row, places)
        problems += found
        if rec is not None:
            built.append(rec)
    if problems:
        raise ExternalImportRefused(name=path.name, reason=" ".join(problems[:3]) + (
            " " + _("(y {count} problema(s) más)").format(count=len(problems) - 3) if len(problems) > 3 else ""),
            problems=problems)
    summary = ImportSummary()
    reason = _("Importada de «{name}».").format(name=path.name)
    with session.case.transaction() as conn:
        spec = records.spec_of(model.Recommendation)
        for rec in built:
            if (rec.source_ref, rec.text) in held:
                summary.skipped += 1
                continue
            held.add((rec.source_ref, rec.text))
            rec.history = [model.StatusChange(
                date=rec.issued_on or model.now_utc()[:10], status=rec.status, reason=reason,
                basis="importacion", actor_id=session.actor.id, actor_name=session.actor.name)]
            records.save(conn, rec)
            search.index(conn, spec, rec)
            audit_log.append(conn, session.actor.id, session.actor.name, "crear", spec.name, rec.id,
                             digest(records.as_dict(rec)))
            summary.added.append(rec)
        audit_log.append(conn, session.actor.id, session.actor.name, "importar_recomendaciones", "case",
                         session.case.meta("case_id"), sha256)
    return summary
