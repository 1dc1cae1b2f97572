"""A Word-side check without Word: the parts of every exported .docx (the demo's approved
report and draft, a letter) read back with lxml and held to what Word requires and LibreOffice
forgives: children in the schema's order (tests/ooxml_sequences.py, ECMA-376), unique
bookmark and footnote ids with every reference resolved, every relationship's target in the
package and every part's content type declared, every list and style used defined."""

import posixpath
import zipfile
from collections import Counter

import pytest
from lxml import etree

from fast_kdf import FAST_KDF
from ooxml_sequences import LEADING, SEQUENCES
from npmdesk.domain import model
from npmdesk.export.letters import LetterWriter
from npmdesk.services.archive import letters
from npmdesk.services.archive import word as export
from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
from npmdesk.services.records import edit as records
from npmdesk.services.session import open_case

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
REPEATED = {"lvl", "abstractNum", "num", "style", "headerReference", "footerReference", "numPicBullet",
            "tblStylePr", "lvlOverride", "activeWritingStyle", "attachedSchema", "smartTagType"}  # maxOccurs > 1
CHECKED_PARTS = ("word/document.xml", "word/numbering.xml", "word/footnotes.xml", "word/settings.xml",
                 "word/styles.xml", "word/header1.xml", "word/footer1.xml")


@pytest.fixture(scope="module")
def packages(tmp_path_factory):
    """name → the .docx bytes of each document the export writes from the demo."""
    folder = tmp_path_factory.mktemp("word")
    create_demo(folder / "demo.npmcase", kdf_params=FAST_KDF).close()
    session = open_case(folder / "demo.npmcase", DEMO_PASSPHRASE)
    try:
        found = {}
        reports = {r.number: r for r in records.select(session, model.Report)}
        for number, name in (("MNPT-2025-014", "aprobado"), ("MNPT-2026-031", "borrador")):
            target = folder / f"{name}.docx"
            export.export_report(session, reports[number].id, target)
            found[name] = target.read_bytes()
        letter = letters.compose(session, reports["MNPT-2025-014"].id, "2025-07-01", "2025-07-31")[0]
        found["oficio"] = LetterWriter(letter).build().to_bytes()
        return found
    finally:
        session.close()


def _local(tag: str) -> tuple[str, str]:
    namespace, _, name = tag[1:].partition("}")
    return namespace, name


def order_problems(root) -> list[str]:
    """Every element whose w: children break the schema's order, as 'parent: child after other'."""
    problems = []
    for parent in root.iter():
        if not isinstance(parent.tag, str):
            continue
        namespace, name = _local(parent.tag)
        if namespace != W:
            continue
        grand = parent.getparent()
        context = _local(grand.tag)[1] if grand is not None and isinstance(grand.tag, str) else ""
        children = [_local(c.tag)[1] for c in parent if isinstance(c.tag, str) and _local(c.tag)[0] == W]
        sequence = SEQUENCES.get(f"{name} in {context}", SEQUENCES.get(name))
        if sequence is not None:
            rank = {}
            for i, entry in enumerate(sequence):
                for alias in entry.split("|"):
                    rank[alias] = i
            last, last_child = -1, ""
            for child in children:
                if child not in rank:
                    problems.append(f"{name} (in {context}): unexpected {child}")
                    continue
                if rank[child] < last:
                    problems.append(f"{name} (in {context}): {child} after {last_child}")
                last, last_child = max(last, rank[child]), child
            twice = [c for c, n in Counter(children).items() if n > 1 and c not in REPEATED]
            problems += [f"{name} (in {context}): {c} twice" for c in twice]
        if name in LEADING:
            wanted = LEADING[name]
            head = [c for c in children[:len(wanted)] if c in wanted]
            others = [c for c in children[len(head):] if c in wanted]
            if others or head != [w for w in wanted if w in head]:
                problems.append(f"{name}: {wanted} must come first, in that order: {children[:4]}")
    return problems


