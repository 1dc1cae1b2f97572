"""The form of a place of deprivation of liberty."""

import dataclasses

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

from npmdesk.domain import model, vocabulary as v
from npmdesk.i18n import _
from npmdesk.ui.records.base import FormController, FormView
from npmdesk.ui.records.widgets import CodeCombo, IntField, TextCombo


class PlaceView(FormView):
    def __init__(self, parent=None):
        super().__init__(_("Lugar de privación de libertad"), parent)
        self.name = self.add_row(_("&Nombre"), QLineEdit())
        self.kind = self.add_row(_("&Tipo de lugar"), CodeCombo(v.PLACE_KINDS))
        self.province = self.add_row(_("&Provincia o comarca"), TextCombo(v.PROVINCES))
        self.district = self.add_row(_("&Distrito"), QLineEdit())
        self.authority = self.add_row(_("&Autoridad responsable"), TextCombo(v.AUTHORITIES))
        self.capacity = self.add_row(_("&Capacidad (plazas)"), IntField())
        self.address = self.add_row(_("Di&rección"), QLineEdit())
        self.description = self.add_row(_("Descr&ipción"), QPlainTextEdit())
        self.description.setTabChangesFocus(True)


class PlaceController(FormController):
    entity = "place"
    cls = model.Place

    def connect_view(self):
        view = self.view
        for line in (view.name, view.district, view.address, view.capacity):
            line.textEdited.connect(self.touched)
        for combo in (view.province, view.authority):
            combo.editTextChanged.connect(self.touched)
        view.kind.currentIndexChanged.connect(self.touched)
        view.description.textChanged.connect(self.touched)

    def fetch_new(self, session):
        return {"record": model.Place(name="")}

    def populate(self, place):
        view = self.view
        view.name.setText(place.name)
        view.kind.set_code(place.kind)
        view.province.set_text(place.province)
        view.district.setText(place.district)
        view.authority.set_text(place.authority)
        view.capacity.set_value(place.capacity)
        view.address.setText(place.address)
        view.description.setPlainText(place.description)

    def collect(self):
        view = self.view
        return dataclasses.replace(
            self.record, name=view.name.text().strip(), kind=view.kind.code(),
            province=view.province.text(), district=view.district.text().strip(),
            authority=view.authority.text(), capacity=view.capacity.value(),
            address=view.address.text().strip(), description=view.description.toPlainText())

    def heading(self, place):
        return _("Lugar: {name}").format(name=place.name) if place.name else _("Nuevo lugar")


def open_place(ctx, record_id, parent_id, parent=None) -> PlaceView:
    view = PlaceView(parent)
    PlaceController(ctx, view, record_id, parent_id).load()
    return view
