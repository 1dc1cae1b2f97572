"""Work around a reference-count bug of PySide6 6.12's QtTest bindings.

Measured here: every call of a QTest function (keyClick, mouseClick, qWait, qSleep…)
lowers `sys.getrefcount(None)` by one. On Python 3.11, where None is not immortal, a
long GUI test run then ends with "Fatal Python error: none_dealloc". `install()` checks
whether the installed PySide6 has the bug (with qSleep(0), which runs no Python code)
and, only then, wraps each QTest function to give the lost reference back.
"""

import ctypes
import functools
import sys

PROBE_CALLS = 64


def has_the_bug() -> bool:
    from PySide6.QtTest import QTest
    before = sys.getrefcount(None)
    for _ in range(PROBE_CALLS):
        QTest.qSleep(0)
    lost = before - sys.getrefcount(None)
    for _ in range(max(lost, 0)):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return lost >= PROBE_CALLS


def _returning_the_reference(function):
    @functools.wraps(function)
    def call(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
    return call


def install() -> bool:
    """Wrap QTest's functions when they leak; True when the workaround was needed."""
    if sys.version_info >= (3, 12) or not has_the_bug():
        return False
    from PySide6.QtTest import QTest
    for name in dir(QTest):
        if name.startswith(("key", "mouse", "qWait", "qSleep", "touch", "send", "simulate")):
            function = getattr(QTest, name)
            if callable(function) and not isinstance(function, type):
                setattr(QTest, name, _returning_the_reference(function))
    return True
