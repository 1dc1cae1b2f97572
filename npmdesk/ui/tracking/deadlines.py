"""How a deadline reads on screen, the same on the dashboard and in the pending letters view:
overdue ones flagged first in words (not by colour alone, for screen readers and printouts)."""

from npmdesk.i18n import _, ngettext


def days_text(days_left: int) -> str:
    if days_left < 0:
        return ngettext("VENCIDO hace {days} día", "VENCIDO hace {days} días", -days_left).format(days=-days_left)
    if days_left == 0:
        return _("vence hoy")
    return ngettext("vence en {days} día", "vence en {days} días", days_left).format(days=days_left)
