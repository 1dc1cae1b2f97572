"""Windows: the session lock (Win+L, screen saver with password) and sleep, from window messages.

Qt exposes no signal for either, but its native event filter sees every message of the
application's windows. A hidden, never-shown native window is registered with
WTSRegisterSessionNotification, so WM_WTSSESSION_CHANGE arrives with WTS_SESSION_LOCK;
WM_POWERBROADCAST with PBT_APMSUSPEND reaches every top-level window before sleep.
The decoding (`is_lock_message`) is plain ctypes and is tested on every platform.
"""

import ctypes
import logging
import sys

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication
from PySide6.QtWidgets import QWidget

log = logging.getLogger(__name__)

WM_POWERBROADCAST = 0x0218
PBT_APMSUSPEND = 0x0004
WM_WTSSESSION_CHANGE = 0x02B1
WTS_SESSION_LOCK = 0x7
NOTIFY_FOR_THIS_SESSION = 0
MESSAGE_TYPES = (b"windows_generic_MSG", b"windows_dispatcher_MSG")


class MSG(ctypes.Structure):
    """The Win32 MSG structure (winuser.h), laid out for the running process."""

    _fields_ = [("hwnd", ctypes.c_void_p), ("message", ctypes.c_uint),
                ("wParam", ctypes.c_size_t), ("lParam", ctypes.c_ssize_t),
                ("time", ctypes.c_ulong), ("pt_x", ctypes.c_long), ("pt_y", ctypes.c_long)]


def is_lock_message(event_type: bytes, address: int) -> bool:
    """True when the native message at `address` says the session locks or the PC goes to sleep."""
    if bytes(event_type) not in MESSAGE_TYPES or not address:
        return False
    msg = MSG.from_address(int(address))
    return ((msg.message == WM_WTSSESSION_CHANGE and msg.wParam == WTS_SESSION_LOCK)
            or (msg.message == WM_POWERBROADCAST and msg.wParam == PBT_APMSUSPEND))


class WindowsLockFilter(QAbstractNativeEventFilter):
    """Calls `on_lock()` when Windows reports a session lock or an imminent sleep."""

    def __init__(self, on_lock):
        super().__init__()
        self.on_lock = on_lock
        self.sink = None

    def nativeEventFilter(self, event_type, message):
        try:
            address = int(message)
        except (TypeError, ValueError):
            return False, 0
        if is_lock_message(bytes(event_type), address):
            self.on_lock()
        return False, 0

    def install(self) -> bool:
        """Start listening (Windows only); True when session notifications were registered."""
        app = QCoreApplication.instance()
        if sys.platform != "win32" or app is None:
            return False
        app.installNativeEventFilter(self)
        self.sink = QWidget()
        self.sink.setObjectName("npmdesk-session-notifications")
        hwnd = int(self.sink.winId())  # creates the native window without showing it
        try:
            registered = bool(ctypes.windll.wtsapi32.WTSRegisterSessionNotification(
                ctypes.c_void_p(hwnd), NOTIFY_FOR_THIS_SESSION))
        except (AttributeError, OSError):
            registered = False
        log.info("Windows session lock notifications registered: %s", registered)
        return registered
