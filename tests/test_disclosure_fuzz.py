"""An adversary's fuzz of the export's disclosure check: 1,200 generated ways of writing a
name, an interview code, a cédula, a passport or a phone number (accents dropped, any case,
other separators, invisible characters, line breaks, formatting splitting a word across runs;
names also spelt by ear or transliterated, by a nickname beside a surname, run together, and with
digits and signs for letters)
planted everywhere a report prints text (section bodies, tables, superscripts, lists, headings,
section titles, findings, finding references renamed after citing, recommendations, captions,
the header), about people of this visit and of earlier visits of the same case file.

The report is exported for real and the .docx read back (by this test's own reader): every
paragraph that carries a planted variant must have been flagged by the check. Seeded, so a
failure repeats; bounded (one case file, one export).
"""

import html
import random
import re
import unicodedata
import zipfile

import pytest
from lxml import etree

from npmdesk.domain import model
from npmdesk.services.archive import disclosure
from npmdesk.services.archive import word as export
from npmdesk.services.records import findings
from npmdesk.services.records import edit as records
from export_fixture import REAL_NAMES, build_report, png_bytes

SEED = 20261201
VARIANTS = 1200
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff", "\u200e", "\u200f", "\u2061"]
CODE_SEPARATORS = ["-", "\u2013", "\u2014", "\u2011", "\u2010", "\u2212", " ", ".", "", "\u00a0", " - "]
NUMBER_SEPARATORS = ["-", "\u2013", "\u2011", "\u2212", " ", ".", "\u00a0"]
PHONE_SEPARATORS = ["-", " ", "", ".", "\u2011"]
EARLIER_PEOPLE = [("José Núñez", "E-07"), ("Wei Li", "E-08"), ("María de la Cruz Batista", "E-09"),
                  ("Óscar Ibáñez Peña", "E-10"), ("Li Wu", "E-11"), ("Eva Sol", "E-12"),
                  ("Francisco Javier Herrera", "E-13")]
# Each person's name as someone might write it: whole, surname first, one telling part, run
# together, spelt by ear or transliterated, by a nickname beside a surname.
NAME_FORMS = {
    "José Núñez": ["José Núñez", "Núñez", "Núñez, José", "J. Núñez", "josenunez", "Khose Nunyes", "Hosé Nuñes",
                   "Yose Nunez", "Pepe Núñez", "Núñez, Pepe", "Chepe Nunes", "pepenunez"],
    "Wei Li": ["Wei Li", "Li Wei", "Li, Wei", "Wei", "weili", "liwei"],
    "María de la Cruz Batista": ["María de la Cruz Batista", "María de la Cruz", "Batista", "Cruz Batista",
                                 "Mari Batista", "María de la Krus Vatista", "Vatista"],
    "Óscar Ibáñez Peña": ["Óscar Ibáñez", "Ibáñez Peña", "Óscar Peña", "IBÁÑEZ", "Oskar Ivanyes", "Ibanyes"],
    "Li Wu": ["liwu", "wuli", "Li Wu"],
    "Eva Sol": ["esol", "Eva Sol", "evasol"],
    "Francisco Javier Herrera": ["Paco Herrera", "Pancho Erera", "Francisco Javier", "Javier Errera",
                                 "Franzisko Herrera", "Jabier Herrera"],
    REAL_NAMES[0]: ["Rigoberto Quintanilla", "Quintanilla Saldaña", "Rigoberto", "Kintaniya", "Rigoverto Kintanilla"],
    REAL_NAMES[1]: ["Maricruz Ábrego", "Villalaz", "Ábrego Villalaz", "Marikrus Abrego", "Biyalas"],
}
# Digits and signs for letters, one reading to a word (domain/disclosure.py reads a word's
# signs one way or the other: "1" and "|" as i, or both as l).
SIGNS = [{"i": "1|!", "o": "0", "e": "3", "a": "4@", "s": "5$", "t": "7", "g": "69", "z": "2", "b": "8"},
         {"l": "1|", "o": "0", "e": "3", "a": "4", "s": "5", "b": "86", "q": "9", "z": "2"}]
TAG = re.compile(r"\[v(\d{4})\]")


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def _case(rng, text: str) -> str:
    return rng.choice([text, text.upper(), text.lower(), text.title(),
                       "".join(c.upper() if rng.random() < .5 else c.lower() for c in text)])


def _hide(rng, text: str) -> str:
    """Invisible characters inside words (never at an end, where they would be outside the word)."""
    chars = list(text)
    for _ in range(rng.randint(0, 2)):
        at = rng.randint(1, max(1, len(chars) - 1))
        chars.insert(at, rng.choice(INVISIBLE))
    return "".join(chars)


