"""The BagIt zip read as a hostile file: traversal, absolute names, bombs, duplicates, several
top folders; nothing is written outside the private folder and each gets one Spanish sentence."""

import subprocess
import sys
import zipfile

import pytest

from npmdesk.export import bag, bundle


def hostile(tmp_path, entries, compression=zipfile.ZIP_DEFLATED):
    path = tmp_path / "hostil.zip"
    with zipfile.ZipFile(path, "w", compression=compression) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize("name", ["archivo/../../fuera.txt", "/tmp/fuera.txt", "archivo/data/..\\fuera.txt",
                                  "C:/fuera.txt", "archivo/./data/x.txt"])
def test_traversal_and_absolute_names_are_refused(tmp_path, name, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = hostile(tmp_path, [("archivo/bagit.txt", b"BagIt-Version: 1.0\n"), (name, b"x")])
    with pytest.raises(bag.Unreadable) as caught:
        bag.read_zip(path)
    assert "nombre de archivo no permitido" in caught.value.reason
    assert not (tmp_path.parent / "fuera.txt").exists() and not (tmp_path / "fuera.txt").exists()
    verdict = bundle.verify(path)
    assert [line.text for line in verdict.lines] == [
        f"«hostil.zip» no es un paquete de archivo legible: contiene un nombre de archivo no permitido: «{name}»."]


def test_zip_bomb_is_refused_before_extraction(tmp_path):
    path = hostile(tmp_path, [("archivo/data/ceros.bin", bytes(64 * 1024 * 1024))])
    assert path.stat().st_size < 1024 * 1024
    with pytest.raises(bag.Unreadable) as caught:
        bag.read_zip(path)
    assert "posible bomba zip" in caught.value.reason


def test_duplicates_and_several_top_folders_are_refused(tmp_path):
    with pytest.raises(bag.Unreadable) as caught:
        bag.read_zip(hostile(tmp_path, [("archivo/data/Informe.docx", b"a"), ("archivo/data/informe.docx", b"b")]))
    assert "dos veces" in caught.value.reason
    with pytest.raises(bag.Unreadable) as caught:
        bag.read_zip(hostile(tmp_path, [("uno/data/a", b"a"), ("dos/data/b", b"b")]))
    assert "única carpeta principal" in caught.value.reason
    with pytest.raises(bag.Unreadable) as caught:
        bag.read_zip(hostile(tmp_path, [("suelto.txt", b"a"), ("suelto.txt/x", b"b")]))
    assert "fuera de la carpeta" in caught.value.reason or "única carpeta" in caught.value.reason


def test_written_bag_validates_with_the_bagit_command(tmp_path):
    """The bag npmdesk writes is one the reference tool (bagit.py --validate) accepts."""
    path = tmp_path / "b.zip"
    with open(path, "wb") as handle:
        bag.write_zip(handle, "archivo", {"informe.docx": b"PK...", "secciones/a.html": "<p>Sí</p>".encode()},
                      {"External-Identifier": "MNPT-2025-014"})
    with zipfile.ZipFile(path) as archive:
        archive.extractall(tmp_path / "x")
    done = subprocess.run([sys.executable, "-m", "bagit", "--validate", str(tmp_path / "x" / "archivo")],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "is valid" in done.stderr
    info = (tmp_path / "x" / "archivo" / "bag-info.txt").read_text(encoding="utf-8")
    assert "Payload-Oxum: 15.2\n" in info and "External-Identifier: MNPT-2025-014" in info


def test_a_section_id_that_is_not_a_plain_name_makes_no_path(tmp_path):
    """ADVERSARY: a section id arriving from elsewhere as a path («../../fuera»): its text file is
    named by the id's hash, so the bundle stays one the reader accepts."""
    data = bundle.payload({}, {"sections": []}, {"../../fuera": "<p>x</p>", "9b1c-uuid": "<p>y</p>"}, [])
    names = sorted(data)
    assert "secciones/9b1c-uuid.html" in names
    assert not any(".." in name for name in names)
    path = tmp_path / "b.zip"
    with open(path, "wb") as handle:
        bag.write_zip(handle, "archivo", data, {})
    assert bag.read_zip(path).problems == []
