"""Taking in a package: authenticated (package_auth), opened (package_open), then merged in one go.

Sections merge by revision history: fast-forward when the package is ahead, nothing when
it is behind, and a stored conflict (services/exchange/conflicts.py) when both sides edited the
same section. Any refusal is PackageRefused with a Spanish reason, and nothing is written.
"""

import base64
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto.hashing import digest, sha256_hex
from npmdesk.domain import history, model
from npmdesk.domain.approvals import is_current, judged_under, signer_of, still_standing
from npmdesk.domain.roster import chain_changes, describe_change, verify_chain
from npmdesk.domain.validation import validate
from npmdesk.errors import NotFound, NpmdeskError, PackageRefused
from npmdesk.i18n import _
from npmdesk.services.exchange import history_merge, letter_merge, package_auth, package_open
from npmdesk.services.review import verification
from npmdesk.services.team import trust
from npmdesk.services.team import roster as rosters
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, blobs, package_store, records, review_store, schema, search

refused = package_auth.refused
ORDER = ("team_member", "place", "visit", "interview", "field_note", "attachment", "finding",
         "recommendation", "response", "report", "section", "letter")
# Fields that only the revision history and the signed decisions may change.
GUARDED = {"section": ("body", "state"), "report": ("state",), "interview": ("real_identity",)}
# What an author's delivery may add but never change: the skeleton the reviewers set up.
SKELETON = ("team_member", "place", "visit", "report", "section")


@dataclass
class Summary:
    kind: str
    sender: str
    created_at: str
    already: bool = False
    added: int = 0
    updated: int = 0
    forwarded: list[str] = field(default_factory=list)   # section titles brought up to date
    conflicts: list[str] = field(default_factory=list)   # section titles now in conflict
    signatures: int = 0
    observations: int = 0
    roster_version: int = 0
    roster_changes: list[str] = field(default_factory=list)  # what the new roster versions change
    sender_anchor: dict = field(default_factory=dict)  # the sender's signed bitácora anchor, kept here
    refused_signatures: list[str] = field(default_factory=list)  # signers no longer standing
    voided: list[str] = field(default_factory=list)      # "title (approver)" no longer covered
    absorbed: list[str] = field(default_factory=list)    # "title (resolver, count)" replaced here
    relayed: list[str] = field(default_factory=list)     # status changes by others than the sender
    vouched: dict = field(default_factory=dict)          # signature id -> roster version the sender vouched for

    def as_dict(self) -> dict:
        return dict(vars(self))


def summary_lines(summary: Summary) -> list[str]:
    """What an import changes (or changed), one sentence a line, for the CLI and the GUI."""
    if summary.already:
        return [_("Este paquete ya se había importado; no cambia nada.")]
    lines = [_("Registros nuevos: {count}").format(count=summary.added),
             _("Registros actualizados: {count}").format(count=summary.updated),
             _("Firmas recibidas: {count}").format(count=summary.signatures),
             _("Observaciones recibidas: {count}").format(count=summary.observations)]
    for title in summary.forwarded:
        lines.append(_("Sección actualizada: {title}").format(title=title))
    for title in summary.conflicts:
        lines.append(_("CONFLICTO en «{title}»: se conservan ambos textos; resuélvalo en la aplicación.")
                     .format(title=title))
    for name in summary.refused_signatures:
        lines.append(_("Firma no aceptada: {name} ya no tiene ese rol o esa clave en la nómina vigente.")
                     .format(name=name))
    for item in summary.voided:
        lines.append(_("Aprobación anulada porque el texto cambió: {item}").format(item=item))
    for item in summary.absorbed:
        lines.append(_("Revisiones locales sustituidas por un conflicto resuelto y firmado: {item}")
                     .format(item=item))
    for item in summary.relayed:
        lines.append(_("Cambio de estado registrado por otra persona y traído por quien envía: {item}")
                     .format(item=item))
    if summary.vouched:
        lines.append(_("Firmas que {sender} ya tenía cuando regía una versión anterior de la nómina, juzgadas con "
                       "esa versión: {count}").format(sender=summary.sender, count=len(summary.vouched)))
    if summary.roster_version:
        lines.append(_("Nómina vigente: versión {version}").format(version=summary.roster_version))
    lines += ["  " + line for line in summary.roster_changes]
    return lines


class _DryRun(Exception):
    pass


