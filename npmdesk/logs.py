"""Logging to a rotating file in the user's state folder.

Log lines say what happened (operation, error type) and never carry case content:
record text, names, search terms and passphrases are not passed to the logger.
"""

import logging
import logging.handlers

from npmdesk.paths import log_file


def setup(level: int = logging.INFO) -> None:
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                                       encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def log_exception(logger: logging.Logger, context: str, exc: BaseException) -> None:
    """Record an unexpected error by type and code location only, never its message text,
    which could quote case content."""
    import traceback
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames))
    logger.error("%s: %s at %s", context, type(exc).__name__, where)