def _signs(rng, text: str) -> str:
    """One or two letters inside a word written as digits or signs, read the same way."""
    table = rng.choice(SIGNS)
    chars = list(text)
    inside = [i for i in range(1, len(chars) - 1) if chars[i].lower() in table
              and chars[i - 1].isalpha() and chars[i + 1].isalpha()]
    for at in rng.sample(inside, min(len(inside), rng.randint(1, 2))):
        chars[at] = rng.choice(table[chars[at].lower()])
    return "".join(chars)


def name_variant(rng) -> str:
    form = rng.choice(NAME_FORMS[rng.choice(list(NAME_FORMS))])
    if rng.random() < .5:
        form = _strip_accents(form)
    form = _case(rng, form)
    if rng.random() < .2:
        form = _signs(rng, form)
    words = form.split(" ")
    gaps = [rng.choice([" ", " ", "\u00a0", "  ", "\n"]) for _ in words[1:]]
    form = words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:]))
    return _hide(rng, form)


def code_variant(rng) -> str:
    code = rng.choice(["E-07", "E-08", "E-09", "E-10", "E-02"])  # none consented in this visit
    letter, number = code.split("-")
    number = rng.choice([number, number.lstrip("0"), "0" + number])
    return _hide(rng, rng.choice([letter, letter.lower()]) + rng.choice(CODE_SEPARATORS) + number)


def number_variant(rng) -> str:
    s = rng.choice(NUMBER_SEPARATORS)
    province = rng.choice([str(n) for n in range(1, 14)])
    shapes = [
        lambda: f"{province}{s}{rng.randint(1, 9999)}{s}{rng.randint(100, 999999)}",
        lambda: f"{rng.choice(['PE', 'pe', 'N', 'n'])}{s}{rng.randint(1, 9999)}{s}{rng.randint(100, 99999)}",
        lambda: f"{rng.choice(['E', 'e'])}{s}{province}{s}{rng.randint(100, 999999)}",
        lambda: f"{province}{rng.choice(['', s])}{rng.choice(['AV', 'PI', 'av'])}{s}{rng.randint(1, 999)}{s}{rng.randint(100, 99999)}",
        lambda: f"{rng.choice(['PA', 'C', 'AB', 'x'])}{rng.randint(1000000, 99999999)}",
        lambda: f"{rng.randint(1000000, 999999999)}",
        lambda: f"6{rng.randint(100, 999)}{rng.choice(PHONE_SEPARATORS)}{rng.randint(1000, 9999)}",
        lambda: f"+507{rng.choice([' ', ''])}{rng.randint(200, 599)}{rng.choice(['-', ' ', '.'])}{rng.randint(1000, 9999)}",
        lambda: f"{rng.randint(200, 599)}-{rng.randint(1000, 9999)}",
    ]
    return _hide(rng, rng.choice(shapes)())


def variants(rng, count: int) -> list[str]:
    makers = [name_variant] * 5 + [code_variant] * 2 + [number_variant] * 3
    return [rng.choice(makers)(rng) for _ in range(count)]


def _split_by_formatting(rng, text: str) -> str:
    """HTML for `text` with formatting tags cut into it at random points (inside words too)."""
    cuts = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(0, 3)))) if len(text) > 1 else []
    pieces, last = [], 0
    for cut in cuts + [len(text)]:
        pieces.append(text[last:cut])
        last = cut
    out = []
    for piece in pieces:
        escaped = html.escape(piece, quote=False).replace("\n", "<br>")
        tag = rng.choice(["", "b", "i", "u", "span", "sup"])
        out.append(f"<{tag}>{escaped}</{tag}>" if tag else escaped)
    return "".join(out)


def _tagged(n: int, text: str) -> str:
    return f"[v{n:04d}] {text} [v{n:04d}]"


