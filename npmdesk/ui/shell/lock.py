"""What makes the case file lock: idleness, the operating system's screen lock or sleep,
and the clipboard left holding text copied from npmdesk.

`IdleWatcher` restarts a timer on every key press, click or wheel turn anywhere in the
application. `ScreenLockListener` listens, where Qt's D-Bus module and a session bus
exist (Linux desktops), to the screensaver's ActiveChanged and logind's PrepareForSleep;
on Windows to the session-lock and suspend window messages (`oslock_windows`). macOS
reports neither through Qt; there the idle timeout and Ctrl+L lock.
"""

import hashlib
import logging

from PySide6.QtCore import QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QClipboard, QGuiApplication

log = logging.getLogger(__name__)

INPUT_EVENTS = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel,
                QEvent.Type.MouseMove, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride}

SCREENSAVERS = (
    ("org.freedesktop.ScreenSaver", "/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver"),
    ("org.gnome.ScreenSaver", "/org/gnome/ScreenSaver", "org.gnome.ScreenSaver"),
    ("org.xfce.ScreenSaver", "/org/xfce/ScreenSaver", "org.xfce.ScreenSaver"),
)
LOGIN1 = ("org.freedesktop.login1", "/org/freedesktop/login1", "org.freedesktop.login1.Manager")


class IdleWatcher(QObject):
    """Fires `sig_idle` after `timeout_ms` without input while running."""

    sig_idle = Signal()
    """Fires once when the person has not used the application for the whole timeout."""

    def __init__(self, timeout_ms: int, parent=None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(max(int(timeout_ms), 1))
        self._timer.timeout.connect(self.sig_idle.emit)
        self._active = False
        self._watching = False

    def set_timeout_ms(self, timeout_ms: int) -> None:
        self._timer.setInterval(max(int(timeout_ms), 1))
        if self._active:
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self, watch_input: bool = True) -> None:
        """Run the timeout from now; input restarts it from `watch_input()` on (at once by default)."""
        self._active = True
        self._timer.start()
        if watch_input:
            self.watch_input()

    @property
    def watching(self) -> bool:
        """True while input restarts the timeout."""
        return self._watching

    def watch_input(self) -> None:
        """Restart the timeout on every input event. This is an application-wide event filter
        (every event of every object passes through Python), so a window that is still being
        built and painted can start it once it is usable."""
        app = QGuiApplication.instance()
        if self._active and not self._watching and app is not None:
            app.installEventFilter(self)
            self._watching = True

    def stop(self) -> None:
        app = QGuiApplication.instance()
        if self._watching and app is not None:
            app.removeEventFilter(self)
        self._watching = False
        self._active = False
        self._timer.stop()

    def eventFilter(self, watched, event) -> bool:
        if event.type() in INPUT_EVENTS:
            self._timer.start()
        return False


class ScreenLockListener(QObject):
    """Fires `sig_screen_locked` when the desktop locks its screen or the computer goes to sleep."""

    sig_screen_locked = Signal()
    """Fires when the OS screen lock turns on or the system prepares to sleep."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.listening: list[str] = []
        from npmdesk.ui.shell.oslock_windows import WindowsLockFilter
        self.windows_filter = WindowsLockFilter(self.sig_screen_locked.emit)
        if self.windows_filter.install():
            self.listening.append("WTSSessionNotification")
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            log.info("QtDBus is not available; screen lock is not watched")
            return
        session = QDBusConnection.sessionBus()
        if session.isConnected():
            for service, path, interface in SCREENSAVERS:
                if session.connect(service, path, interface, "ActiveChanged", self,
                                   "1screensaver_changed(bool)"):
                    self.listening.append(interface)
        system = QDBusConnection.systemBus()
        if system.isConnected():
            service, path, interface = LOGIN1
            if system.connect(service, path, interface, "PrepareForSleep", self,
                              "1prepare_for_sleep(bool)"):
                self.listening.append(interface)
        log.info("screen lock signals watched: %d", len(self.listening))

    @Slot(bool)
    def screensaver_changed(self, active: bool) -> None:
        if active:
            self.sig_screen_locked.emit()

    @Slot(bool)
    def prepare_for_sleep(self, sleeping: bool) -> None:
        if sleeping:
            self.sig_screen_locked.emit()


def _fingerprint(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class ClipboardGuard(QObject):
    """Remembers (as a hash only) text that npmdesk put on the clipboard, to clear it on lock."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._ours: str | None = None
        self.clipboard = QGuiApplication.clipboard()
        self.clipboard.dataChanged.connect(self._changed)

    def _changed(self) -> None:
        text = self.clipboard.text(QClipboard.Mode.Clipboard)
        ours = self.clipboard.ownsClipboard() or QGuiApplication.focusWindow() is not None
        self._ours = _fingerprint(text) if ours and text else None

    def clear_if_ours(self) -> bool:
        """Empty the clipboard when it still holds text copied from npmdesk; True if it did."""
        text = self.clipboard.text(QClipboard.Mode.Clipboard)
        if self._ours is not None and text and _fingerprint(text) == self._ours:
            self.clipboard.clear(QClipboard.Mode.Clipboard)
            self._ours = None
            return True
        self._ours = None
        return False
