"""The archive bundle (.zip): the exported files plus a signed manifest, checked offline.

`manifest.json` holds {"manifiesto": body, "firma": hex signature}. The body lists the
SHA-256 of every other file, the report's content hash, the signed approvals, the roster
chain (public keys only) and the bitácora anchor; it is signed (Ed25519, canonical JSON)
by the person who exported. `verify` needs nothing but the bundle and the codes of the
institutional roots the verifier trusts: the roster inside it is checked as a chain, every
signature against that roster (with the checks the case file uses: domain/approvals.py), and
the chain's root against those codes, never against a key the bundle brings along. A bundle
built from scratch with fresh keys holds together; only the root shows it is not the
institution's.
"""

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from npmdesk.crypto import keys as crypto_keys
from npmdesk.crypto.hashing import sha256_hex
from npmdesk.domain import approvals
from npmdesk.domain.roster import verify_chain, vouched
from npmdesk.errors import InvalidRoster
from npmdesk.export.safe_file import atomic_target
from npmdesk.i18n import _

MANIFEST = "manifest.json"
BUNDLE_FORMAT = "npmdesk-archivo/1"


def manifest_body(files: dict[str, bytes], **fields) -> dict:
    """The manifest to sign: the SHA-256 of every file plus what the caller adds."""
    return {"format": BUNDLE_FORMAT, "files": {name: sha256_hex(data) for name, data in files.items()},
            **fields}


def write(path, files: dict[str, bytes], body: dict, signature: str) -> Path:
    """Write the bundle atomically (temp file in the same folder, then replace)."""
    path = Path(path)
    manifest = json.dumps({"manifiesto": body, "firma": signature}, ensure_ascii=False, indent=2)
    with atomic_target(path, suffix=".zip") as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in files.items():
                archive.writestr(name, data)
            archive.writestr(MANIFEST, manifest.encode("utf-8"))
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


def _read(path) -> tuple[dict[str, bytes] | None, str]:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: archive.read(info) for info in archive.infolist()
                    if not info.is_dir()}, ""
    except FileNotFoundError:
        return None, _("No se encuentra el archivo «{name}».").format(name=Path(path).name)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, ValueError):
        return None, _("«{name}» no es un paquete de archivo legible (.zip dañado o de otro tipo).").format(
            name=Path(path).name)


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


def _check_approvals(verdict: Verdict, body: dict, rosters) -> bool:
    """Every approval in the manifest; True when the report itself has a valid approval."""
    report = body.get("report") or {}
    sections = {s.get("id"): s for s in body.get("sections") or [] if isinstance(s, dict)}
    report_ok = False
    for item in body.get("approvals") or []:
        statement, signature = item.get("statement") or {}, item.get("signature") or ""
        target = statement.get("target_id")
        is_report = statement.get("kind") == "report"
        title = report.get("title", "") if is_report else sections.get(target, {}).get("title", target)
        fields = {"title": title, "fingerprint": statement.get("signer", "?"),
                  "decision": statement.get("decision", "?"), "name": "?"}
        expected = (body.get("report_sha256") if is_report and target == report.get("id")
                    else sections.get(target, {}).get("body_sha256"))
        authors = frozenset(sections.get(target, {}).get("authors") or ()) if not is_report else frozenset()
        code, found = approvals.check_statement(rosters, statement, signature, expected, authors)
        if code is None and statement.get("decision") not in approvals.APPROVALS:
            code = "modified"  # only approvals belong in a bundle
        if found is not None:
            fields["name"] = found[1].get("name", "?")
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


def _check_anchor(verdict: Verdict, body: dict, rosters) -> None:
    anchor = body.get("anchor")
    if not isinstance(anchor, dict):
        verdict.bad(_("El manifiesto no contiene el ancla de la bitácora."))
        return
    code, found = approvals.check_anchor(rosters, anchor, body.get("case_id"))
    if code is not None:
        verdict.bad(_(approvals.ANCHOR_PROBLEMS[code]))
        return
    statement = anchor["statement"]
    verdict.good(_("Ancla de la bitácora: {count} entradas, hash {hash}, firmada por {name}.").format(
        count=statement.get("count"), hash=_short(str(statement.get("hash"))), name=found[1]["name"]))


def _check_root(verdict: Verdict, rosters, trusted: list[str], strict: bool) -> None:
    """Whether the chain's root is one the verifier trusts. `strict` (a code typed for this check):
    another root is a problem; otherwise (codes pinned on the machine, or none) it is only
    unconfirmed, and the caller says so with the code to compare."""
    newest = rosters[-1]
    verdict.root_name, verdict.root_code = newest.root_name, newest.root_code
    verdict.confirmed = any(vouched(rosters, code) for code in trusted)
    if verdict.confirmed:
        verdict.good(_("Raíz institucional confirmada: {name}, código {code}.").format(
            name=newest.root_name, code=newest.root_code))
    elif strict:
        verdict.bad(_("La nómina no parte de la raíz institucional del código indicado: dice venir de {name}, "
                      "código {code}. El paquete no es de su institución o fue fabricado.").format(
                          name=newest.root_name, code=newest.root_code))


def verify(path, trusted: list[str] | tuple = (), strict: bool = False) -> Verdict:
    """Check a bundle offline; each line of the verdict says what holds or what changed.

    `trusted`: codes of the institutional roots this check accepts (see _check_root).
    """
    verdict = Verdict()
    contents, problem = _read(path)
    if contents is None:
        verdict.bad(problem)
        return verdict
    body, signature, problem = _manifest(contents)
    if body is None:
        verdict.bad(problem)
        for name in sorted(set(contents) - {MANIFEST}):
            verdict.bad(_("«{name}» no se puede comprobar sin manifiesto.").format(name=name))
        return verdict
    _check_files(verdict, body, contents)
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
    _check_root(verdict, rosters, list(trusted), strict)
    signer = body.get("signer") or {}
    code, found = approvals.signer_of(rosters, {**body, "signer": signer.get("fingerprint"),
                                    "signer_id": signer.get("id"),
                                    "roster_version": signer.get("roster_version")}, "")
    if code == "unknown":
        verdict.bad(_("El manifiesto está firmado por una persona que no figura en la nómina (huella {fingerprint}).")
                    .format(fingerprint=signer.get("fingerprint", "?")))
    elif not crypto_keys.verify(found[1]["sign_public"], body, signature):
        verdict.bad(_("La firma del manifiesto no es válida: el manifiesto se modificó después de firmarse "
                      "o la firma no corresponde a {name}.").format(name=found[1]["name"]))
    else:
        verdict.good(_("Firma del manifiesto: válida, de {name} (huella {fingerprint}).").format(
            name=found[1]["name"], fingerprint=signer.get("fingerprint")))
    report_ok = _check_approvals(verdict, body, rosters)
    if body.get("draft"):
        verdict.good(_("El informe se archivó como BORRADOR (no aprobado)."))
    elif not report_ok:
        verdict.bad(_("El informe figura como aprobado pero el paquete no contiene una aprobación firmada "
                      "válida del informe."))
    _check_anchor(verdict, body, rosters)
    return verdict
