"""The review part of a case-file dump: public keys, rosters, signatures, observations,
checklists, conflicts and the history of imported packages (docs/formato-json.md).

These rows are copied table by table. Private keys kept raw (the owner's) never leave the
encrypted file: a plaintext dump must not let anyone sign in that person's name. Keys
wrapped by their holder's own passphrase travel as they are.
"""

from npmdesk.domain.text import MAX_FIELD_CHARS
from npmdesk.i18n import _

REVIEW_KEY = "review"

# Table → (column, type, nullable), in insertion order (parents before children).
TABLES: dict[str, tuple[tuple[str, type, bool], ...]] = {
    "member_keys": (("member_id", str, False), ("sign_public", str, False), ("box_public", str, False),
                    ("fingerprint", str, False), ("created_at", str, False)),
    "member_private_keys": (("member_id", str, False), ("kind", str, False), ("material", str, False)),
    "rosters": (("version", int, False), ("body", str, False), ("signer_fingerprint", str, False),
                ("signature", str, False), ("created_at", str, False)),
    "signatures": (("id", str, False), ("kind", str, False), ("target_id", str, False),
                   ("decision", str, False), ("statement", str, False), ("signer_fingerprint", str, False),
                   ("signature", str, False), ("void", int, False), ("created_at", str, False)),
    "observations": (("id", str, False), ("section_id", str, False), ("parent_id", str, True),
                     ("author_id", str, False), ("revision", int, False), ("quote", str, False),
                     ("start", int, False), ("end", int, False), ("body", str, False),
                     ("resolved", int, False), ("signature_id", str, True), ("created_at", str, False)),
    "section_checks": (("section_id", str, False), ("question", str, False)),
    "section_conflicts": (("id", str, False), ("section_id", str, False), ("package_id", str, False),
                          ("sender_id", str, False), ("incoming_body", str, False),
                          ("incoming_revisions", str, False), ("local_revision", int, False),
                          ("created_at", str, False), ("resolved_at", str, True), ("resolution", str, True)),
    "package_imports": (("package_id", str, False), ("kind", str, False), ("sender_id", str, False),
                        ("scope", str, False), ("created_at", str, False), ("imported_at", str, False),
                        ("summary", str, False)),
    "package_signatures": (("signature_id", str, False), ("package_id", str, False)),
}
_ONLY = {"member_private_keys": "kind = 'wrapped'"}


def _columns(table: str) -> list[str]:
    return [name for name, _type, _null in TABLES[table]]


def rows(conn, table: str, batch: int = 500):
    """Every row of one review table as {column: value}, in a stable order, fetched in batches."""
    columns = _columns(table)
    where = f" WHERE {_ONLY[table]}" if table in _ONLY else ""
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table}{where} ORDER BY rowid")
    while batch_rows := cursor.fetchmany(batch):
        yield from (dict(zip(columns, row)) for row in batch_rows)


def insert(conn, review: dict) -> None:
    """Write checked rows (see `check`) into a new case file, parents first whatever the
    order of the keys in the file (a dump written with sorted keys has them alphabetical)."""
    for table in TABLES:
        columns = _columns(table)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        conn.executemany(sql, [tuple(row[c] for c in columns) for row in review[table]])


def check(data, members: set[str], sections: set[str], fail) -> dict:
    """The review block validated against the records already checked; `fail(reason)` raises."""
    if not isinstance(data, dict) or set(data) != set(TABLES):
        fail(_("el bloque «review» está incompleto o es incorrecto"))
    for table, spec in TABLES.items():
        rows = data[table]
        if not isinstance(rows, list):
            fail(_("el bloque «review» está incompleto o es incorrecto"))
        for i, row in enumerate(rows):
            _check_row(row, spec, _("{table} n.º {number}").format(table=table, number=i + 1), fail)
    _check_links(data, members, sections, fail)
    return data


def _check_row(row, spec, where: str, fail) -> None:
    if not isinstance(row, dict) or set(row) != {name for name, _type, _null in spec}:
        fail(_("{where}: las columnas no son las esperadas").format(where=where))
    for name, kind, nullable in spec:
        value = row[name]
        if value is None and nullable:
            continue
        if type(value) is not kind:
            fail(_("{where}: el campo «{field}» tiene un tipo de dato incorrecto").format(where=where, field=name))
        if kind is str and len(value) > MAX_FIELD_CHARS:  # its characters: dump_check._check_texts
            fail(_("{where}: el campo «{field}» es demasiado largo").format(where=where, field=name))


def _check_links(data: dict, members: set[str], sections: set[str], fail) -> None:
    def need(ok: bool, table: str, field: str) -> None:
        if not ok:
            fail(_("{table}: «{field}» remite a un registro que no existe").format(table=table, field=field))

    for table in ("member_keys", "member_private_keys"):
        for row in data[table]:
            need(row["member_id"] in members, table, "member_id")
    for row in data["member_private_keys"]:
        if row["kind"] != "wrapped":
            fail(_("member_private_keys: un volcado solo puede llevar claves privadas protegidas "
                   "por la frase de contraseña de su titular"))
    seen = set()
    for row in data["observations"]:
        need(row["section_id"] in sections, "observations", "section_id")
        need(row["parent_id"] is None or row["parent_id"] in seen, "observations", "parent_id")
        seen.add(row["id"])
    for table in ("section_checks", "section_conflicts"):
        for row in data[table]:
            need(row["section_id"] in sections, table, "section_id")
    signatures = {row["id"] for row in data["signatures"]}
    for row in data["package_signatures"]:
        need(row["signature_id"] in signatures, "package_signatures", "signature_id")
