"""Maintain npmdesk's gettext catalogues with babel.

    python translations/catalog.py update   # extract from the code, merge into es/en .po, compile .mo
    python translations/catalog.py check    # exit 1 when a catalogue is stale, incomplete or unsafe

Message ids are the Spanish texts. In `es` each message is confirmed (msgstr
filled, usually identical); in `en` it is translated. `update` copies new message ids into `es` (the source
is Spanish) and leaves them empty in `en`; `check` fails until a person fills them.
"""

import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOMAIN = "npmdesk"
LANGUAGES = ("es", "en")
KEYWORDS = {"_": None, "es_": None, "N_": None, "ngettext": (1, 2)}
METHOD_MAP = [("npmdesk/**.py", "python")]


def _placeholders(text: str) -> set[str]:
    sys.path.insert(0, str(ROOT))
    from npmdesk.i18n import placeholders
    return placeholders(text)


def extract() -> Catalog:
    template = Catalog(project="npmdesk", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
            str(ROOT), METHOD_MAP, keywords=KEYWORDS, comment_tags=("TRANSLATORS:",),
            strip_comment_tags=True):
        if "translations" in Path(filename).parts:
            continue
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def po_path(language: str) -> Path:
    return HERE / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def load(language: str) -> Catalog:
    path = po_path(language)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="npmdesk")
    with open(path, "rb") as fh:
        return read_po(fh, locale=language, domain=DOMAIN)


def _filled(message) -> bool:
    strings = [message.string] if isinstance(message.string, str) else list(message.string or ())
    return bool(strings) and all(strings)


def _key(message):
    return message.id if isinstance(message.id, str) else tuple(message.id)


def update() -> None:
    for language in LANGUAGES:
        catalog = load(language)
        # A fresh template per language: babel's update shares message objects with it,
        # so filling the Spanish strings would otherwise leak them into English.
        catalog.update(extract(), no_fuzzy_matching=True)
        catalog.obsolete.clear()
        if language == "es":
            for message in catalog:
                if message.id and not _filled(message):
                    if isinstance(message.id, str):
                        message.string = message.id
                    else:  # Spanish has more plural forms than the two ids: the last id fills them
                        ids = list(message.id)
                        message.string = tuple(ids[min(i, len(ids) - 1)]
                                               for i in range(catalog.num_plurals))
        path = po_path(language)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "wb") as fh:
            write_po(fh, catalog, width=100, omit_header=False, sort_output=False)
        with open(path.with_suffix(".mo"), "wb") as fh:
            write_mo(fh, catalog)


def problems() -> list[str]:
    template = extract()
    wanted = {_key(m) for m in template if m.id}
    found = []
    for language in LANGUAGES:
        catalog = load(language)
        have = {_key(m) for m in catalog if m.id}
        for missing in sorted(map(str, wanted - have)):
            found.append(f"{language}: not in catalogue: {missing!r}")
        for stale in sorted(map(str, have - wanted)):
            found.append(f"{language}: no longer in the code: {stale!r}")
        for message in catalog:
            if not message.id:
                continue
            ids = [message.id] if isinstance(message.id, str) else list(message.id)
            strs = [message.string] if isinstance(message.string, str) else list(message.string or ())
            if not _filled(message) or message.fuzzy:
                found.append(f"{language}: untranslated: {ids[0]!r}")
                continue
            for text in strs:
                if _placeholders(text) != _placeholders(ids[0] if len(ids) == 1 else ids[-1]) and \
                        _placeholders(text) != _placeholders(ids[0]):
                    found.append(f"{language}: placeholders differ: {ids[0]!r}")
        mo = po_path(language).with_suffix(".mo")
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        if not mo.exists() or mo.read_bytes() != buffer.getvalue():
            found.append(f"{language}: compiled .mo is out of date; run catalog.py update")
    return found


def main(argv: list[str]) -> int:
    if argv[1:] == ["update"]:
        update()
        return 0
    if argv[1:] == ["check"]:
        issues = problems()
        print("\n".join(issues) if issues else "catalogues complete")
        return 1 if issues else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