def parts(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(__import__("io").BytesIO(data)) as package:
        return {name: etree.fromstring(package.read(name)) for name in package.namelist()
                if name.endswith((".xml", ".rels"))}


@pytest.mark.parametrize("name", ["aprobado", "borrador", "oficio"])
def test_children_are_in_the_order_word_requires(packages, name):
    xml = parts(packages[name])
    checked = [part for part in xml if part.startswith("word/") and part.endswith(".xml")]
    assert set(CHECKED_PARTS) - {"word/footnotes.xml"} <= set(checked)
    assert ("word/footnotes.xml" in checked) == (name == "aprobado")  # the demo's notes are in the approved one
    problems = {part: order_problems(xml[part]) for part in checked}
    assert not any(problems.values()), {part: sorted(set(p))[:10] for part, p in problems.items() if p}


def test_the_checker_catches_what_word_refuses():
    bad = etree.fromstring(f'<w:p xmlns:w="{W}"><w:pPr><w:jc w:val="left"/><w:spacing w:after="0"/></w:pPr>'
                           '<w:r><w:t>x</w:t><w:rPr><w:b/></w:rPr></w:r></w:p>')
    found = order_problems(bad)
    assert "pPr (in p): spacing after jc" in found
    assert any(p.startswith("r: ") for p in found)


@pytest.mark.parametrize("name", ["aprobado", "borrador", "oficio"])
def test_ids_are_unique_and_every_reference_resolves(packages, name):
    xml = parts(packages[name])
    document = xml["word/document.xml"]
    starts = [b.get(f"{{{W}}}id") for b in document.iter(f"{{{W}}}bookmarkStart")]
    ends = [b.get(f"{{{W}}}id") for b in document.iter(f"{{{W}}}bookmarkEnd")]
    names = [b.get(f"{{{W}}}name") for b in document.iter(f"{{{W}}}bookmarkStart")]
    assert len(set(starts)) == len(starts) and sorted(starts) == sorted(ends)
    assert len(set(names)) == len(names) and all(len(n) <= 40 for n in names)
    for instr in document.iter(f"{{{W}}}instrText"):
        words = instr.text.split()
        if words and words[0] == "REF":
            assert words[1] in names
    notes = xml.get("word/footnotes.xml")
    cited = [r.get(f"{{{W}}}id") for r in document.iter(f"{{{W}}}footnoteReference")]
    if cited:
        ids = [n.get(f"{{{W}}}id") for n in notes.iter(f"{{{W}}}footnote")]
        assert len(set(ids)) == len(ids) and set(cited) <= set(ids) and len(set(cited)) == len(cited)
    numbering = xml["word/numbering.xml"]
    nums = {n.get(f"{{{W}}}numId"): n.find(f"{{{W}}}abstractNumId").get(f"{{{W}}}val")
            for n in numbering.iter(f"{{{W}}}num")}
    abstract = {a.get(f"{{{W}}}abstractNumId") for a in numbering.iter(f"{{{W}}}abstractNum")}
    assert set(nums.values()) <= abstract
    used = {n.get(f"{{{W}}}val") for part in (document, xml["word/styles.xml"]) for n in part.iter(f"{{{W}}}numId")}
    assert used - {"0"} <= set(nums)
    styles = {s.get(f"{{{W}}}styleId") for s in xml["word/styles.xml"].iter(f"{{{W}}}style")}
    for part in (document, notes) if notes is not None else (document,):
        for tag in ("pStyle", "rStyle", "tblStyle"):
            assert {s.get(f"{{{W}}}val") for s in part.iter(f"{{{W}}}{tag}")} <= styles, tag


@pytest.mark.parametrize("name", ["aprobado", "borrador", "oficio"])
def test_relationship_targets_exist_and_content_types_are_declared(packages, name):
    with zipfile.ZipFile(__import__("io").BytesIO(packages[name])) as package:
        names = set(package.namelist())
        types = etree.fromstring(package.read("[Content_Types].xml"))
        defaults = {d.get("Extension").lower() for d in types.iter(f"{{{CT}}}Default")}
        overrides = {o.get("PartName").lstrip("/") for o in types.iter(f"{{{CT}}}Override")}
        for part in names - {"[Content_Types].xml"}:
            assert part in overrides or part.rsplit(".", 1)[-1].lower() in defaults, part
        assert not overrides - names  # nothing declared that is not there
        for rels in (n for n in names if n.endswith(".rels")):
            base = posixpath.dirname(posixpath.dirname(rels))
            for rel in etree.fromstring(package.read(rels)).iter(f"{{{PKG}}}Relationship"):
                assert rel.get("TargetMode") != "External", rel.get("Target")
                target = posixpath.normpath(posixpath.join(base, rel.get("Target"))).lstrip("/")
                assert target in names, (rels, rel.get("Target"))


@pytest.mark.parametrize("name", ["aprobado", "borrador", "oficio"])
def test_cells_and_notes_end_in_a_paragraph_and_the_body_in_its_section(packages, name):
    """Word calls a cell or a note without a closing paragraph unreadable content; LibreOffice
    does not mind."""
    xml = parts(packages[name])
    document = xml["word/document.xml"]
    blocks = (f"{{{W}}}p", f"{{{W}}}tbl")
    holders = list(document.iter(f"{{{W}}}tc"))
    if "word/footnotes.xml" in xml:
        holders += list(xml["word/footnotes.xml"].iter(f"{{{W}}}footnote"))
    assert holders
    for holder in holders:
        content = [child for child in holder if child.tag in blocks]
        assert content and content[-1].tag == f"{{{W}}}p", etree.tostring(holder)[:200]
    body = document.find(f"{{{W}}}body")
    assert body[-1].tag == f"{{{W}}}sectPr"
