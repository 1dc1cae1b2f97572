"""Comprobación independiente de un paquete de archivo de npmdesk (docs/formato-archivo.md).

Solo usa la biblioteca estándar de Python y `cryptography`; no necesita npmdesk. Uso:

    python3 -m zipfile -e MNPT-2025-014-archivo.zip destino/
    python3 verificar_archivo.py destino/MNPT-2025-014-archivo --director "12345 67890 …"

Termina con 0 si todo se comprueba y la raíz es la del código dado, 3 si todo se comprueba pero
no se dio código (muestra el de la raíz para compararlo) y 1 si algo falla (dice qué).
"""

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

GENESIS = "0" * 64
REVIEWERS = {"revisor", "director"}
APPROVALS = {"aprobar", "aprobar_informe"}
LOG_FIELDS = ("seq", "ts", "actor_id", "actor_name", "action", "entity", "entity_id", "payload_sha256", "prev_hash")


class Falla(Exception):
    pass


def canonical(value) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def signed(public_hex: str, value, signature_hex: str) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(bytes.fromhex(public_hex)).verify(bytes.fromhex(signature_hex),
                                                                             canonical(value))
        return True
    except (InvalidSignature, ValueError, TypeError):
        return False


def fingerprint(entry: dict) -> str:
    raw = sha256(b"npmdesk-huella/2\x00" + bytes.fromhex(entry["sign_public"]) + bytes.fromhex(entry["box_public"]))
    return " ".join(raw[i:i + 4] for i in range(0, 32, 4))


def code(entry: dict) -> str:
    raw = hashlib.sha512(b"npmdesk-codigo-direccion/1\x00" + bytes.fromhex(entry["sign_public"])
                         + bytes.fromhex(entry["box_public"])).digest()
    return " ".join(f"{int.from_bytes(raw[i * 5:i * 5 + 5], 'big') % 100000:05d}" for i in range(12))


def by_fingerprint(members: dict, wanted: str):
    return next(((mid, e) for mid, e in members.items() if e["fingerprint"] == wanted), (None, None))


def rosters(chain: list) -> tuple[list[dict], dict[str, int], list[int]]:
    """Cada versión firmada por una directora de la anterior, encadenada por hash; cada código de raíz
    con la última versión en que es raíz. Una versión que sustituye una raíz cuya clave se perdió
    («repin») la firma la raíz nueva, que figura en ella como directora, y ya no lleva la clave perdida:
    solo la avala un código de raíz de esa versión o de una posterior."""
    verified, previous, root, codes, repins = [], GENESIS, None, {}, []
    for number, link in enumerate(chain, start=1):
        body = link["body"]
        if body["version"] != number or body["previous"] != previous:
            raise Falla(f"la versión {number} de la nómina no sigue a la anterior")
        members = body["members"]
        if any(fingerprint(e) != e["fingerprint"] for e in members.values()):
            raise Falla(f"la versión {number} de la nómina tiene claves que no son las de su huella")
        repin = body.get("repin") if number > 1 else None
        authority = members if number == 1 or repin is not None else verified[-1]
        _, signer = by_fingerprint(authority, link["signer"])
        if signer is None or signer["role"] != "director" or not signed(signer["sign_public"], body, link["signature"]):
            raise Falla(f"la versión {number} de la nómina no está firmada por la dirección")
        change = body.get("root") if number > 1 else None
        if number == 1:
            root = link["signer"]
        elif repin is not None:
            if not isinstance(repin, dict) or repin.get("replaces") != root or repin.get("root") != link["signer"] \
                    or by_fingerprint(members, root)[1] is not None:
                raise Falla(f"la versión {number} sustituye la raíz sin ser de la raíz nueva o conserva la clave perdida")
            root = link["signer"]
            repins.append(number)
        elif isinstance(change, dict) and change.get("fingerprint") != root:
            _, new = by_fingerprint(members, change.get("fingerprint", ""))
            accepted = {"type": "npmdesk-aceptacion-raiz/1", "version": number, "previous": previous,
                        "root": change.get("fingerprint")}
            if link["signer"] != root or new is None or not signed(new["sign_public"], accepted, change["acceptance"]):
                raise Falla(f"la versión {number} cambia la raíz sin las firmas de ambas raíces")
            root = change["fingerprint"]
        _, root_entry = by_fingerprint(members, root)
        if root_entry is None or root_entry["role"] != "director":
            raise Falla(f"en la versión {number} la raíz ya no es directora o director")
        codes[code(root_entry)] = number
        verified.append(members)
        previous = sha256(canonical(body))
    return verified, codes, repins


