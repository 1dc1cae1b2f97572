"""Weak passphrases are refused everywhere a passphrase is set, with the reason and a suggestion:
the case file (GUI, init, import), a change of passphrase, a person's own key."""

import re
import subprocess
import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from npmdesk.crypto import strength
from npmdesk.domain import model
from npmdesk.errors import WeakPassphrase
from npmdesk.services import session as sessions
from npmdesk.services.records import edit as records
from npmdesk.services.safekeeping import passphrase as passphrases
from npmdesk.services.team import identity
from npmdesk.storage.casefile import CaseFile
from npmdesk.ui.shell.new_case import NewCaseDialog

WEAK = {  # what a person in a hurry types, and why it is refused
    "aaaaaaaaaaaa": "repite",
    "111111111111": "repite",
    "abcdefghijklmn": "secuencia",
    "123456789012": "secuencia",
    "defensoria2026": "institución",
    "Defensoría del Pueblo": "institución",
    "María González 2026": "nombres",
    "Maria-Gonzalez-2026": "nombres",
    "contraseña123": "institución",
    "corta": "menos de 12",
}


@pytest.mark.parametrize("typed", sorted(WEAK))
def test_guessable_passphrases_are_refused_with_their_reason(typed):
    refused = strength.refusal(typed, ["María González"])
    assert refused is not None, typed
    sentence = refused.message()
    assert WEAK[typed] in sentence, sentence
    suggestion = refused.fields["suggestion"]
    assert suggestion in sentence and strength.refusal(suggestion) is None


def test_passphrases_of_unrelated_words_pass():
    for typed in ("Frase de prueba segura 2026", "cerro-azul-demo-2026", "Rosa revisa con calma 2026",
                  "tobillo chaleco anzuelo admirar"):
        found = strength.assess(typed, ["María González", "Rosa Revisora"])
        assert found.acceptable and found.level >= strength.FAIR, typed


def test_suggestions_are_five_familiar_words_never_the_same():
    seen = {strength.suggest() for _ in range(40)}
    assert len(seen) == 40
    for suggestion in seen:
        words = suggestion.split("-")
        assert len(words) == 5 and all(w.isalpha() and w.isascii() and 4 <= len(w) <= 8 for w in words)
        assert strength.assess(suggestion).level >= strength.GOOD
    pool = strength._suggestion_words()
    assert len(pool) > 4000 and not any(w.startswith(("put", "mierd", "tortur")) for w in pool)


def test_a_weak_passphrase_creates_no_case_file(tmp_path):
    path = tmp_path / "nuevo.npmcase"
    with pytest.raises(WeakPassphrase) as refused:
        sessions.create_case(path, "Ana Directora 2026", owner_name="Ana Directora")
    assert "nombres" in refused.value.message()
    with pytest.raises(WeakPassphrase):
        CaseFile.create(path, "aaaaaaaaaaaa")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("nuevo")]


def test_a_weak_new_passphrase_changes_nothing(session, case_path, passphrase):
    records.save(session, model.TeamMember("Rosa Revisora", "derecho", "revisor"))
    for weak in ("111111111111", "Rosa Revisora 2026"):
        with pytest.raises(WeakPassphrase):
            passphrases.change_passphrase(session, weak)
    session.close()
    CaseFile.open(case_path, passphrase).close()  # the old passphrase still opens it


def test_a_personal_passphrase_on_the_persons_own_name_is_refused(session):
    pedro = records.save(session, model.TeamMember("Pedro Psicólogo", "psicologia", "autor"))
    for weak in ("pedro psicologo", "Pedro-Psicólogo-1", "qwertyuiopasdf"):
        with pytest.raises(WeakPassphrase):
            identity.create_keys(session, pedro.id, weak)
    identity.create_keys(session, pedro.id, "Pedro guarda su frase")


def _cli(*args, stdin_passphrase_file):
    return subprocess.run([sys.executable, "-m", "npmdesk", *map(str, args), "--passphrase-file",
                           str(stdin_passphrase_file)], capture_output=True, text=True, timeout=120)


def test_init_refuses_a_weak_passphrase_with_one_line_and_a_suggestion(tmp_path):
    weak = tmp_path / "frase.txt"
    weak.write_text("111111111111\n", encoding="utf-8")
    done = _cli("init", tmp_path / "nuevo.npmcase", stdin_passphrase_file=weak)
    assert done.returncode == 1 and done.stdout == ""
    line = done.stderr.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "repite letras, números o palabras" in line
    suggestion = re.search(r"por ejemplo: (\S+)$", line).group(1)
    assert strength.refusal(suggestion) is None
    assert not (tmp_path / "nuevo.npmcase").exists()


def test_the_new_case_dialog_refuses_weak_and_offers_a_suggestion(qtbot, tmp_path):
    view, controller = NewCaseDialog.build(None, tmp_path)
    qtbot.addWidget(view)
    view.show()
    qtbot.keyClicks(view.owner, "Ana Directora")
    qtbot.keyClicks(view.passphrase, "aaaaaaaaaaaa")
    qtbot.keyClicks(view.repeat, "aaaaaaaaaaaa")
    assert view.meter.format() == "Débil"
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert "repite letras" in view.message.text() and controller.answer is None
    view.passphrase.clear()
    view.repeat.clear()
    qtbot.keyClicks(view.passphrase, "Ana Directora 2026")
    qtbot.keyClicks(view.repeat, "Ana Directora 2026")
    qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert "nombres" in view.message.text() and controller.answer is None
    qtbot.mouseClick(view.suggest, Qt.MouseButton.LeftButton)
    suggested = view.passphrase.text()
    assert suggested == view.repeat.text() and suggested in view.message.text()
    assert view.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    assert view.meter.format() in ("Buena", "Muy buena")
    with qtbot.waitSignal(controller.sig_accepted, timeout=3000):
        qtbot.mouseClick(view.ok, Qt.MouseButton.LeftButton)
    assert controller.answer.passphrase == suggested
