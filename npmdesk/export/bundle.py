"""The archive bundle: a BagIt bag (RFC 8493) in one .zip, checked offline (docs/formato-archivo.md).

`data/` holds the exported files, the approved content as canonical JSON (its SHA-256 is the
report's content hash), each section's text, the bitácora up to the signed anchor, and
`manifiesto.json` = {"manifiesto": body, "firma": hex signature}. The body lists the SHA-256 of
every other file in data/, the report's content hash, the signed approvals with their point in
the bitácora, the roster chain (public keys only) and the anchor; it is signed (Ed25519,
canonical JSON) by the person who exported. `verify` needs nothing but the bundle and the codes
of the institutional roots the verifier trusts: the bag is validated, the roster inside it is
checked as a chain, every signature against the roster in force where it was made (domain/
approvals.py), and the chain's root against those codes, never against a key the bundle brings.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import canonical_json, sha256_hex
from npmdesk.domain import approvals
from npmdesk.domain.roster import forked_repin, verify_chain, vouched
from npmdesk.errors import InvalidRoster
from npmdesk.export import bag, bundle_checks
from npmdesk.export.bundle_checks import CONTENT, LOG, section_file
from npmdesk.export.safe_file import atomic_target
from npmdesk.i18n import _

MANIFEST = "manifiesto.json"
BUNDLE_FORMAT = "npmdesk-archivo/2"


def payload(files: dict[str, bytes], content: dict, bodies: dict[str, str], entries: list[dict]) -> dict[str, bytes]:
    """The data/ files besides the manifest: `files` (the .docx, the PDF), the approved content,
    each section's text (`bodies`: id -> text) and the bitácora entries up to the anchor."""
    out = dict(files)
    out[CONTENT] = canonical_json(content)
    out.update({section_file(sid): text.encode("utf-8") for sid, text in bodies.items()})
    out[LOG] = canonical_json(entries)
    return out


def manifest_body(data: dict[str, bytes], **fields) -> dict:
    """The manifest to sign: the SHA-256 of every data/ file plus what the caller adds."""
    return {"format": BUNDLE_FORMAT, "files": {name: sha256_hex(content) for name, content in data.items()},
            "report_sha256": sha256_hex(data[CONTENT]), **fields}


def write(path, data: dict[str, bytes], body: dict, signature: str, info: dict[str, str]) -> Path:
    """Write the bag atomically (temp file in the same folder, then replace); its top folder is
    the file's name without .zip."""
    path = Path(path)
    manifest = json.dumps({"manifiesto": body, "firma": signature}, ensure_ascii=False, indent=2)
    with atomic_target(path, suffix=".zip") as handle:
        bag.write_zip(handle, path.stem, {**data, MANIFEST: manifest.encode("utf-8")}, info)
    return path


@dataclass
class Line:
    ok: bool
    text: str


@dataclass
class Verdict:
    lines: list[Line] = field(default_factory=list)
    root_name: str = ""
    root_code: str = ""     # the code of the root the bundle's roster names ("" when unreadable)
    confirmed: bool = False  # whether that root is one the verifier trusts

    @property
    def intact(self) -> bool:
        """Everything in the bundle holds together (files, signatures, roster chain). Says
        nothing of whose bundle it is: that is `confirmed`."""
        return bool(self.lines) and all(line.ok for line in self.lines)

    @property
    def valid(self) -> bool:
        return self.intact and self.confirmed

    def good(self, text: str) -> None:
        self.lines.append(Line(True, text))

    def bad(self, text: str) -> None:
        self.lines.append(Line(False, text))


def _short(digest_hex: str) -> str:
    return digest_hex[:16] + "…"


def _read(verdict: Verdict, path) -> bag.Bag | None:
    name = Path(path).name
    try:
        found = bag.read_zip(path)
    except bag.Unreadable as error:
        if bag.flat_manifest(path, "manifest.json"):
            verdict.bad(_("«{name}» es un paquete de archivo del formato anterior (npmdesk-archivo/1, sin bolsa "
                          "BagIt), que esta versión ya no comprueba: compruébelo con la versión de npmdesk que lo "
                          "creó o vuelva a archivar el informe desde el expediente.").format(name=name))
            return None
        verdict.bad(_("«{name}» no es un paquete de archivo legible: {reason}").format(name=name, reason=error.reason))
        return None
    for problem in found.problems:
        verdict.bad(problem)
    if not found.problems:
        verdict.good(_("Bolsa BagIt «{top}»: válida (manifiestos y Payload-Oxum).").format(top=found.top))
    return found


