"""The stored HTML subset: Word and web pastes reduced to it, hostile characters removed; word diffs."""

from npmdesk.domain import richtext, textdiff
from npmdesk.domain.completeness import Completeness, of_section

WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta charset=utf-8><style><!-- p.MsoNormal {margin:0cm; font-family:"Calibri"} --></style>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
</head><body lang=ES-PA style='tab-interval:35.4pt'>
<!--StartFragment-->
<h2 style='mso-style-link:"Título 2 Car"'><span lang=ES>Condiciones materiales<o:p></o:p></span></h2>
<p class=MsoNormal><span lang=ES>Las celdas del pabellón&nbsp;B tienen <b>hacinamiento
grave</b> y <i style='mso-bidi-font-style:normal'>ventilación</i> <u>insuficiente</u>.<a
style='mso-footnote-id:ftn1' href="#_ftn1" name="_ftnref1"><span class=MsoFootnoteReference><span
style='mso-special-character:footnote'><![if !supportFootnotes]><span style='vertical-align:super'>[1]</span><![endif]></span></span></a><o:p></o:p></span></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span
style='font-family:Symbol'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;
</span></span><![endif]><span lang=ES>Sin agua potable<o:p></o:p></span></p>
<p class=MsoListParagraphCxSpLast style='margin-left:72.0pt;text-indent:-18.0pt;mso-list:l0 level2 lfo1'><![if !supportLists]><span
style='font-family:"Courier New"'>o<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;
</span></span><![endif]><span lang=ES>desde hace tres días<o:p></o:p></span></p>
<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]><span>1.<span
style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp; </span></span><![endif]>Primera medida<o:p></o:p></p>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse'>
 <tr><td width=200 valign=top><p class=MsoNormal><b>Pabellón<o:p></o:p></b></p></td>
  <td><p class=MsoNormal>Personas<o:p></o:p></p></td></tr>
 <tr><td><p class=MsoNormal>B<o:p></o:p></p></td><td><p class=MsoNormal>212<o:p></o:p></p></td></tr>
</table>
<!--EndFragment--></body></html>"""

WEB_HTML = """<meta charset='utf-8'><div class="article" style="font-family: Arial; color: rgb(20,20,20)">
<script>document.cookie='x'</script><style>.a{}</style>
<h1 id="t" onclick="evil()">Informe <span style="font-weight: 700">anual</span></h1>
<p>Ver <a href="javascript:alert(1)">el <strong>enlace</strong></a> y
<img src="https://tracker.example/p.gif" onerror="alert(1)">la imagen.</p>
<ol><li>Uno</li><li>Dos<ul><li>dos punto uno</li></ul></li></ol>
<iframe src="https://example.org">marco</iframe><p style="font-style: italic">cita<sup>2</sup> H<sub>2</sub>O</p></div>"""

QT_HTML = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN"><html><head><meta name="qrichtext" content="1" />
<style type="text/css">p, li { white-space: pre-wrap; }</style></head><body style=" font-family:'Sans';">
<p style=" margin-top:0px;"><span style=" font-weight:700;">Negrita</span> normal <span style=" font-style:italic; text-decoration: underline;">ambas</span></p>
<ul style="margin-top: 0px; -qt-list-indent: 1;"><li style=" margin-top:12px;">uno</li></ul>
<ul type="circle" style="margin-top: 0px; -qt-list-indent: 2;"><li>anidado</li></ul>
<ol style="margin-top: 0px; -qt-list-indent: 1;"><li>primero</li></ol></body></html>"""


def test_word_paste_keeps_structure_and_drops_word_noise():
    body = richtext.sanitize(WORD_HTML)
    assert body.startswith("<h3>Condiciones materiales</h3>")
    assert "<b>hacinamiento grave</b>" in body and "<i>ventilación</i>" in body and "<u>insuficiente</u>" in body
    assert "<ul><li>Sin agua potable<ul><li>desde hace tres días</li></ul></li></ul>" in body
    assert "<ol><li>Primera medida</li></ol>" in body
    assert "<table><tr><td><b>Pabellón</b></td><td>Personas</td></tr><tr><td>B</td><td>212</td></tr></table>" in body
    for noise in ("Mso", "mso-", "WordDocument", "·", "Calibri", "style", "lang", "o:p", "\xa0\xa0"):
        assert noise not in body
    assert '<u>insuficiente</u>.<sup class="fn">1</sup></p>' in body
    assert "pabellón\xa0B" in richtext.plain_text(body)


def test_web_paste_drops_scripts_links_and_images_but_keeps_text():
    body = richtext.sanitize(WEB_HTML)
    assert body.startswith("<h3>Informe anual</h3>")
    assert "Ver el <b>enlace</b> y la imagen." in body
    assert "<ol><li>Uno</li><li>Dos<ul><li>dos punto uno</li></ul></li></ol>" in body
    assert '<p><i>cita</i><sup class="fn">2</sup><i> H</i><i><sub>2</sub></i><i>O</i></p>' in body
    for hostile in ("script", "cookie", "javascript", "onerror", "onclick", "img", "iframe", "marco", "href"):
        assert hostile not in body


