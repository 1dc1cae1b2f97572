"""Validation of a case-file dump before anything is written (docs/formato-json.md).

Everything is checked first: the format name and version, the shape and type of
every value, every record through domain validation, link targets, ids,
attachment bytes against their SHA-256 and the bitácora chain. The first problem
raises MalformedImport with a Spanish reason; nothing is written by this module.
"""

import base64
import binascii
import dataclasses
import hashlib
import types
import uuid

from npmdesk.domain import model, text, tracking
from npmdesk.domain.audit import first_broken
from npmdesk.domain.text import MAX_FIELD_CHARS, clean
from npmdesk.domain.validation import validate
from npmdesk.errors import InvalidRecord, MalformedImport
from npmdesk.i18n import _, ngettext
from npmdesk.services.drafting import spelling_words
from npmdesk.services.team import institution
from npmdesk.services.exchange import dump_review as transfer_review
from npmdesk.services.exchange import dump_upgrade
from npmdesk.storage import records

FORMAT = "npmdesk-expediente"
FORMAT_VERSION = "3"
# Older formats still read: services/exchange/dump_upgrade.py brings them to FORMAT_VERSION.
READABLE_VERSIONS = ("1", "2", "3")
TOP_KEYS = {"format", "format_version", "generator", "meta", "records", "review", "audit", "spelling_words"}
META_KEYS = ("case_id", "created_at", "owner_id", "schema_version")
# The institutional recovery public key, the case id the team's packages name
# (services/package_auth.TEAM_CASE_KEY), and the institution's names, when set.
OPTIONAL_META_KEYS = ("recovery_public", "team_case_id", *institution.META_KEYS)
# The institution's names are texts; the other keys are ids and codes (< 100).
META_LENGTH = dict.fromkeys(institution.META_KEYS, institution.MAX_LENGTH)
DATA_KEY = "data_base64"
# Id fields that may be empty: a history entry migrated from schema 1 names no author.
MAY_BE_EMPTY = {"actor_id"}
MAX_ATTACHMENT_BYTES = 200 * 1024 * 1024
MAX_NAMED_FIELDS = 10
"""Fields with characters that are not admitted named one by one; beyond this, how many more."""
_DEPTH = 6  # a record's field, a list, an object in it, its field: deeper is refused by type anyway


def _shown(text: str) -> str:
    """A value from the file made safe to show in a one-line message."""
    return " ".join(clean(text[:40]).split())


def fail(reason: str):
    raise MalformedImport(reason=reason)


def _where(kind: str, index: int) -> str:
    return _("{kind} n.º {number}").format(kind=kind, number=index + 1)


def _check_type(value, annotation, where: str, name: str) -> None:
    """`value` must match the dataclass annotation exactly (bools are not ints)."""
    if isinstance(annotation, types.UnionType):
        options = annotation.__args__
        if value is None and type(None) in options:
            return
        annotation = next(a for a in options if a is not type(None))
    origin = getattr(annotation, "__origin__", None)
    if origin is list:
        if not isinstance(value, list):
            fail(_("{where}: el campo «{field}» debe ser una lista").format(where=where, field=name))
        item_type = annotation.__args__[0]
        for item in value:
            if dataclasses.is_dataclass(item_type):
                _check_object(item, item_type, where, name)
            elif not isinstance(item, str):
                fail(_("{where}: el campo «{field}» debe contener solo textos").format(
                    where=where, field=name))
        return
    ok = {bool: lambda v: isinstance(v, bool),
          int: lambda v: isinstance(v, int) and not isinstance(v, bool),
          str: lambda v: isinstance(v, str)}[annotation](value)
    if not ok:
        fail(_("{where}: el campo «{field}» tiene un tipo de dato incorrecto").format(
            where=where, field=name))
    if isinstance(value, str) and len(value) > MAX_FIELD_CHARS:
        fail(_("{where}: el campo «{field}» es demasiado largo").format(where=where, field=name))


def _character(ch: str) -> str:
    code = f"U+{ord(ch):04X}"
    return {"surrogate": _("un sustituto UTF-16 suelto ({code})"),
            "noncharacter": _("el no-carácter {code}"),
            "bidi": _("el control de dirección del texto {code}, que puede disfrazar un nombre"),
            }.get(text.kind(ch), _("el carácter de control {code}")).format(code=code)


