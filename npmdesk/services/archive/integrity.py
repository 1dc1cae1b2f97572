"""The full check of a case file: page HMACs, structure, links and the bitácora chain."""

from dataclasses import dataclass, field

from npmdesk.i18n import N_, _
from npmdesk.errors import InvalidRoster, NpmdeskError
from npmdesk.services.review import verification
from npmdesk.services.session import Session
from npmdesk.storage import audit_log, review_store

REASONS = {
    "gap": N_("falta la entrada anterior"),
    "link": N_("no enlaza con la entrada anterior"),
    "hash": N_("su contenido fue modificado"),
}


STEPS = 3  # the encrypted pages and structure, the bitácora chain, the signatures


class CheckCancelled(NpmdeskError):
    template = N_("Comprobación cancelada. El expediente no se ha modificado.")


@dataclass
class CheckResult:
    storage_problems: list[str] = field(default_factory=list)
    audit_entries: int = 0
    audit_break: tuple[int, str] | None = None
    signatures: int = 0
    signature_problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.storage_problems and self.audit_break is None and not self.signature_problems

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
        if self.signature_problems:
            out.append(_("Firmas: {count} problema(s) frente a la nómina firmada:")
                       .format(count=len(self.signature_problems)))
            out += ["  - " + line for line in self.signature_problems]
        elif self.signatures:
            out.append(_("Firmas: {count} firmas verificadas frente a la nómina y el contenido actual.")
                       .format(count=self.signatures))
        return out


def check(session: Session, progress=None, cancel=None) -> CheckResult:
    """Check everything; read-only. `progress(done, STEPS)` after each step; `cancel()`
    returning True stops between steps with CheckCancelled."""
    case = session.case

    def step(done: int) -> None:
        if progress is not None:
            progress(done, STEPS)
        if done < STEPS and cancel is not None and cancel():
            raise CheckCancelled()

    step(0)
    result = CheckResult(storage_problems=case.integrity_problems())
    step(1)
    with case.lock:
        result.audit_entries = audit_log.head(case.conn)[0]
        result.audit_break = audit_log.verify(case.conn)
        result.signatures = len(review_store.signatures(case.conn)) + len(review_store.rosters(case.conn))
    step(2)
    if not result.storage_problems:
        try:
            result.signature_problems = [p.message() for p in verification.verify_approvals(session)]
        except InvalidRoster as exc:
            result.signature_problems = [exc.message()]
    step(STEPS)
    return result
