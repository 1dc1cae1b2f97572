"""What the navigator, the summaries and the search box read about kinds of record: the record class
of an entity name, its title field, the plain text of a rich-text field, a search hit."""

from npmdesk.storage.records import BY_NAME, spec_of
from npmdesk.storage.search import MARK_END, MARK_START, Hit, plain_text

__all__ = ["MARK_END", "MARK_START", "Hit", "plain_text", "record_class", "title_field"]


def record_class(entity: str) -> type:
    """The dataclass of the records named `entity` ("place", "visit", …)."""
    return BY_NAME[entity].cls


def title_field(entity: str) -> str:
    """The field that titles a record of `entity`."""
    return spec_of(BY_NAME[entity].cls).title