def _manifest(contents: dict[str, bytes]) -> tuple[dict | None, str, str]:
    if MANIFEST not in contents:
        return None, "", _("Falta {manifest}: el paquete no se puede verificar.").format(manifest=MANIFEST)
    try:
        data = json.loads(contents[MANIFEST].decode("utf-8"))
        body, signature = data["manifiesto"], data["firma"]
        if not isinstance(body, dict) or body.get("format") != BUNDLE_FORMAT or not isinstance(signature, str):
            raise ValueError("format")
        if not isinstance(body.get("files"), dict):
            raise ValueError("files")
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None, "", _("{manifest} no es legible o no tiene el formato de un manifiesto de npmdesk.").format(
            manifest=MANIFEST)
    return body, signature, ""


def _check_files(verdict: Verdict, body: dict, contents: dict[str, bytes]) -> None:
    listed = body["files"]
    for name in sorted(listed):
        if name not in contents:
            verdict.bad(_("Falta «{name}», que figura en el manifiesto.").format(name=name))
        elif sha256_hex(contents[name]) != listed[name]:
            verdict.bad(_("«{name}» fue modificado: su SHA-256 no coincide con el del manifiesto.").format(
                name=name))
        else:
            verdict.good(_("«{name}»: intacto (SHA-256 {digest}).").format(name=name,
                                                                          digest=_short(listed[name])))
    for name in sorted(set(contents) - set(listed) - {MANIFEST}):
        verdict.bad(_("«{name}» no figura en el manifiesto: es un archivo añadido.").format(name=name))


def _check_approvals(verdict: Verdict, body: dict, rosters, content: dict | None, log) -> bool:
    """Every approval in the manifest, against the archived content and the roster in force where
    it was made (`log`: (entries, adoptions), None when the bitácora did not check out); True when
    the report itself has a valid approval."""
    report = body.get("report") or {}
    sections = {s.get("id"): s for s in (content or {}).get("sections") or [] if isinstance(s, dict)}
    authors_of = body.get("authors") if isinstance(body.get("authors"), dict) else {}
    report_ok = False
    for item in body.get("approvals") or []:
        statement, signature = item.get("statement") or {}, item.get("signature") or ""
        target = statement.get("target_id")
        is_report = statement.get("kind") == "report"
        title = report.get("title", "") if is_report else sections.get(target, {}).get("title", target)
        fields = {"title": title, "fingerprint": statement.get("signer", "?"),
                  "decision": statement.get("decision", "?"), "name": "?"}
        expected = (body.get("report_sha256") if is_report and target == report.get("id") and content
                    else sections.get(target, {}).get("body_sha256"))
        authors = frozenset(authors_of.get(target) or ()) if not is_report else frozenset()
        code, found = approvals.check_statement(rosters, statement, signature, expected, authors)
        if code is None and statement.get("decision") not in approvals.APPROVALS:
            code = "modified"  # only approvals belong in a bundle
        if found is not None:
            fields["name"] = found[1].get("name", "?")
        if code is None and log is None:
            code = "audit"  # without a bitácora that holds, no point to check revocation at
        if code is None:
            standing, in_force = bundle_checks.standing(rosters, *log, item)
            if not standing:
                code = "revoked"
                fields.update(version=statement.get("roster_version"), in_force=in_force)
        if code is not None:
            verdict.bad(approvals.Problem(code, target or "", fields).message())
            continue
        if is_report:
            report_ok = True
            verdict.good(_("Aprobación del informe por {name}: válida para el contenido archivado.").format(
                name=fields["name"]))
        else:
            verdict.good(_("Aprobación de la sección «{title}» por {name}: válida.").format(**fields))
    return report_ok


def _check_anchor(verdict: Verdict, body: dict, rosters) -> bool:
    anchor = body.get("anchor")
    if not isinstance(anchor, dict):
        verdict.bad(_("El manifiesto no contiene el ancla de la bitácora."))
        return False
    code, found = approvals.check_anchor(rosters, anchor, body.get("case_id"))
    if code is not None:
        verdict.bad(_(approvals.ANCHOR_PROBLEMS[code]))
        return False
    statement = anchor["statement"]
    verdict.good(_("Ancla de la bitácora: {count} entradas, hash {hash}, firmada por {name}.").format(
        count=statement.get("count"), hash=_short(str(statement.get("hash"))), name=found[1]["name"]))
    return True


