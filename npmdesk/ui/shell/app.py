"""The application: which window is shown (start, unlock, main) and the moves between them.

`main(argv, passphrase)` is what `npmdesk` runs with no subcommand. Locking drops the
key and deletes the main window with every view and model in it; unlocking builds a
new one and goes back to the item the person was on.
"""

import gc
import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

from npmdesk import APP_ID, APP_NAME, ENV_PASSPHRASE, __version__, logs
from npmdesk.i18n import _
from npmdesk.paths import resources_dir
from npmdesk.services.session import grace_seconds
from npmdesk.ui.common import accessible, ops
from npmdesk.ui.common.context import AppContext
from npmdesk.ui.shell.language import apply_language
from npmdesk.ui.shell.lock import ClipboardGuard, IdleWatcher, ScreenLockListener
from npmdesk.ui.shell.settings import GEOMETRY, SPLITTER, AppSettings

log = logging.getLogger(__name__)

START, UNLOCK, MAIN = "start", "unlock", "main"
WATCH_INPUT_AFTER_MS = 500
"""How long after the main window is usable the idle watcher starts watching input."""


class Application(QObject):
    """Owns the settings, the session (while unlocked) and the one visible window."""

    sig_state = Signal(str)
    """Fires with 'start', 'unlock' or 'main' when that window becomes the visible one."""

    def __init__(self, settings: AppSettings | None = None, parent=None):
        super().__init__(parent)
        self.settings = settings or AppSettings()
        self.state = ""
        self.window = None
        self.start_controller = None
        self.unlock_controller = None
        self.main_controller = None
        self.ctx: AppContext | None = None
        self.resume_key = None
        self._busy = False
        self.idle = IdleWatcher(self.settings.lock_minutes * 60_000, self)
        self.idle.sig_idle.connect(self.lock)
        self.screen_lock = ScreenLockListener(self)
        self.screen_lock.sig_screen_locked.connect(self.lock)
        self.clipboard = ClipboardGuard(self)
        self._preloaded = False
        self._spare = None
        """The main window built during the unlock (`_preload`), until a session takes it."""
        self.page_check = None
        """The background check of every page (ui/shell/page_check.py) while one is due or running."""
        self.outside_offer = None
        """Offers a copy of the session when another program replaced the file (ui/safekeeping/outside_change.py)."""

    def _preload(self, case_name: str | None = None) -> None:
        """Import the main window and the views while the person types the passphrase
        (or while the key is derived), and build the main window of `case_name` hidden,
        so the window appears at once after unlocking. The window holds no case content
        until a session is opened in it."""
        if not self._preloaded:
            self._preloaded = True
            import npmdesk.ui.shell.main_controller  # noqa: F401
            import npmdesk.ui.review.menu  # noqa: F401
            import npmdesk.ui.shell.tools_menu  # noqa: F401
            from npmdesk.ui.common.views import load_all
            load_all()
        if case_name is not None and self.state == UNLOCK and self._spare is None:
            from npmdesk.ui.shell.main_window import MainWindow
            self._spare = MainWindow(case_name)

    def _main_window(self, case_name: str):
        """The main window built while unlocking when it is for this case file, else a new one."""
        from npmdesk.ui.shell.main_window import MainWindow
        window, self._spare = self._spare, None
        if window is not None and window.case_name == case_name:
            return window
        if window is not None:
            window.deleteLater()
        return MainWindow(case_name)

    # -- windows -----------------------------------------------------------------

    def _replace_window(self, window, state: str) -> None:
        old = self.window
        self.window = window
        if old is not None:
            old.hide()
            old.deleteLater()
        window.show()
        window.raise_()
        window.activateWindow()
        self.state = state
        self.sig_state.emit(state)

    def begin(self, case_path: Path | None = None, passphrase: str | None = None) -> None:
        """The first window: CASE's unlock screen, else the last case file's, else the start screen."""
        if case_path is None:
            last = self.settings.last_case
            case_path = last if last is not None and last.exists() else None
        if case_path is None:
            self.show_start()
        else:
            self.show_unlock(Path(case_path), passphrase)

    def show_start(self, message: str = "") -> None:
        from npmdesk.ui.shell.start import StartController, StartView
        from npmdesk.ui.shell.widgets import show_message
        view = StartView()
        self.start_controller = StartController(view, self.settings)
        self.start_controller.sig_open.connect(lambda path: self.show_unlock(path))
        self.start_controller.sig_session.connect(self.open_session)
        self.start_controller.sig_created.connect(lambda session: self.open_session(session, first_run=True))
        if message:
            show_message(view.message, message)
        self._replace_window(view, START)

    def show_unlock(self, path: Path, passphrase: str | None = None) -> None:
        from npmdesk.ui.shell.unlock import UnlockController, UnlockView
        view = UnlockView(Path(path))
        controller = UnlockController(view, self.settings.backups_kept)
        self.unlock_controller = controller
        controller.sig_unlocked.connect(
            lambda session: self.open_session(session, self.resume_key, controller.notice))
        controller.sig_other.connect(self.show_start)
        self._replace_window(view, UNLOCK)
        view.passphrase.setFocus()
        if passphrase:
            controller.unlock(passphrase, ask_who=False)
        QTimer.singleShot(0, lambda: self._preload(Path(path).name))

    def open_session(self, session, restore_key=None, notice: str = "", first_run: bool = False) -> None:
        self._preload()
        from npmdesk.ui.shell.main_controller import MainController
        self.settings.last_case = session.path
        session.key_grace_seconds = grace_seconds(self.settings.key_grace_minutes)
        self.ctx = AppContext(session, self)
        window = self._main_window(session.path.name)
        geometry = self.settings.geometry(GEOMETRY)
        if geometry is not None:
            window.restoreGeometry(geometry)
        splitter = self.settings.geometry(SPLITTER)
        if splitter is not None:
            window.splitter.restoreState(splitter)
        controller = MainController(self.ctx, window, lambda: self.settings.backups_kept,
                                    lambda: self.settings.exchange_folder)
        self.main_controller = controller
        controller.sig_lock.connect(self.lock)
        controller.sig_quit.connect(self.quit)
        controller.sig_close_case.connect(lambda: self.close_case(self.show_start))
        controller.sig_new_case.connect(lambda: self.close_case(self._new_case))
        controller.sig_open_case.connect(lambda: self.close_case(self._open_other))
        controller.sig_recover.connect(lambda: self.close_case(self._recover))
        controller.sig_settings.connect(self.edit_settings)
        window.damage_restore_button.clicked.connect(self.close_to_restore)
        if session.case.page_check_due:
            from npmdesk.ui.shell.page_check import PageCheck
            self.page_check = PageCheck(session.case, window)
            controller.sig_ready.connect(self.page_check.start)  # once the window is usable
        from npmdesk.ui.safekeeping.outside_change import OutsideChangeOffer, conflict_notice
        self.outside_offer = OutsideChangeOffer(self.ctx, window)
        if session.case.read_only:
            window.setWindowTitle(_("{title} (solo consulta)").format(title=window.windowTitle()))
            notice = " ".join(filter(None, (notice, _(
                "Abierto solo para consulta: otra ventana o programa lo tiene abierto para modificarlo."))))
        notice = " ".join(filter(None, (notice, conflict_notice(session.path))))
        self.resume_key = None
        self._replace_window(window, MAIN)
        if notice:
            window.statusBar().showMessage(notice, 60000)
        if first_run:  # a new case file: its team, keys and roster are set up before the first record
            controller.sig_ready.connect(controller.tools_menu.offer_setup)
        controller.start(restore_key)
        self.idle.set_timeout_ms(self.settings.lock_minutes * 60_000)
        self.idle.start(watch_input=False)  # the timeout runs from now, even if loading fails
        # Input restarts it shortly after the window is usable: the filter sees every event of every
        # object, and its first events make PySide look up Qt's private classes (≈ 25 ms, once).
        controller.sig_ready.connect(lambda: QTimer.singleShot(WATCH_INPUT_AFTER_MS, self.idle.watch_input))

    def _new_case(self) -> None:
        self.show_start()
        self.start_controller.create()

    def _recover(self) -> None:
        self.show_start()
        self.start_controller.recover()

    def _open_other(self) -> None:
        self.show_start()
        self.start_controller.choose()

    # -- leaving the main window ------------------------------------------------------

    @staticmethod
    def _drain() -> None:
        """Let every running operation finish and report back (callbacks may start more)."""
        for _round in range(20):
            ops.wait_all()
            if ops.running() == 0:
                return

    def _close_modals(self) -> bool:
        """Close any open dialog; True when one was open (the caller should retry later)."""
        modal = QApplication.activeModalWidget()
        if modal is None:
            return False
        while modal is not None:
            modal.close()
            if hasattr(modal, "reject"):
                modal.reject()
            next_modal = QApplication.activeModalWidget()
            if next_modal is modal:
                break
            modal = next_modal
        return True

    def _drop_main(self):
        """Delete the main window (views, models, undo stacks) and return the session."""
        window, controller, ctx = self.window, self.main_controller, self.ctx
        if self.page_check is not None:
            self.page_check.cancel()
            self.page_check = None
        self.settings.set_geometry(GEOMETRY, window.saveGeometry())
        self.settings.set_geometry(SPLITTER, window.splitter.saveState())
        controller.shutdown()
        window.allow_close = True
        window.hide()
        window.deleteLater()
        self.window = None
        self.main_controller = None
        self.ctx = None
        session = ctx.session
        ctx.deleteLater()
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        return session

    def lock(self) -> None:
        """Save pending edits, drop the key and every trace of content on screen, show the unlock screen."""
        if self.state != MAIN or self._busy:
            return
        if self._close_modals():
            QTimer.singleShot(50, self.lock)
            return
        self._busy = True
        ops.hold_errors()  # a message box now would keep the case on screen
        try:
            self.idle.stop()
            controller = self.main_controller
            self.resume_key = controller.state()
            if not controller.flush():
                log.info("pending edits could not be saved before the lock")
            self._drain()
            session = self._drop_main()
            path = session.path
            session.close()
            self.clipboard.clear_if_ours()
            gc.collect()
        finally:
            held = ops.released_errors()
            self._busy = False
        self.show_unlock(path)
        if held:  # the sentences themselves stay off the locked screen: they may name records
            from npmdesk.ui.shell.widgets import show_message
            show_message(self.window.message, _(
                "Una operación no se completó antes del bloqueo; al volver, revise el último cambio."))

    def close_to_restore(self) -> None:
        """After the background check found damaged pages: leave the case file as a lock does
        (pending edits saved, key dropped; no closing backup, which would copy the damage),
        then the unlock screen offers to restore the newest backup."""
        self.lock()
        if self.state == UNLOCK:
            from npmdesk.errors import DamagedCaseFile
            self.unlock_controller.offer_restore(DamagedCaseFile())

    def close_case(self, then) -> None:
        """Save, back up (keeping the chosen number of copies), close, then call `then()`."""
        if self.state != MAIN or self._busy:
            return
        controller = self.main_controller
        if not controller.leave():
            return
        self._busy = True
        self.idle.stop()
        self._drain()
        session = self.ctx.session
        keep = self.settings.backups_kept
        self.window.statusBar().showMessage(_("Creando la copia de seguridad de cierre…"))
        self.window.setEnabled(False)

        def finish(_result=None):
            self._drop_main()
            session.close()
            self.clipboard.clear_if_ours()
            self._busy = False
            gc.collect()
            then()

        def failed(exc):
            ops.show_error(self.window, exc)
            finish()

        exchange = self.settings.exchange_folder

        def backed_up(result):
            if result.problem:  # the backup is there; only the institution's copy is missing
                log.warning("recovery escrow not written on close")
            finish()

        if session.case.read_only:  # nothing written here to back up, and no write allowed
            finish()
            return
        from npmdesk.services.safekeeping import backups as backup_escrow  # cryptography: not needed before the first window
        ops.run_op(self.window, lambda: backup_escrow.routine_backup(session, keep, exchange, skip_unchanged=True),
                   on_done=backed_up, on_error=failed)

    def quit(self) -> None:
        if self.state == MAIN:
            self.close_case(self._exit)
        else:
            self._exit()

    def _exit(self) -> None:
        if self.window is not None:
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        self.state = ""
        QCoreApplication.instance().quit()

    # -- preferences ----------------------------------------------------------------

    def edit_settings(self) -> None:
        from npmdesk.ui.shell.settings_dialog import Preferences, SettingsDialog
        folder = self.settings.exchange_folder
        current = Preferences(self.settings.language, self.settings.lock_minutes,
                              self.settings.backups_kept, str(folder) if folder else "",
                              self.settings.key_grace_minutes)
        chosen = SettingsDialog.ask(current, self.window)
        if chosen is None or self.state != MAIN:
            return
        self.settings.lock_minutes = chosen.lock_minutes
        self.settings.backups_kept = chosen.backups_kept
        self.settings.key_grace_minutes = chosen.key_grace_minutes
        self.ctx.session.key_grace_seconds = grace_seconds(self.settings.key_grace_minutes)
        if chosen.exchange_folder != current.exchange_folder:
            self.settings.exchange_folder = Path(chosen.exchange_folder) if chosen.exchange_folder else None
            self.main_controller.exchange.set_folder(self.settings.exchange_folder)
        self.idle.set_timeout_ms(self.settings.lock_minutes * 60_000)
        if chosen.language != current.language:
            self.settings.language = chosen.language
            apply_language(chosen.language)
            self.main_controller.retranslate()