def _walk(value, found: list, where: str, field: str, fix: bool, depth: int = 0):
    """`value` with every text in NFC (when `fix`); each field holding a character that is not
    admitted goes into `found` as (where, field, characters)."""
    if isinstance(value, str):
        bad = text.hostile(value)
        if bad:
            found.append((where, field, bad))
        return text.normalised(value) if fix else value
    if depth >= _DEPTH:
        return value
    if isinstance(value, list):
        return [_walk(item, found, where, field, fix, depth + 1) for item in value]
    if isinstance(value, dict):
        return {key: _walk(item, found, where, field or key, fix, depth + 1) for key, item in value.items()}
    return value


def _check_texts(data: dict) -> None:
    """Every text of the dump read as it is meant: decomposed accents composed (NFC) and Windows
    line ends folded in the records and the review block (the bitácora is left as written: its
    chain is over those bytes); a character no field admits refused, naming every field that
    holds one and what it is."""
    found: list = []
    blocks = ((data.get("records"), _where, True),
              (data.get("review"), lambda table, i: _("{table} n.º {number}").format(table=table, number=i + 1), True))
    for block, where, fix in blocks:
        if not isinstance(block, dict):
            continue
        for kind, items in block.items():
            for i, item in enumerate(items if isinstance(items, list) else []):
                if isinstance(item, dict):
                    for key in list(item):
                        item[key] = _walk(item[key], found, where(kind, i), key, fix)
    entries = data.get("audit")
    for i, item in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(item, dict):
            for key, value in item.items():
                _walk(value, found, _where("audit", i), key, False)
    if not found:
        return
    named = [_("{where}: el campo «{field}» contiene {what}").format(
        where=where, field=_shown(field), what=", ".join(_character(ch) for ch in bad[:3]))
        for where, field, bad in found[:MAX_NAMED_FIELDS]]
    if len(found) > MAX_NAMED_FIELDS:
        more = len(found) - MAX_NAMED_FIELDS
        named.append(ngettext("y {count} campo más", "y {count} campos más", more).format(count=more))
    fail("; ".join(named))


def _check_object(data, cls, where: str, name: str = "", extra: set = frozenset(),
                  free_ids: frozenset = frozenset()) -> None:
    if not isinstance(data, dict):
        fail(_("{where}: se esperaba un objeto").format(where=where))
    fields = {f.name: f.type for f in dataclasses.fields(cls)}
    unknown = set(data) - set(fields) - set(extra)
    if unknown:
        fail(_("{where}: clave desconocida «{key}»").format(
            where=where, key=_shown(sorted(unknown)[0])))
    missing = set(fields) - set(data)
    if missing:
        fail(_("{where}: falta la clave «{key}»").format(where=where, key=sorted(missing)[0]))
    for field_name, annotation in fields.items():
        _check_type(data[field_name], annotation, where, field_name)
        if ((field_name == "id" or field_name.endswith("_id")) and field_name not in free_ids
                and isinstance(data[field_name], str)
                and (data[field_name] or field_name not in MAY_BE_EMPTY)):
            _check_uuid(data[field_name], where, field_name)
        if field_name.endswith("_ids"):
            for item in data[field_name]:
                _check_uuid(item, where, field_name)


def _check_uuid(value: str, where: str, name: str) -> None:
    try:
        ok = str(uuid.UUID(value)) == value
    except (ValueError, AttributeError, TypeError):
        ok = False
    if not ok:
        fail(_("{where}: «{field}» no es un identificador UUID válido").format(where=where, field=name))


def _decode(data: dict, where: str) -> bytes:
    encoded = data.get(DATA_KEY)
    if not isinstance(encoded, str) or len(encoded) > MAX_ATTACHMENT_BYTES * 4 // 3 + 4:
        fail(_("{where}: falta el contenido del adjunto o es demasiado grande").format(where=where))
    try:
        raw = base64.b64decode(encoded.encode("ascii"), validate=True)
    except (binascii.Error, ValueError, UnicodeEncodeError):
        fail(_("{where}: el contenido del adjunto no es base64 válido").format(where=where))
    if hashlib.sha256(raw).hexdigest() != data["sha256"] or len(raw) != data["size"]:
        fail(_("{where}: el contenido del adjunto no coincide con su huella SHA-256").format(where=where))
    return raw


