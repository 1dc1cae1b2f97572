"""Which guiding questions of a section are ticked (table section_checks).

A tick is kept by the question's text, so reordering a template's questions keeps it
and rewording one clears it (the reworded question has not been answered yet).
"""


def ticked(conn, section_id: str) -> set[str]:
    rows = conn.execute("SELECT question FROM section_checks WHERE section_id = ?", (section_id,))
    return {row[0] for row in rows.fetchall()}


def ticked_by_section(conn, section_ids: list[str]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {sid: set() for sid in section_ids}
    for section_id, question in conn.execute("SELECT section_id, question FROM section_checks"):
        if section_id in found:
            found[section_id].add(question)
    return found


def set_ticked(conn, section_id: str, question: str, checked: bool) -> None:
    if checked:
        conn.execute("INSERT OR IGNORE INTO section_checks(section_id, question) VALUES (?, ?)",
                     (section_id, question))
    else:
        conn.execute("DELETE FROM section_checks WHERE section_id = ? AND question = ?",
                     (section_id, question))