def signer(chain: list[dict], statement: dict, signature: str) -> dict:
    version = statement.get("roster_version")
    if not isinstance(version, int) or not 1 <= version <= len(chain):
        raise Falla("una firma cita una versión de la nómina que no existe")
    entry = chain[version - 1].get(statement.get("signer_id"))
    if entry is None or entry["fingerprint"] != statement.get("signer") or not signed(entry["sign_public"], statement, signature):
        raise Falla(f"firma no válida o de alguien ajeno a la nómina ({statement.get('signer')})")
    return entry


def bitacora(rows: list, anchor: dict) -> dict[int, dict]:
    previous = GENESIS
    for seq, row in enumerate(rows, start=1):
        if row["seq"] != seq or row["prev_hash"] != previous or sha256(canonical({k: row[k] for k in LOG_FIELDS})) != row["hash"]:
            raise Falla(f"la bitácora se rompe en la entrada {seq}")
        previous = row["hash"]
    if len(rows) != anchor["count"] or previous != anchor["hash"]:
        raise Falla("la bitácora no termina donde dice el ancla firmada")
    return {row["seq"]: row for row in rows}


def in_force(entries: dict, versions: int, point: int) -> int:
    """La versión de la nómina vigente en la entrada `point`: la más nueva adoptada hasta ella."""
    adopted = {}
    for row in entries.values():
        if row["entity"] == "roster" and row["action"] in ("firmar_nomina", "importar_nomina") and row["entity_id"].isdigit():
            adopted.setdefault(int(row["entity_id"]), row["seq"])
    if any(v > versions for v in adopted):
        raise Falla("la bitácora registra una versión de la nómina que el paquete no trae")
    return max((v for v in range(1, versions + 1) if adopted.get(v, 0) <= point), default=0)


def point(entries: dict, item: dict) -> int:
    """Dónde se hizo la firma: la cabeza que cita, si la entrada siguiente la registra con su hash."""
    statement, claimed, newest = item["statement"], item.get("bitacora_seq"), max(entries, default=0)
    head, follows = statement.get("audit_head") or {}, entries.get((claimed or 0) + 1)
    if isinstance(claimed, int) and head.get("seq") == claimed and follows is not None \
            and follows["action"] == "firma_" + statement["decision"] and follows["payload_sha256"] == sha256(canonical(statement)) \
            and (claimed == 0 or entries[claimed]["hash"] == head.get("hash")):
        return claimed
    here = entries.get(claimed) if isinstance(claimed, int) else None
    if here is not None and here["action"] == "importar_paquete" and here["entity"] == "package":
        return claimed
    return newest


