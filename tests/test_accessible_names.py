"""What ui/common/accessible.py tells assistive technology, asked in-process (the real bus is
tests/test_accessibility_bus.py): a combo box's name is its label, not its choice; a chart is a
chart."""

from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAccessibleWidget

from npmdesk.domain import vocabulary as v
from npmdesk.ui.common import accessible
from npmdesk.ui.records.widgets import CodeCombo, TextCombo
from npmdesk.ui.tracking.chart import StackedBarChart


def interface(widget):
    accessible.install()
    return QAccessible.queryAccessibleInterface(widget)


def test_a_combo_box_is_named_by_its_label_and_valued_by_its_choice(qtbot):
    combo = CodeCombo(v.DISCIPLINES)
    qtbot.addWidget(combo)
    combo.setAccessibleName("Disciplina de Ana Directora")
    combo.set_code("derecho")
    found = interface(combo)
    assert found.role() == QAccessible.Role.ComboBox
    assert found.text(QAccessible.Text.Name) == "Disciplina de Ana Directora"
    assert found.text(QAccessible.Text.Value) == combo.currentText() != ""
    assert found.childCount() == 1 and found.child(0).object() is combo.view()
    assert QAccessibleWidget.showMenuAction() in found.actionInterface().actionNames()


def test_an_editable_combo_box_names_its_field_too(qtbot):
    combo = TextCombo(["Panamá", "Colón"])
    qtbot.addWidget(combo)
    combo.setAccessibleName("Provincia o comarca")
    found = interface(combo)
    assert found.childCount() == 2
    assert found.child(1).object() is combo.lineEdit()
    assert found.child(1).text(QAccessible.Text.Name) == "Provincia o comarca"


def test_a_combo_box_without_a_name_still_says_its_choice(qtbot):
    combo = CodeCombo(v.DISCIPLINES)
    qtbot.addWidget(combo)
    assert interface(combo).text(QAccessible.Text.Name) == combo.currentText()


def test_a_chart_is_a_chart_with_its_title_and_figures(qtbot):
    chart = StackedBarChart()
    qtbot.addWidget(chart)
    chart.set_data("Visitas por provincia", {"Coclé": {"n": 2}}, [("n", "Número")])
    found = interface(chart)
    assert found.role() == QAccessible.Role.Chart
    assert found.text(QAccessible.Text.Name) == "Visitas por provincia"
    assert "Coclé" in found.text(QAccessible.Text.Description)
