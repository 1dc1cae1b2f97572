"""The views the main window shows in its central area, one per kind of record.

A view factory is called as `factory(ctx, record_id, parent_id, parent)`: `record_id`
None means a new record under `parent_id` (e.g. the visit of a new interview). A view
may define `flush()`, which saves pending edits before lock, quit or navigation.
"""

_VIEWS: dict = {}


def register_view(entity: str, factory) -> None:
    _VIEWS[entity] = factory


def view_for(entity: str):
    """The factory registered for `entity`, or None."""
    return _VIEWS.get(entity)


def registered() -> list[str]:
    return sorted(_VIEWS)