def _check_root(verdict: Verdict, rosters, trusted: list[str], strict: bool, repins=()) -> None:
    """Whether the chain's root is one the verifier trusts. `strict` (a code typed for this check):
    another root is a problem; otherwise (codes pinned on the machine, or none) it is only
    unconfirmed, and the caller says so with the code to compare. `repins`: the replacements of
    a lost root confirmed on this machine; a chain that holds something else at such a version
    (signed with the lost key after it was replaced) is a problem."""
    newest = rosters[-1]
    verdict.root_name, verdict.root_code = newest.root_name, newest.root_code
    forked = forked_repin(rosters, repins)
    if forked:
        verdict.bad(_("La versión {version} de la nómina no es la que sustituyó la raíz institucional en esta "
                      "computadora: la firmó la raíz sustituida, cuya clave se perdió, o es de otra institución.")
                    .format(version=forked))
        return
    verdict.confirmed = any(vouched(rosters, code, repins) for code in trusted)
    if verdict.confirmed:
        verdict.good(_("Raíz institucional confirmada: {name}, código {code}.").format(
            name=newest.root_name, code=newest.root_code))
    elif strict:
        verdict.bad(_("La nómina no parte de la raíz institucional del código indicado: dice venir de {name}, "
                      "código {code}. El paquete no es de su institución o fue fabricado.").format(
                          name=newest.root_name, code=newest.root_code))


def _check_signer(verdict: Verdict, body: dict, signature: str, rosters, log) -> None:
    """The manifest's signature, by a member of the roster it names who still stood in the roster
    in force at the anchor."""
    signer = body.get("signer") or {}
    claim = {"signer": signer.get("fingerprint"), "signer_id": signer.get("id"),
             "roster_version": signer.get("roster_version"), "decision": "archivar"}
    code, found = approvals.signer_of(rosters, {**body, **claim}, "")
    if code == "unknown":
        verdict.bad(_("El manifiesto está firmado por una persona que no figura en la nómina (huella {fingerprint}).")
                    .format(fingerprint=signer.get("fingerprint", "?")))
    elif not crypto_keys.verify(found[1]["sign_public"], body, signature):
        verdict.bad(_("La firma del manifiesto no es válida: el manifiesto se modificó después de firmarse "
                      "o la firma no corresponde a {name}.").format(name=found[1]["name"]))
    elif log is not None and not approvals.still_standing(
            rosters, claim, approvals.in_force(log[1], max(log[0], default=0))):
        verdict.bad(_("El manifiesto lo firmó {name}, que ya no figuraba así en la nómina vigente al archivar.")
                    .format(name=found[1]["name"]))
    else:
        verdict.good(_("Firma del manifiesto: válida, de {name} (huella {fingerprint}).").format(
            name=found[1]["name"], fingerprint=signer.get("fingerprint")))


def verify(path, trusted: list[str] | tuple = (), strict: bool = False, repins=()) -> Verdict:
    """Check a bundle offline; each line of the verdict says what holds or what changed.

    `trusted`: codes of the institutional roots this check accepts, `repins` the replacements of
    a lost root confirmed where it runs (see _check_root).
    """
    verdict = Verdict()
    found = _read(verdict, path)
    if found is None:
        return verdict
    contents = found.payload
    body, signature, problem = _manifest(contents)
    if body is None:
        verdict.bad(problem)
        for name in sorted(set(contents) - {MANIFEST}):
            verdict.bad(_("«{name}» no se puede comprobar sin manifiesto.").format(name=name))
        return verdict
    _check_files(verdict, body, contents)
    content = bundle_checks.content(verdict, contents, body)
    try:
        rosters = verify_chain(body.get("roster") or [])
        if not rosters:
            raise InvalidRoster("empty", reason=_("el manifiesto no contiene una nómina"))
    except InvalidRoster as error:
        verdict.bad(_("La nómina incluida no es válida ({reason}); no se pueden comprobar las firmas.")
                    .format(reason=error.fields.get("reason", "")))
        return verdict
    verdict.good(_("Nómina del equipo: {count} versión(es), encadenadas y firmadas por la dirección.")
                 .format(count=len(rosters)))
    _check_root(verdict, rosters, list(trusted), strict, repins)
    anchor_ok = _check_anchor(verdict, body, rosters)
    entries = bundle_checks.bitacora(verdict, contents, body["anchor"]) if anchor_ok else None
    adopted = bundle_checks.adoptions(verdict, entries, len(rosters)) if entries is not None else None
    log = (entries, adopted) if adopted is not None else None
    _check_signer(verdict, body, signature, rosters, log)
    report_ok = _check_approvals(verdict, body, rosters, content, log)
    if body.get("draft"):
        verdict.good(_("El informe se archivó como BORRADOR (no aprobado)."))
    elif not report_ok:
        verdict.bad(_("El informe figura como aprobado pero el paquete no contiene una aprobación firmada "
                      "válida del informe."))
    return verdict
