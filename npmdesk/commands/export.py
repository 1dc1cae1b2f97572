"""`npmdesk export CASE REPORT -o FILE.docx`: the report as a Word document."""

from pathlib import Path

from npmdesk.commands.common import UserError, open_session
from npmdesk.commands.common import add_command, out
from npmdesk.i18n import _


def cmd_export(args) -> int:
    from npmdesk.services.archive import word as export
    session = open_session(args)
    try:
        if args.list_disclosures:
            items = export.disclosure_report(session, args.report)
            out(_("{count} aviso(s) de identificación").format(count=len(items)))
            for item in items:
                out(f"  [{item.where}] «{item.excerpt}» — {item.reason}")
            return 1 if items else 0
        if not args.output:
            raise UserError(_("Indique el archivo de destino con -o ARCHIVO.docx."))
        target = Path(args.output)
        if target.suffix.lower() != ".docx":
            raise UserError(_("El archivo de destino debe terminar en .docx."))
        if not target.parent.is_dir():
            raise UserError(_("No existe la carpeta «{folder}».").format(folder=target.parent))
        if args.archive and Path(args.archive).suffix.lower() != ".zip":
            raise UserError(_("El paquete de archivo debe terminar en .zip."))
        if args.archive and not Path(args.archive).parent.is_dir():
            raise UserError(_("No existe la carpeta «{folder}».").format(folder=Path(args.archive).parent))
        try:
            if args.archive:
                from npmdesk.services.archive import bundle as archive
                archived = archive.export_archive(session, args.report, target, args.archive,
                                                  override=args.override_disclosure)
                result = archived.export
            else:
                result = export.export_report(session, args.report, target, override=args.override_disclosure,
                                              layout=True)
        except export.DisclosureFound as error:
            raise UserError(_("Exportación detenida: {count} pasaje(s) podrían identificar a personas "
                              "entrevistadas; véalos con «npmdesk export {case} {report} --list-disclosures».")
                            .format(count=error.fields["count"], case=args.case, report=args.report))
    finally:
        session.close()
    out(_("Informe exportado: {path}").format(path=target))
    if not result.toc_pages:
        out(_("El índice lista los títulos, sin números de página: LibreOffice no está instalado o no "
              "pudo paginarlo. Word los completa al abrir el documento (acepte «actualizar los campos»)."))
    if args.archive:
        out(_("Paquete de archivo firmado: {path}").format(path=archived.bundle))
        if archived.pdf_note:
            out(_("Sin copia PDF: {reason}.").format(reason=archived.pdf_note))
    return 0


def cmd_verify(args) -> int:
    """0: intact and from a confirmed root; 1: broken (or not from the root given with
    --director); 3: intact but its root is not confirmed on this machine."""
    from npmdesk.services.team import trust
    from npmdesk.services.archive import bundle as archive
    if args.director and not trust.formatted(args.director):
        raise UserError(_("El código de la dirección tiene doce grupos de cinco cifras (60 cifras)."))
    verdict = archive.verify_bundle(Path(args.bundle), args.director)
    for line in verdict.lines:
        out(("✓ " if line.ok else "✗ ") + line.text)
    if not verdict.intact:
        out(_("El paquete NO es válido: {count} problema(s).").format(
            count=sum(1 for line in verdict.lines if not line.ok)))
        return 1
    if not verdict.confirmed:
        out(_("El paquete está intacto, pero falta confirmar de quién es: su nómina dice venir de {name}, con "
              "el código de la dirección {code}. Compare ese código con el de la hoja de recuperación de su "
              "institución o pídalo a la dirección (nunca lo copie del paquete) y repita con "
              "--director CÓDIGO. Un paquete fabricado con claves nuevas también se ve intacto.").format(
                  name=verdict.root_name, code=verdict.root_code))
        return 3
    out(_("El paquete es válido: nada ha cambiado desde que se firmó."))
    return 0


def register(sub) -> None:
    p = add_command(sub, "export", cmd_export, _("exporta un informe a un documento Word (.docx)"))
    p.add_argument("report", metavar=_("INFORME"), help=_("identificador del informe (véalo con «list»)"))
    p.add_argument("-o", "--output", metavar=_("ARCHIVO"), help=_("documento .docx de destino"))
    p.add_argument("--override-disclosure", action="store_true",
                   help=_("exporta aunque haya avisos de identificación (solo director/a; queda en la bitácora)"))
    p.add_argument("--archive", metavar=_("PAQUETE"),
                   help=_("crea además un paquete de archivo .zip firmado (documento, PDF, manifiesto)"))
    p.add_argument("--list-disclosures", action="store_true",
                   help=_("muestra los pasajes que podrían identificar a personas entrevistadas"))

    v = sub.add_parser("verify", help=_("comprueba un paquete de archivo sin conexión"),
                       description=_("comprueba un paquete de archivo sin conexión"))
    v.add_argument("bundle", metavar=_("PAQUETE"), help=_("paquete de archivo .zip"))
    v.add_argument("--director", metavar=_("CÓDIGO"),
                   help=_("código de la dirección (doce grupos de cinco cifras) confirmado por otra vía; sin él "
                          "vale el fijado en esta computadora"))
    v.set_defaults(handler=cmd_verify)
