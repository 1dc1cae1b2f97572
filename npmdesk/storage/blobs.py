"""Attachment contents, kept encrypted inside the case file beside their metadata."""

from npmdesk.errors import NotFound


def put(conn, attachment_id: str, data: bytes) -> None:
    conn.execute("INSERT INTO attachment_blobs(attachment_id, data) VALUES (?, ?) "
                 "ON CONFLICT(attachment_id) DO UPDATE SET data = excluded.data",
                 (attachment_id, data))


def get(conn, attachment_id: str) -> bytes:
    row = conn.execute("SELECT data FROM attachment_blobs WHERE attachment_id = ?",
                       (attachment_id,)).fetchone()
    if row is None:
        raise NotFound("attachment data not found")
    return bytes(row[0])
