"""Three laptops (a director who reviews, two authors) wired together by packages alone."""

from dataclasses import dataclass
from pathlib import Path

from npmdesk.domain import model
from npmdesk.services.team import trust
from npmdesk.services.team import identity
from npmdesk.services.exchange import package_import
from npmdesk.services.exchange import packages
from npmdesk.services.records import edit as records
from npmdesk.services.team import roster
from npmdesk.services import session as sessions
from fast_kdf import FAST_KDF

PASSPHRASE = "Frase de prueba segura 2026"


@dataclass
class Office:
    dora: sessions.Session    # director and reviewer
    luis: sessions.Session    # author of «Trato»
    marta: sessions.Session   # author of «Servicios médicos»
    folder: object
    report_id: str = ""
    section_ids: tuple = ()
    sent: int = 0

    def send(self, sender, kind: str, to: list, report_id: str | None = None):
        self.sent += 1
        path = self.folder / f"{self.sent:02d}-{kind}.npmpaq"
        packages.write(sender, kind, [s.actor.id for s in to], path, report_id)
        return path

    def deliver(self, sender, kind: str, to: list):
        path = self.send(sender, kind, to)
        # Each laptop's first roster needs the director's code, read out to its owner.
        code = trust.pinned(self.dora) if kind == "nomina" else None
        return [package_import.import_package(s, path, director_code=code) for s in to]


def make_office(tmp_path) -> Office:
    folder = tmp_path / "intercambio"
    folder.mkdir()
    dora = sessions.create_case(tmp_path / "dora.npmcase", PASSPHRASE, owner_name="Dora Directora", kdf_params=FAST_KDF)
    luis = sessions.create_case(tmp_path / "luis.npmcase", PASSPHRASE, owner_name="Luis Autor",
                                owner_discipline="derecho", kdf_params=FAST_KDF)
    marta = sessions.create_case(tmp_path / "marta.npmcase", PASSPHRASE, owner_name="Marta Médica",
                                 owner_discipline="medicina", kdf_params=FAST_KDF)
    for person in (dora, luis, marta):
        identity.create_keys(person, person.actor.id)
    for author in (luis, marta):
        card = identity.export_card(author, author.actor.id, tmp_path / f"{author.actor.name}.json")
        member = identity.import_card(dora, card)
        member.role = "autor"
        records.save(dora, member)
    roster.sign_roster(dora)
    office = Office(dora, luis, marta, folder)
    office.deliver(dora, "nomina", [luis, marta])
    place = records.save(dora, model.Place("Centro Penitenciario La Joya"))
    visit = records.save(dora, model.Visit(place.id, "2026-03-02"))
    report = records.save(dora, model.Report(visit.id, "Informe de visita a La Joya"))
    trato = records.save(dora, model.Section(report.id, "Trato", position=1, author_ids=[luis.actor.id]))
    salud = records.save(dora, model.Section(report.id, "Servicios médicos", position=2,
                                             author_ids=[marta.actor.id]))
    records.save(dora, model.Finding(visit.id, "trato", "Aislamiento prolongado", "Texto del hallazgo."))
    office.report_id, office.section_ids = report.id, (trato.id, salud.id)
    return office


def close(office: Office) -> None:
    for person in (office.dora, office.luis, office.marta):
        if person.case.is_open:
            person.close()


def examine(session, path):
    """What the exchange folder shows for one package file (its sender, its problem), or None
    when it is incomplete, not for this person or already imported."""
    from npmdesk.services.exchange import folder
    path = Path(path)
    return next((item for item in folder.scan(session, path.parent, settle=0).offered if item.path == path), None)