def _build(spec, data: dict, where: str):
    values = {k: v for k, v in data.items() if k != DATA_KEY}
    record = records.from_dict(spec.cls, values)
    try:
        validate(record)
    except InvalidRecord as exc:
        fail(_("{where}: {reason}").format(where=where, reason=exc.fields.get("reason", "")))
    if spec.cls is model.Recommendation:  # the stored status is the history's, as every write keeps it
        record.status = tracking.current_status(record)
    return record


@dataclasses.dataclass
class Checked:
    meta: dict
    records: dict          # spec name -> list of records, in insertion order
    blobs: dict            # attachment id -> bytes
    review: dict           # table -> rows (services/exchange/dump_review.py)
    audit: list
    spelling_words: list   # the case file's own dictionary (services/drafting/spelling_words.py)


def _check_links(found: dict) -> None:
    ids = {name: {r.id for r in items} for name, items in found.items()}

    def need(value, kind: str, where: str, name: str) -> None:
        if value is not None and value not in ids[kind]:
            fail(_("{where}: «{field}» remite a un registro que no existe").format(where=where, field=name))

    for name, items in found.items():
        for i, r in enumerate(items):
            where = _where(name, i)
            for field_name in ("visit_id",):
                if hasattr(r, field_name):
                    need(getattr(r, field_name), "visit", where, field_name)
            if name == "visit":
                need(r.place_id, "place", where, "place_id")
                for member in r.team:
                    need(member.member_id, "team_member", where, "member_id")
            elif name == "finding":
                for field_name, kind in (("interview_ids", "interview"), ("note_ids", "field_note"),
                                         ("attachment_ids", "attachment")):
                    for target in getattr(r, field_name):
                        need(target, kind, where, field_name)
            elif name == "recommendation":
                for target in r.finding_ids:
                    need(target, "finding", where, "finding_ids")
                need(r.repeats_id, "recommendation", where, "repeats_id")
                need(r.place_id, "place", where, "place_id")
                if len({e.id for e in r.history}) != len(r.history):
                    fail(_("{where}: el historial de estado repite una entrada").format(where=where))
                for entry in r.history:
                    need(entry.visit_id, "visit", where, "history")
                    need(entry.response_id, "response", where, "history")
                    if entry.actor_id:
                        need(entry.actor_id, "team_member", where, "history")
            elif name == "response":
                need(r.attachment_id, "attachment", where, "attachment_id")
                for target in r.recommendation_ids:
                    need(target, "recommendation", where, "recommendation_ids")
                for item in r.commitments:
                    need(item.recommendation_id, "recommendation", where, "commitments")
            elif name == "letter":
                need(r.report_id, "report", where, "report_id")
                need(r.reply_attachment_id, "attachment", where, "reply_attachment_id")
                for target in r.recommendation_ids:
                    need(target, "recommendation", where, "recommendation_ids")
            elif name == "section":
                need(r.report_id, "report", where, "report_id")
                need(r.parent_id, "section", where, "parent_id")
                for target in r.author_ids:
                    need(target, "team_member", where, "author_ids")
            elif name == "revision":
                need(r.section_id, "section", where, "section_id")
                need(r.author_id, "team_member", where, "author_id")


def _parents_first(sections: list) -> list:
    """Sections ordered so each parent precedes its children; a cycle is refused."""
    by_id = {s.id: s for s in sections}
    ordered, placed = [], set()
    for section in sections:
        chain, current = [], section
        while current is not None and current.id not in placed:
            if current in chain:
                fail(_("las secciones forman un ciclo de dependencias"))
            chain.append(current)
            current = by_id.get(current.parent_id) if current.parent_id else None
        for item in reversed(chain):
            ordered.append(item)
            placed.add(item.id)
    return ordered


