"""What the bundle verifier checks beyond its files: the archived content against the report's
hash, the bitácora slice against the signed anchor, and each approval under the roster in force
at the point of that bitácora where it was made (revocation).

The bitácora slice is entries 1..N, N being the count the signed anchor certifies; the chain is
walked entry by entry (domain/audit.py), so dropping, reordering or rewriting an entry shows.
The point of an approval made in this case file is the head its statement names, bound by the
`firma_<decision>` entry that follows it and carries the statement's SHA-256; one received in
a package is the `importar_paquete` entry the exporter names (and is judged under the earlier
roster version its bearer vouched for, when the exporter records one: domain/approvals.judged_under);
any other counts as made at the newest entry (strictest), as the case file's own check does
(services/review/verification.py).
"""

import json
import re

from npmdesk.crypto.hashing import canonical_json, digest, sha256_hex
from npmdesk.domain import approvals
from npmdesk.domain.audit import HASHED_FIELDS, first_broken
from npmdesk.domain.model import AuditEntry
from npmdesk.i18n import _

CONTENT = "contenido-aprobado.json"
LOG = "bitacora.json"
SECTIONS = "secciones"
ADOPTIONS = ("firmar_nomina", "importar_nomina")


SAFE_ID = re.compile(r"[0-9A-Za-z-]{1,64}")


def section_file(section_id: str) -> str:
    """The section's text file: named by its id (a UUID), or by the id's SHA-256 when the id is
    not a plain name (an id from elsewhere must not make a path)."""
    name = section_id if SAFE_ID.fullmatch(section_id) else "id-" + sha256_hex(section_id.encode("utf-8"))[:32]
    return f"{SECTIONS}/{name}.html"


def content(verdict, payload: dict[str, bytes], body: dict) -> dict | None:
    """The archived approved content, when it is canonical JSON and hashes to the manifest's
    report hash; each section's text file must hash to the SHA-256 the content gives it."""
    raw = payload.get(CONTENT)
    try:
        parsed = json.loads(raw.decode("utf-8")) if raw is not None else None
        if not isinstance(parsed, dict) or not isinstance(parsed.get("sections"), list):
            raise ValueError("shape")
        if canonical_json(parsed) != raw:
            raise ValueError("not canonical")
    except (UnicodeDecodeError, ValueError, TypeError):
        verdict.bad(_("«{name}» falta o no es JSON canónico: no se puede recalcular el hash del informe.").format(
            name=CONTENT))
        return None
    if sha256_hex(raw) != body.get("report_sha256"):
        verdict.bad(_("El contenido archivado no tiene el hash del informe que declara el manifiesto."))
        return None
    verdict.good(_("Contenido aprobado: recalculado desde «{name}», hash {hash}.").format(
        name=CONTENT, hash=sha256_hex(raw)[:16] + "…"))
    for section in parsed["sections"]:
        text = payload.get(section_file(str(section.get("id"))))
        if text is None or sha256_hex(text) != section.get("body_sha256"):
            verdict.bad(_("El texto archivado de la sección «{title}» no es el que registra el contenido.").format(
                title=section.get("title", "?")))
    return parsed


def bitacora(verdict, payload: dict[str, bytes], anchor: dict) -> dict[int, AuditEntry] | None:
    """The archived bitácora entries by seq, when they chain up to the anchor's count and hash."""
    statement = anchor.get("statement") or {}
    try:
        rows = json.loads(payload[LOG].decode("utf-8"))
        entries = [AuditEntry(**{name: row[name] for name in (*HASHED_FIELDS, "hash")}) for row in rows]
    except (KeyError, UnicodeDecodeError, ValueError, TypeError):
        verdict.bad(_("«{name}» falta o no es legible: no se puede comprobar en qué punto se hizo cada firma.")
                    .format(name=LOG))
        return None
    broken = first_broken(entries)
    if broken is not None or len(entries) != statement.get("count") or \
            (entries and entries[-1].hash != statement.get("hash")):
        verdict.bad(_("La bitácora archivada no es la que certifica el ancla firmada: se eliminaron, "
                      "reordenaron o reescribieron entradas (entrada {seq}).").format(
                          seq=broken[0] if broken else len(entries)))
        return None
    verdict.good(_("Bitácora archivada: {count} entradas encadenadas hasta el ancla.").format(count=len(entries)))
    return {entry.seq: entry for entry in entries}


def adoptions(verdict, entries: dict[int, AuditEntry], versions: int) -> dict[int, int] | None:
    """Roster version -> the entry where the case file took it in (0 when it has none: strictest)."""
    found: dict[int, int] = {}
    for entry in entries.values():
        if entry.entity == "roster" and entry.action in ADOPTIONS and str(entry.entity_id).isdigit():
            found.setdefault(int(entry.entity_id), entry.seq)
    missing = sorted(v for v in found if v > versions)
    if missing:
        verdict.bad(_("La bitácora registra la versión {version} de la nómina, que el paquete no incluye.").format(
            version=missing[0]))
        return None
    return {version: found.get(version, 0) for version in range(1, versions + 1)}


def point(entries: dict[int, AuditEntry], statement: dict, claimed) -> int:
    """The bitácora entry where an approval was made (see the module's docstring)."""
    newest = max(entries, default=0)
    if not isinstance(claimed, int) or claimed not in entries and claimed != 0:
        return newest
    head = statement.get("audit_head") or {}
    follows = entries.get(claimed + 1)
    if head.get("seq") == claimed and follows is not None \
            and follows.action == f"firma_{statement.get('decision')}" \
            and follows.payload_sha256 == digest(statement) \
            and (claimed == 0 or entries[claimed].hash == head.get("hash")):
        return claimed
    here = entries.get(claimed)
    if here is not None and here.action == "importar_paquete" and here.entity == "package":
        return claimed
    return newest


def standing(rosters, entries, adopted: dict[int, int], item: dict) -> tuple[bool, int]:
    """(whether the approval's signer could still make it there, the roster version it is judged
    under: in force at that point, or for one received in a package the earlier version its
    bearer vouched for on import, `vouched`, as the case file's own check judges it)."""
    statement = item.get("statement") or {}
    seq = point(entries, statement, item.get("bitacora_seq"))
    here = entries.get(seq)
    received = here is not None and here.action == "importar_paquete" and here.entity == "package"
    version = approvals.judged_under(approvals.in_force(adopted, seq), item.get("vouched") if received else None)
    return approvals.still_standing(rosters, statement, version), version
