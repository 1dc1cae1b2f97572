"""The report templates a case file can use: the shipped ones and the institution's own.

Shipped templates live in resources/report_templates/*.json. An institution's template is
imported into the case file (meta key 'template:KEY'), so it is encrypted and travels with it.
"""

from pathlib import Path

from npmdesk.crypto.hashing import digest
from npmdesk.domain.vocabulary import ANNUAL_KIND
from npmdesk.domain.templates import MAX_TEMPLATE_BYTES, ReportTemplate, TemplateError, parse
from npmdesk.i18n import _
from npmdesk.paths import resources_dir
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, schema

_META_PREFIX = "template:"
ANNUAL_KEY = "anual"  # the shipped template of the annual report (resources/report_templates/anual.json)


def templates_dir() -> Path:
    return resources_dir() / "report_templates"


def builtin_templates() -> dict[str, ReportTemplate]:
    found = {}
    for path in sorted(templates_dir().glob("*.json")):
        template = parse(path.read_bytes())
        found[template.key] = template
    return found


def _imported(session: Session) -> dict[str, ReportTemplate]:
    with session.case.lock:
        rows = session.case.query("SELECT key, value FROM meta WHERE key LIKE 'template:%' ORDER BY key")
    found = {}
    for _key, value in rows:
        template = parse(value)
        found[template.key] = template
    return found


def available(session: Session | None = None) -> dict[str, ReportTemplate]:
    """Every template by key; an imported template replaces a shipped one with the same key."""
    found = builtin_templates()
    if session is not None:
        found.update(_imported(session))
    return found


def for_visits(session: Session | None = None) -> dict[str, ReportTemplate]:
    """The templates a visit's report may use: all but the annual report's."""
    return {key: t for key, t in available(session).items() if t.report_kind != ANNUAL_KIND}


def get(session: Session | None, key: str) -> ReportTemplate:
    templates = available(session)
    if key not in templates:
        raise TemplateError(reason=_("no existe la plantilla «{key}».").format(key=key[:40]))
    return templates[key]


def default_key(visit_kind: str) -> str:
    return {"seguimiento": "seguimiento", "tematica": "tematico"}.get(visit_kind, "visita")


def import_template(session: Session, path: Path) -> ReportTemplate:
    """Check the JSON template at `path` and store it in the case file; nothing changes if it is bad."""
    path = Path(path)
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(reason=_("el archivo supera los 2 MB admitidos."))
        raw = path.read_bytes()
    except OSError:
        raise TemplateError(reason=_("no se puede leer el archivo «{name}».").format(name=path.name)) from None
    template = parse(raw)
    text = raw.decode("utf-8-sig")
    with session.case.transaction() as conn:
        schema.set_meta(conn, _META_PREFIX + template.key, text)
        audit_log.append(conn, session.actor.id, session.actor.name, "importar_plantilla", "template",
                         template.key, digest({"template": text}))
    return template
