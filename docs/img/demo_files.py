"""The files the screenshots open, made from the demo case file before the application starts:
the case file itself, a package an author sends back with a changed section (made in a copy of
the case file, as another laptop would), a Word export of the approved report (to import
again), and a folder holding it (to migrate). Also the ids of the records the shots show."""

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass
class DemoFiles:
    case: Path
    package: Path
    docx: Path
    archive: Path
    ids: dict


def make(folder: Path, kdf_params=None) -> DemoFiles:
    """Write the demo and its companion files into `folder` (which must be empty)."""
    from npmdesk.domain import model
    from npmdesk.services import session as sessions
    from npmdesk.services.archive import word
    from npmdesk.services.demo.case import DEMO_PASSPHRASE, create_demo
    from npmdesk.services.records import edit as records

    case = folder / "MNPT-2026.npmcase"
    demo = create_demo(case, kdf_params=kdf_params)
    sections = records.select(demo, model.Section)
    returned = next(s for s in sections if s.state == "con_observaciones")
    reports = records.select(demo, model.Report)
    approved = next(r for r in reports if r.state in ("aprobado", "exportado"))
    finding = records.select(demo, model.Finding)[0]
    visit = records.get(demo, model.Visit, finding.visit_id)
    drafting = next(s for s in sections if s.report_id != approved.id and s.state == "borrador"
                    and s.key == "condiciones_materiales")
    ids = {
        "returned": returned.id, "observed_report": returned.report_id, "approved_report": approved.id,
        "finding": finding.id, "visit": visit.id, "place": visit.place_id, "drafting": drafting.id,
        "interview": records.select(demo, model.Interview, visit_id=visit.id)[0].id,
        "recommendation": records.select(demo, model.Recommendation)[0].id,
        "author": (drafting.author_ids or returned.author_ids)[0],
        "director": demo.actor.id,
    }
    archive = folder / "informes-anteriores"
    archive.mkdir()
    docx = archive / "informe-aprobado.docx"
    word.export_report(demo, approved.id, docx)
    demo.close()
    package = folder / "entrega-autora.npmpaq"
    _author_package(case, folder / "laptop-autora.npmcase", package, ids, DEMO_PASSPHRASE, sessions)
    return DemoFiles(case, package, docx, archive, ids)


def _author_package(case: Path, copy: Path, package: Path, ids: dict, passphrase: str, sessions) -> None:
    """On a copy of the case file (the author's laptop), the author rewrites her section and
    sends it for review: the package the director's laptop then imports."""
    from npmdesk.domain import model
    from npmdesk.services.demo.signatures import demo_passphrase
    from npmdesk.services.exchange import packages
    from npmdesk.services.records import edit as records
    from npmdesk.services.team import identity

    shutil.copyfile(case, copy)
    laptop = sessions.open_case(copy, passphrase)
    try:
        author = records.get(laptop, model.TeamMember, ids["author"])
        identity.unlock_identity(laptop, author.id, demo_passphrase(author))
        section = records.get(laptop, model.Section, ids["drafting"])
        records.save_section_body(laptop, section.id, section.body + "<p>Se añade la medición de la "
                                  "ventilación del pabellón 3, hecha con el termohigrómetro del equipo.</p>")
        packages.write(laptop, "entrega", [ids["director"]], package, section.report_id, as_member=author.id)
    finally:
        laptop.close()