def import_package(session: Session, path, apply: bool = True, director_code: str | None = None) -> Summary:
    """Check and merge a package; with apply=False the summary is computed and nothing is kept.

    `director_code` is the root's code as a person typed it, needed for the first roster only.
    """
    opened = package_open.open_package(session, package_auth.read(path), director_code)
    h, payload = opened.header, opened.payload
    summary = Summary(h["kind"], opened.sender_name, h["created_at"])
    if isinstance(payload.get("anchor"), dict):
        summary.sender_anchor = payload["anchor"]
    with session.case.lock:
        conn = session.case.conn
        if package_store.imported(conn, h["package_id"]):
            summary.already = True
            return summary
        newest = package_store.newest_import(conn, h["sender_id"], h["kind"], h["scope"])
    if newest is not None and newest > h["created_at"]:
        raise refused(_("es anterior a otro paquete de la misma persona ya importado"))
    if h["kind"] == "expediente":
        raise refused(_("un expediente completo se importa como expediente nuevo "
                        "(npmdesk package import-case)"))
    try:
        with session.case.transaction() as conn:
            if h["kind"] == "nomina":
                _merge_roster(conn, session.actor, h, opened.chain, summary)
                if opened.first_root and apply:
                    trust.pin(session, opened.first_root, conn)
            else:
                _merge_report(conn, session, h, payload, summary)
            package_store.record_import(conn, h["package_id"], h["kind"], h["sender_id"], h["scope"],
                                        h["created_at"], summary.as_dict())
            audit_log.append(conn, session.actor.id, session.actor.name, "importar_paquete", "package",
                             h["package_id"], digest({"kind": h["kind"], "sender": h["sender_id"],
                                                      "summary": summary.as_dict()}))
            if not apply:
                raise _DryRun()
    except _DryRun:
        pass
    except PackageRefused:
        raise
    except (NpmdeskError, KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        raise refused(_("su contenido no es válido"), type(exc).__name__) from exc
    except Exception as exc:  # a constraint of the case file (e.g. a missing linked record)
        raise refused(_("sus datos no son coherentes con este expediente"), type(exc).__name__) from exc
    return summary


def _merge_roster(conn, actor, h: dict, chain: list, summary: Summary) -> None:
    mine = review_store.rosters(conn)
    if not mine:  # this laptop joins the team: its packages name the team's case from now on
        schema.set_meta(conn, package_auth.TEAM_CASE_KEY, h["case_id"])
    if len(chain) < len(mine):
        raise refused(_("es anterior a la nómina que ya tiene este expediente"))
    for index, link in enumerate(mine):
        if digest(chain[index]["body"]) != digest(link["body"]):
            raise refused(_("no continúa la nómina de este expediente"))
    for link in chain[len(mine):]:
        body = link["body"]
        review_store.add_roster(conn, body["version"], body, link["signer"], link["signature"])
        # Where each version came into force here: statements are judged by it (revocation).
        audit_log.append(conn, actor.id, actor.name, "importar_nomina", "roster", str(body["version"]),
                         digest(body))
        for member_id, entry in body["members"].items():
            member = model.TeamMember(name=entry["name"], discipline=entry["discipline"],
                                      role=entry["role"], id=member_id)
            validate(member)
            if not records.exists(conn, model.TeamMember, member_id):
                records.save(conn, member)
                summary.added += 1
            review_store.save_public_keys(conn, review_store.MemberKeys(
                member_id, entry["sign_public"], entry["box_public"], entry["fingerprint"]))
    summary.roster_version = len(chain)
    summary.roster_changes = [describe_change(c) for c in chain_changes(verify_chain(chain), len(mine))]


def _upsert(conn, name: str, data: dict, summary: Summary, may_update: bool = True,
            h: dict | None = None) -> None:
    spec = records.BY_NAME[name]
    if name == "recommendation" and isinstance(data, dict) and "follow_ups" in data:
        data = history_merge.from_older(conn, data)
    record = records.from_dict(spec.cls, data)
    validate(record)
    if name == "recommendation":
        summary.relayed += history_merge.merge_into(conn, record, h["sender_id"])
    if name == "letter":
        _store_letter(conn, spec, record, summary)
        return
    if not records.exists(conn, spec.cls, record.id):
        records.save(conn, record)
        search.index(conn, spec, record)
        summary.added += 1
        return
    local = records.get(conn, spec.cls, record.id)
    for guarded in GUARDED.get(name, ()):
        setattr(record, guarded, getattr(local, guarded))
    if not may_update and name == "recommendation" and local.history != record.history:
        local.history, local.status = record.history, record.status  # a history only grows
        record = local
    elif not may_update or name == "team_member" or records.as_dict(local) == records.as_dict(record):
        return
    records.save(conn, record)
    search.index(conn, spec, record)
    summary.updated += 1


def _store_letter(conn, spec, incoming: model.Letter, summary: Summary) -> None:
    """A letter merged as services/exchange/letter_merge.py says (refused when altered)."""
    new = not records.exists(conn, model.Letter, incoming.id)
    record = letter_merge.merged(conn, incoming)
    if record is None:
        return
    records.save(conn, record)
    search.index(conn, spec, record)
    if new:
        summary.added += 1
    else:
        summary.updated += 1


def _merge_report(conn, session: Session, h: dict, payload: dict, summary: Summary) -> None:
    rows = payload["records"]
    context = payload.get("context") if isinstance(payload.get("context"), dict) else {}
    roster_chain = verify_chain(review_store.rosters(conn))
    for name in ORDER:
        items = rows.get(name, [])
        if name == "section":  # parents before their subsections
            items = sorted(items, key=lambda d: (d.get("parent_id") is not None, d.get("position", 0)))
        for data in items:
            _upsert(conn, name, data, summary, not (h["kind"] == "entrega" and name in SKELETON)
                    and data.get("id") not in context.get(name, ()), h)
    for attachment_id, text in payload["blobs"].items():
        data = base64.b64decode(text, validate=True)
        attachment = records.get(conn, model.Attachment, attachment_id)
        if sha256_hex(data) != attachment.sha256:
            raise refused(_("un adjunto no corresponde a su huella"))
        try:
            blobs.get(conn, attachment_id)
        except NotFound:
            blobs.put(conn, attachment_id, data)
    absorbed = _signed_absorptions(h, payload, roster_chain)
    before = _live_approvals(conn)
    if h["kind"] == "entrega":
        for section_id in payload["revisions"]:
            if h["sender_id"] not in records.get(conn, model.Section, section_id).author_ids:
                raise refused(_("trae texto de una sección que no tiene asignada quien lo envía"))
    for section_id, revs in payload["revisions"].items():
        _merge_history(conn, h, section_id, revs, absorbed.get(section_id, {}), summary)
    refused_ids = _merge_signatures(conn, h, payload["signatures"], roster_chain, summary)
    after = {row.id for row in verification.live_approvals(conn)}
    summary.voided = [label for row_id, label in before.items() if row_id not in after]
    known = package_store.observation_ids(conn)
    for row in payload["observations"]:
        if row["signature_id"] in refused_ids:
            continue
        if row["id"] in known:
            if row["resolved"]:
                review_store.resolve_observation(conn, row["id"])
            continue
        review_store.add_observation(conn, review_store.ObservationRow(**row))
        summary.observations += 1
    _settle_states(conn, payload, summary)


def _merge_history(conn, h, section_id: str, revs: list, absorbed: dict, summary: Summary) -> None:
    """`absorbed`: local revision id -> who resolved the conflict that took it in (signed)."""
    section = records.get(conn, model.Section, section_id)
    incoming = [records.from_dict(model.Revision, r) for r in revs]
    for rev in incoming:
        if rev.section_id != section_id or sha256_hex(rev.body.encode("utf-8")) != rev.body_sha256:
            raise refused(_("una revisión no corresponde a su huella"))
    local = records.select(conn, model.Revision, {"section_id": section_id}, "number")
    relation = history.compare([r.id for r in local], [r.id for r in incoming])
    if relation == history.DIVERGED and history.absorbs(local, incoming, absorbed):
        # The sender resolved this very conflict: the local tail is already part of the package.
        common = history.common_prefix([r.id for r in local], [r.id for r in incoming])
        for rev in local[common:]:
            records.delete(conn, model.Revision, rev.id)
        summary.absorbed.append(_("«{title}» ({name}, {count})").format(
            title=section.title, name=", ".join(sorted({absorbed[r.id] for r in local[common:]})),
            count=len(local) - common))
        local = local[:common]
        relation = history.AHEAD
    if relation == history.AHEAD:
        for rev in incoming[len(local):]:
            records.save(conn, rev)
        section.body = incoming[-1].body
        validate(section)
        records.save(conn, section)
        search.index(conn, records.spec_of(section), section)
        summary.forwarded.append(section.title)
    elif relation == history.DIVERGED:
        open_ids = {c.id for c in package_store.conflicts(conn)
                    if c.section_id == section_id and c.incoming_revisions
                    and c.incoming_revisions[-1]["id"] == incoming[-1].id}
        if not open_ids:
            package_store.add_conflict(conn, package_store.Conflict(
                model.new_id(), section_id, h["package_id"], h["sender_id"], incoming[-1].body, revs,
                local[-1].number if local else 0, model.now_utc(), None, None))
        summary.conflicts.append(section.title)


def _standing(roster_chain, row: dict, sender_id: str) -> tuple[bool, tuple | None, int]:
    """(whether a received statement counts here, its signer, the roster version it is judged
    under); refuses a forged one.

    It is judged under the roster in force here now, the point of this bitácora where it
    enters, or under the earlier version the sender vouches for (approvals.judged_under) when
    the sender (authenticated, standing in the roster here) is not its signer: a signer's word
    on when she signed proves nothing. A `void` flag in the package is never read.
    """
    body = row["statement"]
    code, found = signer_of(roster_chain, body, row["signature"])
    if code is not None or body.get("target_id") != row["target_id"] or body.get("decision") != row["decision"] \
            or body.get("kind") != row["kind"] or body.get("signer") != row["signer_fingerprint"]:
        raise refused(_("contiene una firma que no se puede verificar con la nómina"))
    here = roster_chain[-1].version if roster_chain else 0
    version = judged_under(here, row.get("in_force") if body.get("signer_id") != sender_id else None)
    return still_standing(roster_chain, body, version), found, version


def _signed_absorptions(h: dict, payload: dict, roster_chain) -> dict[str, dict[str, str]]:
    """Section id -> {local revision id: resolver's name}, from signed conflict resolutions only.

    An unsigned `absorbed` list in a package is ignored: only a statement by someone standing
    in the roster, covering a text the package's history of that section reaches, lets local
    revisions be replaced.
    """
    out: dict[str, dict[str, str]] = {}
    for row in payload["signatures"]:
        if row["decision"] != "absorber":
            continue
        counts, found, _version = _standing(roster_chain, row, h["sender_id"])
        body, ids = row["statement"], row["statement"].get("absorbed")
        reached = {r.get("body_sha256") for r in payload["revisions"].get(row["target_id"], [])}
        if counts and row["kind"] == "section" and isinstance(ids, list) and body.get("content_sha256") in reached:
            out.setdefault(row["target_id"], {}).update(
                {i: found[1]["name"] for i in ids if isinstance(i, str)})
    return out


def _live_approvals(conn) -> dict[str, str]:
    """Approval id -> "«title» (approver)" for the approvals that still cover their content."""
    titles = {s.id: s.title for s in records.select(conn, model.Section)}
    titles.update({r.id: r.title for r in records.select(conn, model.Report)})
    names = {e["fingerprint"]: e["name"] for link in review_store.rosters(conn)
             for e in link["body"]["members"].values()}
    return {row.id: _("«{title}» (aprobada por {name})").format(
                title=titles.get(row.target_id, row.target_id), name=names.get(row.signer_fingerprint, "?"))
            for row in verification.live_approvals(conn)}


def _merge_signatures(conn, h, rows: list, roster_chain, summary: Summary) -> set[str]:
    """Take in the statements that count here; returns the ids of those that do not."""
    known = package_store.signature_ids(conn)
    refused_ids = set()
    for row in rows:
        if row["id"] in known:
            continue
        counts, found, version = _standing(roster_chain, row, h["sender_id"])
        if not counts:
            refused_ids.add(row["id"])
            summary.refused_signatures.append(found[1]["name"])
            continue
        if version < roster_chain[-1].version:
            summary.vouched[row["id"]] = version
        package_store.insert_signature(conn, dict(row, void=False), h["package_id"])
        summary.signatures += 1
    return refused_ids


def _settle_states(conn, payload: dict, summary: Summary) -> None:
    """Section and report states follow from the merged signed decisions and edits."""
    report = records.get(conn, model.Report, payload["report_id"])
    in_conflict = {c.section_id for c in package_store.conflicts(conn)}
    for section in records.select(conn, model.Section, {"report_id": report.id}):
        if section.id in in_conflict:
            continue
        body_sha256 = verification.section_sha256(section)
        signed = [dict(s.statement, void=s.void or not is_current(s.statement, body_sha256))
                  for s in review_store.signatures(conn, section.id) if s.kind == "section"]
        revs = records.select(conn, model.Revision, {"section_id": section.id}, "number DESC")
        state = history.section_state(signed, revs[0].created_at if revs else "", section.state)
        if state != section.state:
            section.state = state
            records.save(conn, section)
    sections = records.select(conn, model.Section, {"report_id": report.id})
    if verification.live_approvals(conn, {report.id}) and report.state in ("en_redaccion", "en_revision"):
        report.state = "aprobado"
    elif report.state == "en_redaccion" and any(s.state != "borrador" for s in sections):
        report.state = "en_revision"
    records.save(conn, report)


@dataclass
class Incoming:
    path: Path
    kind: str
    sender: str
    created_at: str


def inbox(session: Session, folder) -> list[Incoming]:
    """Packages in an exchange folder addressed to this case file's owner and not yet imported.

    Only headers are read; files that are not packages, or are for someone else, are skipped.
    """
    found = []
    current = rosters.current(session)
    for path in sorted(Path(folder).glob("*.npmpaq")):
        try:
            h = package_auth.header_of(package_auth.read(path))
        except PackageRefused:
            continue
        if not package_auth.addressed_to(h, session.actor.id):
            continue
        with session.case.lock:
            if package_store.imported(session.case.conn, h["package_id"]):
                continue
        found.append(Incoming(path, h["kind"], package_auth.sender_name(current, h), h["created_at"]))
    return sorted(found, key=lambda item: item.created_at)