def plant(session, built, rng, texts: list[str]) -> dict[int, str]:
    """Put each text somewhere the export prints; returns where each went, by number."""
    visit, report = built.visit, built.report
    bodies: dict[str, list[str]] = {s.id: [s.body] for s in built.sections}
    section_ids = [s.id for s in built.sections]
    placed = {}
    renamed = []
    for n, text in enumerate(texts):
        slot = rng.choice(["p", "p", "p", "table", "list", "h3", "finding_title", "finding_text",
                           "rec_text", "rec_authority", "caption", "reference", "section_title"])
        if slot == "caption" and sum(1 for v in placed.values() if v == "caption") >= 40:
            slot = "p"
        if slot == "section_title" and sum(1 for v in placed.values() if v == "section_title") >= 20:
            slot = "p"
        placed[n] = slot
        marked = _split_by_formatting(rng, _tagged(n, text))  # a line break is <br> in a body
        plain = _tagged(n, text.replace("\n", " "))  # one-line fields
        target = rng.choice(section_ids)
        if slot == "p":
            bodies[target].append(f"<p>{marked}</p>")
        elif slot == "table":
            bodies[target].append(f"<table><tr><th>Pabellón</th><td>{marked}</td></tr></table>")
        elif slot == "list":
            bodies[target].append(f"<ul><li>Entrevista</li><li>{marked}</li></ul>")
        elif slot == "h3":
            bodies[target].append(f"<h3>{marked}</h3>")
        elif slot in ("finding_title", "finding_text"):
            title, body = (plain, "Se constató.") if slot == "finding_title" else ("Hallazgo", plain)
            records.save(session, model.Finding(visit_id=visit.id, area="trato", title=title, text=body))
        elif slot in ("rec_text", "rec_authority"):
            text_, authority = (plain, "Ministerio Público") if slot == "rec_text" else ("Investigar.", plain)
            records.save(session, model.Recommendation(visit_id=visit.id, text=text_, authority=authority))
        elif slot == "caption":
            records.add_attachment(session, png_bytes((n % 250, 20, 40)), f"f{n}.png", plain,
                                   visit_id=visit.id, include_in_export=True)
        elif slot == "reference":  # cited under an innocent title, renamed afterwards
            finding = records.save(session, model.Finding(visit_id=visit.id, area="personal",
                                                          title=f"Hallazgo citado {n}", text="Véase."))
            bodies[target].append(f"<p>Como muestra {findings.reference_html(session, finding.id)}.</p>")
            renamed.append((finding, plain))
        elif slot == "section_title":
            section = records.save(session, model.Section(report_id=report.id, title=plain, position=100 + n))
            section_ids.append(section.id)
            bodies[section.id] = [""]
    for section_id, parts in bodies.items():
        records.save_section_body(session, section_id, "".join(parts))
    for finding, title in renamed:
        finding.title = title
        records.save(session, finding)
    return placed


def docx_paragraphs(path) -> list[str]:
    """Every paragraph's text and every alt text of the file, read independently of npmdesk."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    found = []
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            root = etree.fromstring(package.read(name))
            for paragraph in root.iter(w + "p"):
                found.append("".join(t.text or "" for t in paragraph.iter(w + "t")))
            found += [e.get("descr") for e in root.iter() if isinstance(e.tag, str) and e.get("descr")]
    return found


@pytest.fixture
def planted(session):
    built = build_report(session)
    earlier = records.save(session, model.Visit(place_id=built.visit.place_id, start_date="2024-05-02",
                                                end_date="2024-05-02"))
    for name, code in EARLIER_PEOPLE:
        records.add_interview(session, model.Interview(visit_id=earlier.id, code=code, real_identity=name,
                                                       consent_interview=True, consent_report=False))
    rng = random.Random(SEED)
    texts = variants(rng, VARIANTS)
    report = records.get(session, model.Report, built.report.id)
    report.classification = _tagged(VARIANTS, name_variant(rng))  # the header and the cover
    records.save(session, report)
    return built, texts, plant(session, built, rng, texts)


@pytest.mark.slow
def test_no_generated_variant_reaches_the_docx_unflagged(session, planted, tmp_path):
    built, texts, placed = planted
    assert len(texts) >= 1000 and len(set(placed.values())) == 11  # every kind of place was used
    found = export.disclosure_report(session, built.report.id)
    with pytest.raises(export.DisclosureFound):
        export.export_report(session, built.report.id, tmp_path / "refused.docx")
    target = tmp_path / "informe.docx"
    export.export_report(session, built.report.id, target, override=True)  # the director insists
    flagged_tags: dict[str, int] = {}
    for passage in found:
        for tag in set(TAG.findall(passage.excerpt)):
            flagged_tags[tag] = flagged_tags.get(tag, 0) + 1
    printed: dict[str, int] = {}
    for paragraph in docx_paragraphs(target):
        for tag in set(TAG.findall(paragraph)):
            printed[tag] = printed.get(tag, 0) + 1
    assert len(printed) == VARIANTS + 1, "every variant reached the document"
    unflagged = {tag: texts[int(tag)] if int(tag) < VARIANTS else "classification"
                 for tag, count in printed.items() if flagged_tags.get(tag, 0) < count}
    assert unflagged == {}


@pytest.mark.slow
def test_the_same_check_runs_on_a_section_before_it_is_sent(session, planted):
    built, texts, placed = planted
    for section in built.sections[:3]:
        stored = records.get(session, model.Section, section.id)
        tags_in_body = set(TAG.findall(html.unescape(re.sub(r"<[^>]+>", "", stored.body))))
        flagged = {tag for p in disclosure.section_passages(session, section.id) for tag in TAG.findall(p.excerpt)}
        assert tags_in_body <= flagged
