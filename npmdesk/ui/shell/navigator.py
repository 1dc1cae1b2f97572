"""The navigator's item model: groups and records of the case file as a lazily filled tree.

The model never reads the case file itself. A group is filled when the tree asks
for it (`fetchMore` → `sig_fetch`) and the controller answers, after an
operation, with `set_rows`. Rows are synchronised by record id, so a refresh
keeps expansion and selection.
"""

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QApplication, QStyle

from npmdesk.i18n import _
from npmdesk.ui.shell.tree_data import CHILD_GROUPS, GROUP_LABELS, Row

COL_TITLE = 0
COL_DETAIL = 1
COLUMNS = 2

KindRole = Qt.ItemDataRole.UserRole + 1
"""'group' or 'record'."""
EntityRole = Qt.ItemDataRole.UserRole + 2
"""The entity name of a record, or of a group's children."""
IdRole = Qt.ItemDataRole.UserRole + 3
"""A record's id; None for groups."""
ParentIdRole = Qt.ItemDataRole.UserRole + 4
"""The id of the record that owns the group (or the record's group); None at the top."""
KeyRole = Qt.ItemDataRole.UserRole + 5
"""The item's key: ('group', entity, parent id) or ('record', entity, id)."""

GROUP, RECORD, ROOT = "group", "record", "root"


class Node:
    __slots__ = ("kind", "entity", "record_id", "parent_id", "title", "detail", "parent",
                 "children", "loaded", "row", "count", "__weakref__")

    def __init__(self, kind, entity, record_id=None, parent_id=None, title="", detail="",
                 parent=None):
        self.kind = kind
        self.entity = entity
        self.record_id = record_id
        self.parent_id = parent_id
        self.title = title
        self.detail = detail
        self.parent = parent
        self.children: list[Node] = []
        self.loaded = kind != GROUP
        self.row = 0
        self.count: int | None = None  # a group's size known before it is loaded

    @property
    def key(self) -> tuple:
        if self.kind == RECORD:
            return (RECORD, self.entity, self.record_id)
        return (self.kind, self.entity, self.parent_id)


def group_key(entity: str, parent_id: str | None) -> tuple:
    return (GROUP, entity, parent_id)


def record_key(entity: str, record_id: str) -> tuple:
    return (RECORD, entity, record_id)


