"""argparse's own words ("usage:", "options", its errors) in the interface language.

argparse translates through `gettext.gettext`, whose catalogue is chosen by environment
variables, not by npmdesk's language. So its English strings are mapped here to Spanish
message ids of our catalogue (the English catalogue gives the English back), and argparse's
two translation functions are pointed at `text` and `plural`.
"""

import argparse

from npmdesk.i18n import N_, _

# TRANSLATORS: argparse's %-placeholders must stay exactly as they are.
MESSAGES = {
    "usage: ": N_("uso: "),
    "positional arguments": N_("argumentos posicionales"),
    "options": N_("opciones"),
    "show this help message and exit": N_("muestra esta ayuda y termina"),
    "the following arguments are required: %s": N_("faltan estos argumentos obligatorios: %s"),
    "one of the arguments %s is required": N_("hace falta uno de estos argumentos: %s"),
    "unrecognized arguments: %s": N_("argumentos no reconocidos: %s"),
    "ambiguous option: %(option)s could match %(matches)s":
        N_("opción ambigua: %(option)s puede ser %(matches)s"),
    "invalid choice: %(value)r (choose from %(choices)s)":
        N_("valor no válido: %(value)r (elija entre %(choices)s)"),
    "argument %(argument_name)s: %(message)s": N_("argumento %(argument_name)s: %(message)s"),
    "%(prog)s: error: %(message)s\n": N_("%(prog)s: error: %(message)s\n"),
    "expected one argument": N_("se esperaba un valor"),
    "expected at most one argument": N_("se esperaba como mucho un valor"),
    "expected at least one argument": N_("se esperaba al menos un valor"),
    "invalid %(type)s value: %(value)r": N_("valor %(type)s no válido: %(value)r"),
    "can't open '%(filename)s': %(error)s": N_("no se puede abrir «%(filename)s»: %(error)s"),
    "not allowed with argument %s": N_("no se admite junto con el argumento %s"),
    "unexpected option string: %s": N_("opción inesperada: %s"),
    "ignored explicit argument %r": N_("se ignoró el argumento explícito %r"),
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        N_("orden desconocida %(parser_name)r (opciones: %(choices)s)"),
}
PLURALS = {
    ("expected %s argument", "expected %s arguments"): (N_("se esperaba %s valor"),
                                                        N_("se esperaban %s valores")),
}


def text(message: str) -> str:
    """argparse's `message` in the interface language (unknown ones stay as argparse wrote them)."""
    spanish = MESSAGES.get(message)
    return _(spanish) if spanish else message


def plural(singular: str, plural_form: str, n: int) -> str:
    spanish = PLURALS.get((singular, plural_form))
    if not spanish:
        return singular if n == 1 else plural_form
    return _(spanish[0]) if n == 1 else _(spanish[1])


def install() -> None:
    """Route argparse's translations through ours (argparse looks both names up at each call)."""
    setattr(argparse, "_", text)
    setattr(argparse, "ngettext", plural)
