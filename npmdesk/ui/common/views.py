"""The views the main window shows in its central area, one per kind of record.

A view factory is called as `factory(ctx, record_id, parent_id, parent)`: `record_id`
None means a new record under `parent_id` (e.g. the visit of a new interview). A view
may define `flush()`, which saves pending edits before lock, quit or navigation, and
returns False when they cannot be saved yet.

`load_all()` registers every view that ships: each capability's `views` module names its own
(the record forms, the report page and section editor, the recommendations overview).
"""

import importlib
import logging

log = logging.getLogger(__name__)

_VIEWS: dict = {}
PROVIDERS = (("npmdesk.ui.records.views", "register_forms"), ("npmdesk.ui.drafting.views", "register"),
             ("npmdesk.ui.tracking.views", "register"))


def register_view(entity: str, factory) -> None:
    _VIEWS[entity] = factory


def view_for(entity: str):
    """The factory registered for `entity`, or None."""
    return _VIEWS.get(entity)


def registered() -> list[str]:
    return sorted(_VIEWS)


def load_all() -> list[str]:
    """Register every view that is installed; returns the entities that have one."""
    for module_name, function in PROVIDERS:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            log.info("view provider %s is not installed", module_name)
            continue
        getattr(module, function)()
    return registered()
