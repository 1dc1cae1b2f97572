"""The PySide6 desktop application: the only layer that imports Qt widgets."""

import ctypes
import sys

if sys.version_info < (3, 12) and not hasattr(sys, "getobjects"):  # refcount first in the object
    # PySide6 6.12 on Python 3.11 drops a reference to None on every call of a void Qt method
    # (QLineEdit.setText, QPushButton.click, …; measured, see ui/editor/nonefix.py for the first
    # cases found). A session of typing ends in "Fatal Python error: none_dealloc". None is never
    # freed, so give it, once, the margin that Python 3.12's immortal objects have for good.
    ctypes.c_ssize_t.from_address(id(None)).value += 1 << 40