def verify(bag: Path) -> tuple[set[str], list[str]]:
    data = bag / "data"
    listed = {}
    for line in (bag / "manifest-sha256.txt").read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        listed[name] = digest
    present = {p.relative_to(bag).as_posix() for p in data.rglob("*") if p.is_file()}
    if set(listed) != present or any(sha256((bag / n).read_bytes()) != d for n, d in listed.items()):
        raise Falla("los archivos de data/ no son los de manifest-sha256.txt")
    manifest = json.loads((data / "manifiesto.json").read_text(encoding="utf-8"))
    body = manifest["manifiesto"]
    chain, codes, repins = rosters(body["roster"])
    who = body["signer"]
    entry = chain[who["roster_version"] - 1].get(who["id"]) if 1 <= who["roster_version"] <= len(chain) else None
    if entry is None or entry["fingerprint"] != who["fingerprint"] or not signed(entry["sign_public"], body, manifest["firma"]):
        raise Falla("la firma del manifiesto no es válida")
    files = {p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()} - {"manifiesto.json"}
    if files != set(body["files"]) or any(sha256((data / n).read_bytes()) != d for n, d in body["files"].items()):
        raise Falla("los archivos no son los que firma el manifiesto")
    raw = (data / "contenido-aprobado.json").read_bytes()
    content = json.loads(raw)
    if canonical(content) != raw or sha256(raw) != body["report_sha256"]:
        raise Falla("el contenido aprobado no es JSON canónico o no tiene el hash del informe")
    sections = {s["id"]: s for s in content["sections"]}
    for sid, section in sections.items():
        name = sid if re.fullmatch(r"[0-9A-Za-z-]{1,64}", sid) else "id-" + sha256(sid.encode("utf-8"))[:32]
        if sha256((data / "secciones" / f"{name}.html").read_bytes()) != section["body_sha256"]:
            raise Falla(f"el texto de la sección «{section['title']}» no es el registrado")
    anchor = body["anchor"]
    signer(chain, anchor["statement"], anchor["signature"])
    if anchor["statement"]["case_id"] != body["case_id"]:
        raise Falla("el ancla es de otro expediente")
    entries = bitacora(json.loads((data / "bitacora.json").read_bytes()), anchor["statement"])
    lines, report_ok = [], False
    for item in body["approvals"]:
        statement = item["statement"]
        entry = signer(chain, statement, item["signature"])
        target, is_report = statement["target_id"], statement["kind"] == "report"
        expected = sha256(raw) if is_report and target == body["report"]["id"] else sections.get(target, {}).get("body_sha256")
        if statement["decision"] not in APPROVALS or entry["role"] not in REVIEWERS or statement["content_sha256"] != expected:
            raise Falla(f"una aprobación no cubre el contenido archivado ({target})")
        if not is_report and statement["signer_id"] in body["authors"].get(target, []):
            raise Falla(f"una sección la aprobó quien la escribió ({entry['name']})")
        where = point(entries, item)
        force = in_force(entries, len(chain), where)
        vouched = item.get("vouched")  # recibida: la versión que declaró quien la pasó (no quien firmó)
        if entries.get(where, {}).get("action") == "importar_paquete" and isinstance(vouched, int) \
                and not isinstance(vouched, bool) and 1 <= vouched < force:
            force = vouched
        named = statement["roster_version"]
        if not named <= force or any(
                chain[v - 1].get(statement["signer_id"], {}).get("fingerprint") != statement["signer"]
                or chain[v - 1][statement["signer_id"]]["role"] not in REVIEWERS for v in range(named, force + 1)):
            raise Falla(f"{entry['name']} firmó con la versión {named} de la nómina, pero en la vigente "
                        f"(la {force}) ya no tenía ese rol o esa clave")
        report_ok |= is_report
        lines.append(f"Aprobación válida de {entry['name']} ({statement['kind']} {target}).")
    if not body["draft"] and not report_ok:
        raise Falla("el informe figura aprobado sin una aprobación válida del informe")
    return codes, repins, lines


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Comprueba un paquete de archivo de npmdesk ya descomprimido.")
    parser.add_argument("bolsa", type=Path, help="la carpeta de la bolsa BagIt (la que contiene data/)")
    parser.add_argument("--director", help="el código de la dirección, comparado fuera del paquete")
    args = parser.parse_args(argv)
    try:
        codes, repins, lines = verify(args.bolsa)
    except (Falla, OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        print(f"NO VÁLIDO: {error}")
        return 1
    print("\n".join(lines))
    digits = "".join(c for c in args.director or "" if c.isdigit())
    if not digits:
        print("Intacto, pero falta confirmar la raíz: compare este código con el de la dirección:")
        print("\n".join(sorted(codes)))
        return 3
    last = {c.replace(" ", ""): v for c, v in codes.items()}.get(digits)
    if last is None:
        print("NO VÁLIDO: la nómina no parte de la raíz del código indicado.")
        return 1
    if any(n > last for n in repins):
        print(f"Intacto, pero la versión {max(repins)} de la nómina sustituye la raíz sin su firma después de la "
              "raíz del código indicado: compare el código de la raíz actual con la dirección.")
        return 3
    print("VÁLIDO: intacto, aprobado como dice y de la raíz indicada.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