def install_excepthook() -> None:
    """Unexpected errors: details (no content) to the log, an apology in a dialog."""
    state = {"showing": False}

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        if exc.__traceback__ is None:
            exc = exc.with_traceback(tb)
        logs.log_exception(log, "unexpected error", exc)
        if state["showing"] or QApplication.instance() is None:
            return
        state["showing"] = True
        try:
            QMessageBox.critical(QApplication.activeWindow(), APP_NAME, ops.error_text(exc))
        finally:
            state["showing"] = False

    sys.excepthook = hook


def _app_icon() -> QIcon:
    icon = QIcon()
    for size in (16, 32, 48, 256):
        icon.addFile(str(resources_dir() / "icons" / f"npmdesk-{size}.png"))
    return icon


def make_qapplication() -> QApplication:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(_app_icon())
    accessible.install()
    return app


def main(argv: list[str], passphrase: str | None = None) -> int:
    """Run the GUI: `argv` is [] or [CASE]; the passphrase (or NPMDESK_PASSPHRASE) unlocks CASE at once."""
    qapp = make_qapplication()
    settings = AppSettings()
    apply_language(settings.language)
    install_excepthook()
    application = Application(settings)
    case = Path(argv[0]).expanduser() if argv else None
    if case is not None and passphrase is None:
        passphrase = os.environ.get(ENV_PASSPHRASE) or None
    application.begin(case, passphrase)
    return qapp.exec()
