"""Traspasar la raíz institucional from the team screen: the same doubly signed roster version
as `npmdesk roster sign --new-root` (services/team/roster.sign_roster, after roster.preview
has refused anyone but the current root passing it to another director with keys).

The new root's code is typed in the dialog of the first pinning (RootCodeDialog) as she reads
it out from her own card or screen; the screen never shows it first. A code that is not the
one of the key the roster would name (a card swapped for an attacker's fresh key, say) signs
nothing.
"""

from npmdesk.i18n import _
from npmdesk.services.team import identity, roster, trust
from npmdesk.ui.shell.widgets import show_message
from npmdesk.ui.team.root_code import RootCodeDialog
from npmdesk.ui.team.working import PersonalPassphrase


class RootTransfer:
    """Mixed into TeamScreen, whose `_need`, `_run`, `_done`, `ctx` and `message` it uses."""

    def transfer_root(self) -> None:
        row = self._need()
        if row is None:
            return
        show_message(self.message, "")
        new_root = row.member
        self._run(lambda s: (s.actor, *roster.preview(s, s.actor, new_root)),
                  lambda preview: self._confirm_new_root(new_root, *preview))

    def _confirm_new_root(self, new_root, signer, _version, found) -> None:
        if not found or found[0].kind != "raiz":  # no roster yet: its first signer is the root
            show_message(self.message, _("Todavía no hay una nómina firmada: quien firme la primera será la "
                                         "raíz institucional. No se ha firmado nada."))
            return
        typed = RootCodeDialog.ask(None, self, _(
            "Va a traspasar la raíz institucional a {name}: desde la próxima versión de la nómina, todas las "
            "firmas dependerán de su clave. Pida a {name} que le lea el código de su clave (doce grupos de "
            "cinco cifras, en su tarjeta o en su pantalla) y escríbalo aquí.").format(name=new_root.name))
        if typed is None:
            return
        if trust.formatted(typed) != trust.formatted(found[0].after):
            show_message(self.message, _(
                "El código escrito no es el de la clave de {name} que figuraría en la nómina. Compruébelo con "
                "{name}: si lo escribió bien, sus claves en este expediente no son las suyas (vuelva a importar "
                "su tarjeta). No se ha firmado nada.").format(name=new_root.name))
            return
        passphrases = {}
        for person in (signer, new_root):
            if identity.seconds_left(self.ctx.session, person.id) is None:
                passphrase = PersonalPassphrase.ask(self, person.name)
                if passphrase is None:
                    return
                passphrases[person.id] = passphrase

        def sign(s):
            for member_id, passphrase in passphrases.items():
                identity.unlock_identity(s, member_id, passphrase)
            return roster.sign_roster(s, signer, new_root)
        self._run(sign, lambda signed: self._done(_(
            "Raíz institucional traspasada a {name}: nómina versión {version}, código de la dirección "
            "{code}. Cada computadora lo verá en la vista previa de la nómina.").format(
                name=signed.root_name, version=signed.version, code=signed.root_code)),
            changed=("roster", ""))
