"""Walk npmdesk's accessible tree over the real AT-SPI bus, as a screen reader sees it.

Run by Debian's /usr/bin/python3 (it has pyatspi; the project's venv cannot import it), from
tests/test_accessibility_bus.py. It imports nothing of npmdesk: what it reports is only what
crossed the bus.

    python3 atspi_walk.py APP [--until ROLE=NAME] [--timeout S]

waits until application APP is on the bus (and, with --until, until an element of that role and
name is showing; NAME* for a name that starts so), then prints one JSON list of the showing elements of APP's windows, and of
every element of its menus: role, name, description, states, the options of a combo box, the
text of a text field, the value of a slider, and the names of the elements above it.
"""

import argparse
import json
import sys
import time

import pyatspi

# A table of a thousand rows is walked through its first rows only: one screen shows no more.
MAX_CHILDREN = 80


def text_of(acc) -> str | None:
    try:
        text = acc.queryText()
    except NotImplementedError:
        return None
    return text.getText(0, min(text.characterCount, 500))


def value_of(acc) -> str | None:
    try:
        return f"{acc.queryValue().currentValue:g}"
    except NotImplementedError:
        return None


def options_of(acc) -> list[str]:
    """A combo box's choices: the items of the list (or menu) Qt puts under it."""
    found = []
    for i in range(min(acc.childCount, MAX_CHILDREN)):
        child = acc.getChildAtIndex(i)
        if child is None:
            continue
        if child.getRoleName() in ("list", "menu"):
            found += [child.getChildAtIndex(j).name for j in range(min(child.childCount, MAX_CHILDREN))
                      if child.getChildAtIndex(j) is not None]
    return found


def describe(acc, path: list[str]) -> dict:
    role = acc.getRoleName()
    states = [pyatspi.stateToString(s) for s in acc.getState().getStates()]
    node = {"role": role, "name": acc.name or "", "description": acc.description or "",
            "states": states, "path": path}
    if role in ("text", "password text", "entry", "spin button"):
        node["text"] = text_of(acc) if role != "password text" else None
    if role in ("slider", "spin button"):
        node["value"] = value_of(acc)
    if role == "combo box":
        node["options"] = options_of(acc)
    return node


def walk(acc, path: list[str], out: list[dict], in_menu: bool) -> None:
    try:
        node = describe(acc, path)
    except Exception:  # an element that went away while being read: the next walk sees the new one
        return
    in_menu = in_menu or node["role"] in ("menu bar", "popup menu", "menu")
    if "showing" not in node["states"] and not in_menu:
        return  # hidden: a screen reader does not reach it
    out.append(node)
    here = path + [node["name"] or node["role"]]
    for i in range(min(acc.childCount, MAX_CHILDREN)):
        try:
            child = acc.getChildAtIndex(i)
        except Exception:
            continue
        if child is not None:
            walk(child, here, out, in_menu)


def named(name: str, wanted: str) -> bool:
    return name.startswith(wanted[:-1]) if wanted.endswith("*") else name == wanted


def application(name: str):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        if app is not None and app.name == name:
            return app
    return None


def snapshot(app) -> list[dict]:
    out: list[dict] = []
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None:
            walk(window, [], out, in_menu=False)
    return out


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("app")
    parser.add_argument("--until", default="")
    parser.add_argument("--timeout", type=float, default=30)
    args = parser.parse_args()
    role, _sep, name = args.until.partition("=")
    deadline = time.monotonic() + args.timeout
    while True:
        app = application(args.app)
        tree = snapshot(app) if app is not None else []
        if app is not None and (not role or any(n["role"] == role and named(n["name"], name) for n in tree)):
            json.dump(tree, sys.stdout, ensure_ascii=False)
            return 0
        if time.monotonic() > deadline:
            seen = sorted({f"{n['role']}={n['name']}" for n in tree})[:200]
            json.dump({"timeout": args.until, "app": app is not None, "seen": seen}, sys.stdout,
                      ensure_ascii=False)
            return 1
        time.sleep(0.2)


if __name__ == "__main__":
    sys.exit(main())