def test_what_qt_writes_round_trips_through_the_subset():
    body = richtext.sanitize(QT_HTML)
    assert body == ("<p><b>Negrita</b> normal <i><u>ambas</u></i></p>"
                    "<ul><li>uno<ul><li>anidado</li></ul></li></ul><ol><li>primero</li></ol>")
    assert richtext.sanitize(body) == body


def test_hostile_characters_leave_a_visible_mark():
    nasty = "<p>Ma\u202eria\u2066 \x00\x07\x1b[31m lo\ud800ne \ufffe fin</p>"
    body = richtext.sanitize(nasty)
    assert body == "<p>Ma\ufffdria\ufffd \ufffd\ufffd\ufffd[31m lo\ufffdne \ufffd fin</p>"
    assert richtext.sanitize("uno\x0b\n\ndos\u200f") == "<p>uno\ufffd</p><p>dos\u200f</p>"
    # "Antes␀después" never becomes "Antesdespués", however the NUL is written
    for written in ("Antes\x00después", "Antes&#0;después", "Antes&#x7;después", "Antes&#55296;después",
                    "Antes&#x110000;después", "Antes&#x202E;después"):
        assert richtext.sanitize(f"<p>{written}</p>") == "<p>Antes\ufffddespués</p>", written
    assert richtext.sanitize("Antes\x00después") == "<p>Antes\ufffddespués</p>"  # plain text too
    assert richtext.sanitize("<p>a&#150;b</p>") == "<p>a–b</p>"  # HTML reads 128–159 as Windows-1252
    # invisible characters show nothing either way: removed, so they cannot split a name
    assert richtext.sanitize("<p>Ma\u200bría\u00ad</p>") == "<p>María</p>"


def test_decomposed_accents_are_composed():
    assert richtext.sanitize("<p>Camio\u0301n y an\u0303o</p>") == "<p>Camión y año</p>"


def test_emoji_and_right_to_left_text_are_kept():
    body = richtext.sanitize("<p>Bien 👍🏽 — مرحبا שלום</p>")
    assert "👍🏽" in body and "مرحبا" in body and "שלום" in body


def test_a_megabyte_of_text_is_reduced_without_loss():
    paragraph = "Palabra <script>x</script>" + "á" * 1000
    body = richtext.sanitize("<p>" + "</p><p>".join([paragraph] * 1000) + "</p>")
    assert body.count("<p>") == 1000 and "script" not in body


def test_markup_in_text_is_escaped():
    body = richtext.sanitize("<p>a &lt;b&gt; &amp; c</p>")
    assert body == "<p>a &lt;b&gt; &amp; c</p>"
    assert richtext.plain_text(body) == "a <b> & c"


def test_word_count():
    assert richtext.word_count("El niño, de 15 años, dijo: «bien-estar» no hay.") == 9
    assert richtext.word_count("") == 0


def test_word_diff_shows_insertions_and_deletions():
    pieces = textdiff.word_diff("Las celdas son pequeñas y oscuras.", "Las celdas son grandes y oscuras, sin luz.")
    kinds = [(p.kind, p.text) for p in pieces]
    assert (textdiff.DELETE, "pequeñas") in kinds and (textdiff.INSERT, "grandes") in kinds
    assert "".join(p.text for p in pieces if p.kind != textdiff.INSERT) == "Las celdas son pequeñas y oscuras."
    assert "".join(p.text for p in pieces if p.kind != textdiff.DELETE) == "Las celdas son grandes y oscuras, sin luz."
    assert textdiff.summary(pieces) == (3, 1)
    assert textdiff.word_diff("igual", "igual") == [textdiff.Piece(textdiff.EQUAL, "igual")]


def test_completeness():
    guidance = ["¿Hay agua?", "¿Hay luz?", "¿Hay luz?", " "]
    assert of_section(guidance, {"¿Hay luz?", "pregunta antigua"}) == Completeness(1, 2)
    assert (Completeness(1, 2) + Completeness(3, 3)).ratio == 4 / 5
    assert of_section([], set()).ratio == 1.0


def test_word_diff_of_a_long_repetitive_section_is_fast():
    import time
    old = "\n".join(f"Párrafo {n}: el interno dijo que la comida llega fría." for n in range(12000))
    new = old.replace("fría.", "caliente.", 1) + "\nFin del apartado."
    started = time.monotonic()
    pieces = textdiff.word_diff(old, new)
    assert time.monotonic() - started < 2.0
    assert "".join(p.text for p in pieces if p.kind != textdiff.INSERT) == old
    assert "".join(p.text for p in pieces if p.kind != textdiff.DELETE) == new
    assert textdiff.summary(pieces) == (4, 1)


FINDING_ID = "0f8e2a4c-1b2d-4c3e-9f00-112233445566"


