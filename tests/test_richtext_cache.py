"""The session's sanitizer (domain/richtext_cache.py) reads again only what changed: over random
edits of long bodies, in Qt's HTML and in the stored subset, it must give exactly what
richtext.sanitize gives."""

import random

from npmdesk.domain import richtext, richtext_cache, richtext_parse
from npmdesk.domain.richtext_cache import Sanitizer

QT_HEAD = ('<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">\n'
           '<html><head><meta name="qrichtext" content="1" /><meta charset="utf-8" /><style type="text/css">\n'
           'p, li { white-space: pre-wrap; }\n</style></head><body style=" font-family:\'Sans\'; '
           'font-size:10pt; font-weight:400; font-style:normal;">\n')
P = '<p style=" margin-top:0px; margin-bottom:0px; -qt-block-indent:0; text-indent:0px;">'
WORDS = ("celda ventilación médica según turno niños atención hacinamiento el la de y en privadas "
         "libertad E-07 8-123-4567 José Núñez").split()
FINDING = "npmdesk-hallazgo:0f8fad5b-d9cb-469f-a165-70867728950e"


def _text(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 12))]
    return " ".join(words)


def _inline(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.random()
        text = _text(rng)
        if kind < 0.15:
            pieces.append(f'<span style=" font-weight:700;">{text}</span>')
        elif kind < 0.25:
            pieces.append(f'<span style=" font-style:italic; text-decoration: underline;">{text}</span>')
        elif kind < 0.3:
            pieces.append(f'<a href="{FINDING}"><span style=" text-decoration: underline;">{text}</span></a>')
        elif kind < 0.34:
            pieces.append('<a href="npmdesk-nota:Una%20nota"><span style=" vertical-align:super;">1</span></a>')
        elif kind < 0.38:
            pieces.append(f"{text}<br />{text}")
        elif kind < 0.4:
            pieces.append(f"{text} &amp; &lt;b&gt; &#8238;x &#0; {text}")
        else:
            pieces.append(text)
    return " ".join(pieces)


def qt_block(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.1:
        return f'<h3 style=" margin-top:14px;"><span style=" font-size:large; font-weight:700;">{_text(rng)}</span></h3>\n'
    if kind < 0.2:
        items = "\n".join(f'<li style=" margin-top:0px;">{_inline(rng)}</li>' for _ in range(rng.randint(1, 4)))
        indent = rng.choice((1, 1, 2))
        return f'<ul style="margin-top: 0px; -qt-list-indent: {indent};">{items}</ul>\n'
    if kind < 0.27:
        rows = "\n".join("<tr>\n" + "".join(f"<td>\n{P}{_inline(rng)}</p></td>" for _ in range(2)) + "</tr>"
                         for _ in range(rng.randint(1, 3)))
        return f'<table border="1" cellspacing="0" cellpadding="4">\n{rows}</table>\n'
    if kind < 0.3:
        return f"{P}<br /></p>\n"
    return f"{P}{_inline(rng)}</p>\n"


def stored_block(rng: random.Random) -> str:
    return richtext.sanitize(qt_block(rng))


def _edit(rng: random.Random, body: str, block) -> str:
    """One random change: a word typed, a range deleted (tags and all), a block added, a tag cut."""
    kind = rng.random()
    at = rng.randrange(len(body) + 1)
    if kind < 0.35:
        return body[:at] + rng.choice(WORDS) + rng.choice((" ", "", "\n")) + body[at:]
    if kind < 0.55:
        return body[:at] + body[at + rng.randint(1, 60):]
    if kind < 0.75:
        cut = body.rfind(">", 0, at) + 1
        return body[:cut] + block(rng) + body[cut:]
    if kind < 0.85:
        return body[:at] + rng.choice(("<b>", "</p>", "<ul>", "</li>", "<table>", "<td>", "</table>", "<!-- ",
                                        " -->", "<style>", "</style>", "&", "<", ">", "\n<p>", "<sup class=\"fn\">"))\
            + body[at:]
    return body[:at] + rng.choice(("\u00ad", "\u200b", "\r\n", "\x07", "\ud800", "e\u0301", "\u202e")) + body[at:]


def _check(make, block, seed: int, edits: int) -> None:
    rng = random.Random(seed)
    body = make(rng)
    sanitizer = Sanitizer()
    for _ in range(edits):
        expected = richtext.sanitize(body)
        got = sanitizer.sanitize(body)
        assert got == expected, f"seed {seed}: differs for {body!r}"
        assert sanitizer.sanitize(body) == expected  # remembered
        assert sanitizer.sanitize(got) == richtext.sanitize(got)  # its output read back
        body = _edit(rng, body, block)


def test_qt_html_edited_at_random_sanitises_as_a_full_reading_does():
    for seed in range(8):
        _check(lambda rng: QT_HEAD + "".join(qt_block(rng) for _ in range(40)) + "</body></html>",
               qt_block, seed, 30)


def test_stored_bodies_edited_at_random_sanitise_as_a_full_reading_does():
    for seed in range(8):
        _check(lambda rng: "".join(stored_block(rng) for _ in range(40)), stored_block, 100 + seed, 30)


def test_plain_text_and_empty_bodies():
    sanitizer = Sanitizer()
    for body in ("", "una línea\n\notra [^1]", "<", "<p>", "&amp;", "<p>a</p>\n"):
        assert sanitizer.sanitize(body) == richtext.sanitize(body)


def test_a_long_body_typed_into_reads_only_the_changed_piece_again():
    rng = random.Random(7)
    blocks = [qt_block(rng) for _ in range(300)]
    sanitizer = Sanitizer()
    body = QT_HEAD + "".join(blocks) + "</body></html>"
    sanitizer.sanitize(body)
    known = len(sanitizer._pieces)
    blocks[150] = blocks[150].replace("</p>", " palabra</p>", 1) if "</p>" in blocks[150] else f"{P}x</p>\n"
    edited = QT_HEAD + "".join(blocks) + "</body></html>"
    assert sanitizer.sanitize(edited) == richtext.sanitize(edited)
    assert len(sanitizer._pieces) <= known + 2  # one piece read again, not the body


def _qt_table(rng: random.Random) -> str:
    """A table as Qt writes it: every one starts with the same line."""
    rows = "\n".join(f"<tr>\n<td>\n{P}{_text(rng)}</p></td>\n<td>\n{P}{_text(rng)}</p></td></tr>"
                     for _ in range(3))
    return f'<table border="1" style=" margin-top:0px;" width="100%" cellspacing="0" cellpadding="4">\n{rows}</table>\n'


def test_an_edit_outside_tables_that_start_alike_reads_none_of_them_again(monkeypatch):
    rng = random.Random(11)
    blocks = [qt_block(rng) if i % 3 else _qt_table(rng) for i in range(60)]
    sanitizer = Sanitizer()
    sanitizer.sanitize(QT_HEAD + "".join(blocks) + "</body></html>")
    blocks[31] = f"{P}palabra nueva</p>\n"
    edited = QT_HEAD + "".join(blocks) + "</body></html>"
    expected = richtext.sanitize(edited)
    read = []
    feed = richtext_parse._Parser.feed
    monkeypatch.setattr(richtext_parse._Parser, "feed", lambda parser, data: (read.append(data), feed(parser, data)))
    assert sanitizer.sanitize(edited) == expected
    assert "palabra nueva" in "".join(read)
    assert not any("<table" in data for data in read)  # 20 tables, none read again


def test_a_footnote_added_first_renumbers_every_later_one_and_a_list_split_stays_one():
    note = '<a href="npmdesk-nota:Dicho%20por%20el%20director"><span style=" vertical-align:super;">1</span></a>'
    blocks = [f"{P}Párrafo {n}{note} sigue.</p>\n" for n in range(30)]
    items = "\n".join(f'<li style=" margin-top:0px;">punto {n}{note}</li>' for n in range(6))
    blocks.insert(15, f'<ul style="margin-top: 0px; -qt-list-indent: 1;">{items}</ul>\n')
    sanitizer = Sanitizer()
    body = QT_HEAD + "".join(blocks) + "</body></html>"
    assert sanitizer.sanitize(body) == richtext.sanitize(body)
    blocks.insert(0, f"{P}Nuevo{note}.</p>\n")
    blocks[16] = blocks[16].replace("punto 2", "punto dos")
    edited = QT_HEAD + "".join(blocks) + "</body></html>"
    out = sanitizer.sanitize(edited)
    assert out == richtext.sanitize(edited)
    assert out.count("<ul>") == 1 and ">37</sup>" in out


def test_with_little_memory_pieces_forgotten_leave_the_result_exact(monkeypatch):
    monkeypatch.setattr(richtext_cache, "MAX_CANDIDATES", 2)
    monkeypatch.setattr(richtext_cache, "MAX_PIECES", 40)
    _check(lambda rng: QT_HEAD + "".join(qt_block(rng) if i % 3 else _qt_table(rng) for i in range(60))
           + "</body></html>", lambda rng: _qt_table(rng) if rng.random() < 0.5 else qt_block(rng), 5, 30)


def test_clear_forgets_the_text():
    sanitizer = Sanitizer()
    sanitizer.sanitize("<p>José Núñez</p>")
    sanitizer.clear()
    assert not sanitizer._pieces and not sanitizer._candidates and not sanitizer._results