def check(data) -> Checked:
    """The dump `data` (parsed JSON) as records ready to insert, or MalformedImport."""
    if not isinstance(data, dict):
        fail(_("no es un volcado de expediente de npmdesk"))
    if data.get("format") != FORMAT:
        fail(_("no es un volcado de expediente de npmdesk"))
    if data.get("format_version") not in READABLE_VERSIONS:
        fail(_("versión de formato «{version}» no admitida; se admiten: {supported}").format(
            version=_shown(str(data.get("format_version"))), supported=", ".join(READABLE_VERSIONS)))
    data = dump_upgrade.upgrade(data)
    unknown = set(data) - TOP_KEYS
    if unknown:
        fail(_("clave desconocida «{key}»").format(key=_shown(sorted(unknown)[0])))
    meta = data.get("meta")
    if not isinstance(meta, dict) or not set(META_KEYS) <= set(meta) <= set(META_KEYS + OPTIONAL_META_KEYS) \
            or not all(isinstance(meta[k], str) and meta[k] and clean(meta[k]) == meta[k]
                       and len(meta[k]) <= META_LENGTH.get(k, 99) for k in meta):
        fail(_("el bloque «meta» está incompleto o es incorrecto"))
    public = meta.get("recovery_public")
    if public is not None and (len(public) != 64 or public.strip("0123456789abcdef")):
        fail(_("la clave de recuperación institucional del bloque «meta» no es válida"))
    _check_uuid(meta["case_id"], "meta", "case_id")
    _check_uuid(meta["owner_id"], "meta", "owner_id")
    raw_records = data.get("records")
    if not isinstance(raw_records, dict):
        fail(_("falta el bloque «records»"))
    _check_texts(data)
    unknown = set(raw_records) - set(records.BY_NAME)
    if unknown:
        fail(_("tipo de registro desconocido «{key}»").format(key=_shown(sorted(unknown)[0])))
    found, blobs = {}, {}
    for spec in records.SPECS:
        items = raw_records.get(spec.name)
        if not isinstance(items, list):
            fail(_("falta la lista de registros «{kind}»").format(kind=spec.name))
        built = []
        for i, item in enumerate(items):
            where = _where(spec.name, i)
            extra = {DATA_KEY} if spec.cls is model.Attachment else set()
            _check_object(item, spec.cls, where, extra=extra)
            if extra:
                blobs[item["id"]] = _decode(item, where)
            built.append(_build(spec, item, where))
        if len({r.id for r in built}) != len(built):
            fail(_("hay identificadores repetidos en «{kind}»").format(kind=spec.name))
        found[spec.name] = built
    if meta["owner_id"] not in {m.id for m in found["team_member"]}:
        fail(_("la persona titular del expediente no figura en el equipo"))
    _check_links(found)
    found["section"] = _parents_first(found["section"])
    review = transfer_review.check(data.get(transfer_review.REVIEW_KEY),
                                   {m.id for m in found["team_member"]}, {s.id for s in found["section"]}, fail)
    return Checked(meta=meta, records=found, blobs=blobs, review=review, audit=_check_audit(data.get("audit")),
                   spelling_words=_check_words(data.get("spelling_words", [])))


def _check_words(value) -> list[str]:
    try:
        return spelling_words.checked(value)
    except ValueError as exc:
        if isinstance(exc.args[0], int):
            fail(_("«spelling_words», entrada {n}: no es una palabra que el diccionario admita").format(
                n=exc.args[0] + 1))
        fail(_("«spelling_words» no es una lista de palabras de hasta {limit} entradas").format(
            limit=spelling_words.MAX_WORDS))


def _check_audit(entries) -> list:
    if not isinstance(entries, list) or not entries:
        fail(_("falta la bitácora"))
    audit = []
    for i, item in enumerate(entries):
        # Roster versions and anchors are logged by number, not by UUID.
        _check_object(item, model.AuditEntry, _where("audit", i), free_ids=frozenset({"entity_id"}))
        audit.append(model.AuditEntry(**item))
    broken = first_broken(audit)
    if broken:
        fail(_("la cadena de la bitácora está rota en la entrada {seq}").format(seq=broken[0]))
    return audit