class NavigatorModel(QAbstractItemModel):
    """Lugares → places → Visitas → visits → the groups of a visit → records."""

    sig_fetch = Signal(str, object)
    """Fires when the tree wants a group filled: (child entity, owner record id or None)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._root = Node(ROOT, "")
        self._nodes: dict[tuple, Node] = {}
        self._requested: set[tuple] = set()
        self._add_group(self._root, "place", None)
        style = QApplication.style()
        self._group_icon = style.standardIcon(QStyle.StandardPixmap.SP_DirIcon)
        self._record_icon = style.standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    # -- structure ------------------------------------------------------------

    def _add_group(self, owner: Node, entity: str, parent_id) -> Node:
        node = Node(GROUP, entity, None, parent_id, parent=owner)
        node.row = len(owner.children)
        owner.children.append(node)
        self._nodes[node.key] = node
        return node

    def _make_record(self, group: Node, row: Row) -> Node:
        node = Node(RECORD, group.entity, row.record_id, group.parent_id, row.title, row.detail,
                    parent=group)
        self._nodes[node.key] = node
        for child_entity in CHILD_GROUPS.get(group.entity, ()):
            self._add_group(node, child_entity, row.record_id)
        self._set_counts(node, row)
        return node

    def _set_counts(self, node: Node, row: Row) -> bool:
        """Give the record's groups the sizes `row` brings; whether one changed."""
        changed = False
        for entity, count in row.counts:
            group = self._nodes.get(group_key(entity, row.record_id))
            if group is not None and group.count != count:
                group.count = count
                changed = True
        return changed

    def _forget(self, node: Node) -> None:
        for child in node.children:
            self._forget(child)
        self._nodes.pop(node.key, None)
        self._requested.discard(node.key)

    @staticmethod
    def _renumber(group: Node) -> None:
        for row, child in enumerate(group.children):
            child.row = row

    def node(self, index: QModelIndex) -> Node:
        return index.internalPointer() if index.isValid() else self._root

    def find(self, key: tuple) -> Node | None:
        return self._nodes.get(key)

    def index_of(self, node: Node, column: int = 0) -> QModelIndex:
        if node is None or node is self._root:
            return QModelIndex()
        return self.createIndex(node.row, column, node)

    def index_for(self, key: tuple) -> QModelIndex:
        node = self.find(key)
        return self.index_of(node) if node is not None else QModelIndex()

    def loaded_groups(self, entity: str) -> list[tuple]:
        return [key for key, node in self._nodes.items()
                if node.kind == GROUP and node.entity == entity and node.loaded]

    def top_index(self) -> QModelIndex:
        return self.index(0, 0)

    # -- filling --------------------------------------------------------------

    def set_rows(self, entity: str, parent_id, rows: list[Row]) -> bool:
        """Make the group (entity, parent_id) hold exactly `rows`; False if the group is unknown."""
        group = self.find(group_key(entity, parent_id))
        if group is None:
            return False
        self._requested.discard(group.key)
        parent_index = self.index_of(group)
        wanted = [row.record_id for row in rows]
        keep = set(wanted)
        for position in reversed(range(len(group.children))):
            child = group.children[position]
            if child.record_id not in keep:
                self.beginRemoveRows(parent_index, position, position)
                self._forget(child)
                del group.children[position]
                self._renumber(group)
                self.endRemoveRows()
        present = {child.record_id for child in group.children}
        order = [record_id for record_id in wanted if record_id in present]
        if order != [child.record_id for child in group.children]:
            self._reorder(group, order)
        for position, row in enumerate(rows):
            children = group.children
            if position < len(children) and children[position].record_id == row.record_id:
                child = children[position]
                for entity, _count in row.counts if self._set_counts(child, row) else ():
                    group_index = self.index_for(group_key(entity, row.record_id))
                    self.dataChanged.emit(group_index, group_index)
                if (child.title, child.detail) != (row.title, row.detail):
                    child.title, child.detail = row.title, row.detail
                    self.dataChanged.emit(self.index_of(child, COL_TITLE),
                                          self.index_of(child, COL_DETAIL))
                continue
            self.beginInsertRows(parent_index, position, position)
            children.insert(position, self._make_record(group, row))
            self._renumber(group)
            self.endInsertRows()
        group.loaded = True
        self.dataChanged.emit(self.index_of(group, COL_TITLE), self.index_of(group, COL_DETAIL))
        return True

    def _reorder(self, group: Node, order: list[str]) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        by_id = {child.record_id: child for child in group.children}
        group.children = [by_id[record_id] for record_id in order]
        self._renumber(group)
        for index in old:
            node = index.internalPointer()
            if node is not None and node.parent is group:
                self.changePersistentIndex(index, self.createIndex(node.row, index.column(), node))
        self.layoutChanged.emit()

    def clear(self) -> None:
        """Forget every row (used when the case file is locked)."""
        self.beginResetModel()
        self._root = Node(ROOT, "")
        self._nodes.clear()
        self._requested.clear()
        self._add_group(self._root, "place", None)
        self.endResetModel()

    def retranslate(self) -> None:
        """Group names are translated when shown; ask the views to show them again."""
        self.layoutChanged.emit()
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)

    # -- QAbstractItemModel -----------------------------------------------------

    def index(self, row: int, column: int, parent: QModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= COLUMNS or row < 0:
            return QModelIndex()
        owner = self.node(parent)
        if row >= len(owner.children):
            return QModelIndex()
        return self.createIndex(row, column, owner.children[row])

    def parent(self, index: QModelIndex = QModelIndex()) -> QModelIndex:
        if not index.isValid():
            return QModelIndex()
        owner = index.internalPointer().parent
        if owner is None or owner is self._root:
            return QModelIndex()
        return self.createIndex(owner.row, 0, owner)

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self.node(parent).children)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return COLUMNS

    def hasChildren(self, parent: QModelIndex = QModelIndex()) -> bool:
        if parent.isValid() and parent.column() != 0:
            return False
        node = self.node(parent)
        if node.kind == GROUP and not node.loaded:
            return node.count != 0
        return bool(node.children)

    def canFetchMore(self, parent: QModelIndex) -> bool:
        if not parent.isValid() or parent.column() != 0:
            return False
        node = self.node(parent)
        return node.kind == GROUP and not node.loaded and node.key not in self._requested

    def fetchMore(self, parent: QModelIndex) -> None:
        if not self.canFetchMore(parent):
            return
        node = self.node(parent)
        self._requested.add(node.key)
        self.sig_fetch.emit(node.entity, node.parent_id)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if section == COL_TITLE:
            return _("Nombre")
        if section == COL_DETAIL:
            return _("Detalle")
        return None

    def _group_text(self, node: Node) -> str:
        label = _(GROUP_LABELS[node.entity])
        count = len(node.children) if node.loaded else node.count
        if count is None:
            return label
        return _("{label} ({count})").format(label=label, count=count)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = index.internalPointer()
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            if column == COL_TITLE:
                return self._group_text(node) if node.kind == GROUP else node.title
            return "" if node.kind == GROUP else node.detail
        if role == Qt.ItemDataRole.DecorationRole and column == COL_TITLE:
            return self._group_icon if node.kind == GROUP else self._record_icon
        if role == KindRole:
            return node.kind
        if role == EntityRole:
            return node.entity
        if role == IdRole:
            return node.record_id
        if role == ParentIdRole:
            return node.parent_id
        if role == KeyRole:
            return node.key
        return None
