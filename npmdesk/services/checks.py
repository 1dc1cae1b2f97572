"""The full check of a case file: page HMACs, structure, links and the bitácora chain."""

from dataclasses import dataclass, field

from npmdesk.i18n import N_, _
from npmdesk.services.session import Session
from npmdesk.storage import audit_log

REASONS = {
    "gap": N_("falta la entrada anterior"),
    "link": N_("no enlaza con la entrada anterior"),
    "hash": N_("su contenido fue modificado"),
}


@dataclass
class CheckResult:
    storage_problems: list[str] = field(default_factory=list)
    audit_entries: int = 0
    audit_break: tuple[int, str] | None = None

    @property
    def ok(self) -> bool:
        return not self.storage_problems and self.audit_break is None

    def lines(self) -> list[str]:
        """Sentences for the person who asked for the check."""
        out = []
        if self.storage_problems:
            out.append(_("Integridad del archivo: {count} problema(s) encontrados; restaure una copia de seguridad.")
                       .format(count=len(self.storage_problems)))
        else:
            out.append(_("Integridad del archivo: correcta (páginas cifradas y estructura)."))
        if self.audit_break is None:
            out.append(_("Bitácora: {count} entradas, cadena íntegra.").format(count=self.audit_entries))
        else:
            seq, reason = self.audit_break
            out.append(_("Bitácora: la entrada {seq} está alterada ({reason}).")
                       .format(seq=seq, reason=_(REASONS[reason])))
        return out


def check(session: Session) -> CheckResult:
    case = session.case
    result = CheckResult(storage_problems=case.integrity_problems())
    with case.lock:
        result.audit_entries = audit_log.head(case.conn)[0]
        result.audit_break = audit_log.verify(case.conn)
    return result
