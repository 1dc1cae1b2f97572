"""Approving the demo's report under review, counted in the reviewer's actions (clicks and keys,
a typed passphrase counting once): the target is a 25-section report in at most 10.

The authors first send every section the template requires (on their own laptops, not counted);
the optional sections nobody wrote stay in borrador and the template's rule lets the report go
without them. Everything is driven as a person would: clicks, keys, the real dialogs."""

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from npmdesk.domain import completeness, model
from npmdesk.services.demo import case as demo
from npmdesk.services.demo import signatures as review_demo
from npmdesk.services.records import edit as records
from npmdesk.services.review import actions as review
from npmdesk.services.team import identity
from npmdesk.ui.common import ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.review.models import ItemRole
from npmdesk.ui.review.screen import open_review
from fast_kdf import FAST_KDF

REVIEWER = "Héctor Julián Sanjur Vega"


def idle(qtbot):
    qtbot.waitUntil(lambda: ops.running() == 0, timeout=20000)


def send_everything(session, report):
    """The authors send every section that needs an approval (answering the returned one first,
    writing the required ones still empty: those cannot be sent)."""
    members = {m.id: m for m in records.select(session, model.TeamMember)}
    for section in records.select(session, model.Section, report_id=report.id):
        if section.state not in ("borrador", "con_observaciones") or review.omitted(section):
            continue
        author = members[section.author_ids[0]]
        if completeness.blank(section.body) and section.required:  # a required section is written first
            records.save_section_body(session, section.id, "<p>Sin incidencias que reportar en esta área "
                                      "durante la visita.</p>")
        if not identity.is_owner(session, author.id):
            identity.unlock_identity(session, author.id, review_demo.demo_passphrase(author))
        review.submit_section(session, section.id, as_member=author.id)


class Counter:
    def __init__(self, qtbot):
        self.qtbot, self.actions = qtbot, 0

    def click(self, widget, pos=None):
        self.actions += 1
        if pos is None:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)

    def key(self, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
        self.actions += 1
        self.qtbot.keyClick(widget, key, modifier)

    def type(self, widget, text):
        """Type `text` as key events carrying their characters (QTest's keyClicks cannot type «ó»)."""
        self.actions += 1
        for char in text:
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char))

    def in_dialog(self, then):
        """Act in the next modal dialog once it is open (the dialogs block in exec())."""
        def act():
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, QDialog) or not dialog.isVisible():
                QTimer.singleShot(20, act)
                return
            then(dialog)
        QTimer.singleShot(0, act)


def test_the_demo_report_is_approved_in_at_most_ten_actions(qtbot, tmp_path):
    session = demo.create_demo(tmp_path / "demo.npmcase", kdf_params=FAST_KDF)
    try:
        report = next(r for r in records.select(session, model.Report) if r.state == "en_revision")
        sections = records.select(session, model.Section, report_id=report.id)
        assert len(sections) >= 25
        send_everything(session, report)
        for member in records.select(session, model.TeamMember):
            if not identity.is_owner(session, member.id):
                identity.lock_identity(session, member.id)
        view = open_review(AppContext(session))
        qtbot.addWidget(view)
        view.resize(1280, 720)
        view.show()
        idle(qtbot)
        count = Counter(qtbot)
        # 1-4: go to «Revisa como» (one Tab or click), type his name's first letters, then his own
        # passphrase in the dialog that asks for it, and Intro.
        count.actions += 1
        view.person.setFocus()
        passphrase = review_demo.demo_passphrase(records.select(session, model.TeamMember, name=REVIEWER)[0])
        count.in_dialog(lambda d: (count.type(d.findChild(QLineEdit), passphrase),
                                   count.key(d.findChild(QLineEdit), Qt.Key.Key_Return)))
        count.key(view.person, Qt.Key.Key_H)
        qtbot.waitUntil(lambda: view.person.currentText().startswith(REVIEWER) and ops.running() == 0, timeout=20000)
        # 5: the report's row; 6: Ctrl+Intro; 7: «Firmar y aprobar» in the confirmation.
        view.activateWindow()  # a window manager gives it back when the dialog closes; offscreen does not
        qtbot.waitUntil(view.isActiveWindow)
        top = view.queue.topLevelItem(0)
        assert top.data(0, ItemRole).id == report.id
        count.click(view.queue.viewport(), view.queue.visualItemRect(top).center())
        idle(qtbot)
        listed = {}

        def confirm(dialog):
            listed["lines"] = [dialog.items.item(i).text() for i in range(dialog.items.count())]
            count.key(dialog.sign, Qt.Key.Key_Return)
        count.in_dialog(confirm)
        count.key(view.queue, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        idle(qtbot)
        assert records.get(session, model.Report, report.id).state == "aprobado", view.message.text()
        assert count.actions <= 10, count.actions
        need = [s for s in records.select(session, model.Section, report_id=report.id) if not review.omitted(s)]
        assert {s.state for s in need} == {"aprobada"}
        assert len(listed["lines"]) == len([s for s in need]) + 1  # every section, then the report
        assert all("huella" in line for line in listed["lines"]) and "Aprobar el informe" in listed["lines"][-1]
        assert review.verify_approvals(session) == []
        signers = {row[0] for row in session.case.conn.execute(
            "SELECT signer_fingerprint FROM signatures WHERE decision IN ('aprobar', 'aprobar_informe') "
            "AND target_id IN (SELECT id FROM sections WHERE report_id = ?) OR target_id = ?",
            (report.id, report.id))}
        assert len(signers) == 1  # all by the reviewer's own key
    finally:
        if session.case.is_open:
            session.close()