def test_a_reference_to_a_finding_is_the_only_link_kept():
    qt = (f'<p>Ver <a href="npmdesk-hallazgo:{FINDING_ID}"><span style=" text-decoration: underline; '
          f'color:#0000ff;">[Hallazgo: Agua — <span style=" font-weight:700;">Condiciones</span>]</span></a>'
          f' y <a href="https://example.org/">la web</a>, <a href="npmdesk-hallazgo:../../etc">otro</a>.</p>')
    body = richtext.sanitize(qt)
    assert body == (f'<p>Ver <a href="npmdesk-hallazgo:{FINDING_ID}">[Hallazgo: Agua — <b>Condiciones</b>]</a>'
                    ' y la web, otro.</p>')
    assert richtext.sanitize(body) == body
    assert richtext.plain_text(body) == "Ver [Hallazgo: Agua — Condiciones] y la web, otro."
    assert richtext.sanitize(f'<table><tr><td><a href="npmdesk-hallazgo:{FINDING_ID}">Ver</a></td></tr></table>') \
        == f'<table><tr><td><a href="npmdesk-hallazgo:{FINDING_ID}">Ver</a></td></tr></table>'


def test_the_plain_text_footnote_mark_is_read_as_a_footnote_mark():
    # The Word export has always printed [^n] as a superscript; the editor now shows it as one too.
    body = richtext.sanitize("<p>El acceso se <u>demoró</u> 40 minutos [^2] y <b>no hubo luz [^nota]</b>.</p>")
    assert body == ('<p>El acceso se <u>demoró</u> 40 minutos <sup class="fn">2</sup> y <b>no hubo luz </b>'
                    '<sup class="fn">nota</sup>.</p>')
    assert richtext.sanitize(body) == body
    assert richtext.plain_text(body) == "El acceso se demoró 40 minutos 2 y no hubo luz nota."
    assert richtext.sanitize("Texto simple [^1]\notra línea") == \
        '<p>Texto simple <sup class="fn">1</sup></p><p>otra línea</p>'
    assert richtext.sanitize("<p>[^] [x] [^demasiado_largo] a[^1</p>") == "<p>[^] [x] [^demasiado_largo] a[^1</p>"


def test_a_table_inside_a_cell_keeps_its_text_in_that_cell():
    body = richtext.sanitize("<table><tr><td>fuera<table><tr><td>dentro</td><td>al lado</td></tr></table></td>"
                             "<td>tras</td></tr><tr><td>fila 2</td></tr></table><p>después</p>")
    assert body == ("<table><tr><td>fuera<br>dentro<br>al lado</td><td>tras</td></tr><tr><td>fila 2</td></tr>"
                    "</table><p>después</p>")
    assert richtext.sanitize("<table><tr><td>a<table><tr><td>b") == "<table><tr><td>a<br>b</td></tr></table>"


def test_parse_reads_any_body_as_sanitize_would_store_it():
    # The Word export writes parse(body) for bodies that never went through sanitize (an import):
    # the footnote marks and headings it gets must be those the editor shows.
    for raw in (WORD_HTML, WEB_HTML, QT_HTML, "<h2>Título <b>fuerte</b> [^1]</h2><p>a<br>b <sup>[2]</sup></p>"):
        assert richtext.parse(raw) == richtext.parse(richtext.sanitize(raw))
    paragraph = richtext.parse(WORD_HTML)[1]
    assert paragraph.runs[-1] == richtext.Run("1", ("sup", "fn"))  # Word's superscript [1]
    heading = richtext.parse("<h1>Informe <b>anual</b></h1>")[0]
    assert heading.kind == "h3" and heading.runs == [richtext.Run("Informe anual")]


def test_google_docs_paste_keeps_its_lists_and_is_not_all_bold():
    # Google Docs wraps the paste in <b style="font-weight:normal"> and each list item's text in a <p>.
    google_docs = ('<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-8e2">'
                   '<p dir="ltr"><span style="font-weight:400">Texto</span> <span style="font-weight:700">fuerte'
                   '</span></p><ul style="margin-top:0"><li dir="ltr" aria-level="1"><p dir="ltr" role="presentation">'
                   '<span style="font-weight:400">uno</span></p></li><li><p>dos</p><ol><li><div>dos.a</div></li></ol>'
                   '<p>sigue</p></li></ul></b>')
    assert richtext.sanitize(google_docs) == ("<p>Texto <b>fuerte</b></p><ul><li>uno</li><li>dos<ol><li>dos.a</li>"
                                              "</ol></li></ul><p>sigue</p>")
    assert richtext.sanitize('<i style="font-style:normal">recta</i> <u style="text-decoration:none">no</u>') \
        == "<p>recta no</p>"
    word = ("<p><b style='mso-bidi-font-weight:normal'>sigue <span style='mso-bidi-font-style:\nnormal'>negrita"
            "</span></b> <i><span style='mso-bidi-font-style:normal'>cursiva</span></i></p>")
    assert richtext.sanitize(word) == "<p><b>sigue negrita</b> <i>cursiva</i></p>"  # mso-bidi-* is not font-*


def test_an_unclosed_style_inside_a_table_ends():
    # Closing the open tables at the end ignored its tags while inside <style>: it never ended.
    assert richtext.sanitize("<table><tr><td>x<style>p {}") == "<table><tr><td>x</td></tr></table>"
