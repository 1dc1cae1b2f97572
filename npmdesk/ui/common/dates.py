"""One way to type, show and check dates, and to show the bitácora's UTC times in local time.

The field is a masked line edit rather than a QDateEdit: QDateEdit inserts a typed digit before
the section's current ones and then rejects the result, so typing 24/11/2026 over 01/12/2026
left 01/11/2026 without a word. A mask overwrites, skips its own slashes and takes a paste.
"""

from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QMenu, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget, QWidgetAction)

from npmdesk.i18n import _
from npmdesk.ui.common.colours import tone_style

DATE_FORMAT = "dd/MM/yyyy"
"""The one display format of a date, everywhere in the GUI."""
LOCAL_ZONE = "America/Panama"
"""Where the team works: the bitácora is recorded in UTC and shown in this zone."""


def spanish_locale() -> QLocale:
    return QLocale(QLocale.Language.Spanish, QLocale.Country.Panama)


def show_date(iso: str) -> str:
    """An ISO date (or the date part of an ISO timestamp) as dd/mm/aaaa; "" stays ""."""
    date = QDate.fromString(iso[:10], Qt.DateFormat.ISODate) if iso else QDate()
    return date.toString(DATE_FORMAT) if date.isValid() else iso


def local_time(ts: str) -> datetime:
    """A bitácora timestamp (ISO, UTC) in the local zone."""
    when = datetime.fromisoformat(ts.replace("Z", "+00:00"))
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(ZoneInfo(LOCAL_ZONE))


def show_local_time(ts: str) -> str:
    """dd/mm/aaaa hh:mm:ss in the local zone."""
    return local_time(ts).strftime("%d/%m/%Y %H:%M:%S")


def show_utc_time(ts: str) -> str:
    when = local_time(ts).astimezone(timezone.utc)
    return _("{when} (hora universal, UTC)").format(when=when.strftime("%d/%m/%Y %H:%M:%S"))


def parse_date(text: str) -> tuple[QDate, str]:
    """The date typed as dd/mm/aaaa, or an invalid QDate and the sentence saying why."""
    parts = [part.strip() for part in text.split("/")]
    if len(parts) != 3 or not all(part.isdigit() for part in parts) or len(parts[2]) != 4:
        return QDate(), _("Escriba la fecha completa como dd/mm/aaaa (por ejemplo, 24/11/2026).")
    date = QDate(int(parts[2]), int(parts[1]), int(parts[0]))
    if not date.isValid():
        return date, _("La fecha {text} no existe en el calendario.").format(text=text.strip())
    return date, ""


class DateField(QWidget):
    """A calendar date typed as dd/mm/aaaa (or picked from a calendar), held as an ISO string.

    What was typed and cannot be a date is said under the field, and `iso()` is then "" so a
    save is refused with the form's sentence instead of keeping another date."""

    sig_date_changed = Signal(QDate)
    """Fires when the field holds a new valid date, typed or picked."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.edit = QLineEdit()
        self.edit.setInputMask("00/00/0000;_")
        self.edit.setPlaceholderText(_("dd/mm/aaaa"))
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        self.calendar = QCalendarWidget()
        self.calendar.setLocale(spanish_locale())
        self.calendar.setGridVisible(True)
        self.pick = QToolButton()
        self.pick.setText("▾")
        self.pick.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.pick)
        holder = QWidgetAction(menu)
        holder.setDefaultWidget(self.calendar)
        menu.addAction(holder)
        menu.aboutToShow.connect(self._calendar_to_text)
        self.pick.setMenu(menu)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet(tone_style("error"))
        self.message.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit)
        row.addWidget(self.pick)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setFocusProxy(self.edit)
        self._date = QDate()
        self._problem = ""
        self._remark = ""
        self.edit.textChanged.connect(self._typed)
        self.calendar.clicked.connect(self._picked)
        self.retranslateUi()
        self.setDate(QDate.currentDate())

    def retranslateUi(self) -> None:
        self.pick.setToolTip(_("Elegir en el calendario"))
        self.pick.setAccessibleName(_("Elegir en el calendario"))

    def setAccessibleName(self, name: str) -> None:
        super().setAccessibleName(name)
        self.edit.setAccessibleName(name)
        self.pick.setAccessibleName(_("Elegir {field} en el calendario").format(field=name))

    def date(self) -> QDate:
        """The date shown, or an invalid QDate while the text is not one."""
        return QDate(self._date) if not self._problem else QDate()

    def setDate(self, date: QDate) -> None:
        self.edit.setText(date.toString(DATE_FORMAT) if date.isValid() else "")

    def iso(self) -> str:
        date = self.date()
        return date.toString(Qt.DateFormat.ISODate) if date.isValid() else ""

    def set_iso(self, value: str) -> None:
        date = QDate.fromString(value, Qt.DateFormat.ISODate) if value else QDate()
        self.setDate(date if date.isValid() else QDate.currentDate())

    def problem(self) -> str:
        """The sentence shown under the field ("" when it holds a date that fits)."""
        return self._problem or self._remark

    def set_remark(self, text: str) -> None:
        """A sentence about a valid date in its context (an end before the start); "" clears."""
        self._remark = text
        self._show()

    def _typed(self, text: str) -> None:
        date, self._problem = parse_date(text)
        if not self._problem and date != self._date:
            self._date = date
            self.sig_date_changed.emit(QDate(date))
        self._show()

    def _show(self) -> None:
        sentence = self.problem()
        self.message.setText(sentence)
        self.message.setVisible(bool(sentence))
        self.edit.setAccessibleDescription(sentence)

    def _calendar_to_text(self) -> None:
        if self.date().isValid():
            self.calendar.setSelectedDate(self.date())

    def _picked(self, date: QDate) -> None:
        self.setDate(date)
        self.pick.menu().hide()
        self.edit.setFocus()


def flag_range(start: DateField, end: DateField) -> None:
    """Say under `end`, as soon as it happens, that it falls before `start`."""
    def check(*_args) -> None:
        first, last = start.date(), end.date()
        end.set_remark(_("La fecha de fin es anterior a la de inicio ({start}).").format(
            start=first.toString(DATE_FORMAT)) if first.isValid() and last.isValid() and last < first
            else "")

    start.sig_date_changed.connect(check)
    end.sig_date_changed.connect(check)
    check()
