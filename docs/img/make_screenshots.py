"""Regenerate the screenshots of every main window and dialog (docs/img/NAME-SIZE.png) from the
demo case file, in the real application on a real X display (Xvfb), at 1024×600, 1280×720 and
1920×1080, and on a 1920×1080 screen set to 150 % (1280x720-150: what such a laptop shows).

Run from the repository root (needs Xvfb and Qt's xcb libraries; pngquant and optipng, when
installed, shrink the PNGs):
    python docs/img/make_screenshots.py [--display 57] [--only 1024x600]
For each size it starts `Xvfb :DISPLAY` with a screen of that size, runs the application in a
child process in a throw-away home folder (no settings or case file of yours are touched), walks
the scenes of docs/img/scenes.py (menu actions, the navigator, the search box; file choosers
answered in-process with the demo's files; dialogs cancelled once seen) and saves the whole
screen (QScreen.grabWindow), so a dialog is shown over the window it belongs to and anything
off screen is visibly missing. Every scene is kept at 1024×600 and 1280×720; the main screens
(scenes.MAIN_SHOTS) also at 1920×1080 and 150 %.

Why QT_SCALE_FACTOR=1.5 for 150 %: Qt 6 turns a 150 % desktop into a device pixel ratio of 1.5,
however it is set. Measured here under Xvfb with Qt 6.11: `Xft.dpi: 144` (what GNOME's and KDE's
150 % write), QT_FONT_DPI=144 and QT_SCALE_FACTOR=1.5 all give the same screen, 1280×720 logical
pixels on 1920×1080, devicePixelRatio 1.5 and the same widget metrics; Windows' 150 % (144 DPI)
reaches Qt the same way. So a 1920×1080 screen at 150 % lays windows out as 1280×720 does, with
every pixel drawn 1.5 times larger. A larger *text size* alone (fonts grown, widgets not, as
Windows' "Texto más grande" does) is checked offscreen by tests/test_screens_fit.py.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent
SIZES = {"1024x600": ((1024, 600), "1"), "1280x720": ((1280, 720), "1"),
         "1920x1080": ((1920, 1080), "1"), "1280x720-150": ((1920, 1080), "1.5")}
"""Tag → (the X screen in physical pixels, QT_SCALE_FACTOR)."""
EVERY_SCENE = ("1024x600", "1280x720")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--display", type=int, default=57)
    parser.add_argument("--only", choices=sorted(SIZES), action="append")
    parser.add_argument("--capture", choices=sorted(SIZES), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.capture:
        capture(args.capture)
        return
    saved = []
    for tag in args.only or SIZES:
        saved += under_xvfb(args.display, tag)
    optimise(saved)
    print(f"{len(saved)} screenshots, {sum(p.stat().st_size for p in saved) // 1024} KiB")


def under_xvfb(display: int, tag: str) -> list[Path]:
    (width, height), scale = SIZES[tag]
    server = subprocess.Popen(["Xvfb", f":{display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{display}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Xvfb :{display} did not start (is the display taken?)")
            time.sleep(0.1)
        env = dict(os.environ, DISPLAY=f":{display}", QT_QPA_PLATFORM="xcb", QT_SCALE_FACTOR=scale)
        done = subprocess.run([sys.executable, __file__, "--capture", tag], env=env, cwd=ROOT,
                              check=True, stdout=subprocess.PIPE, text=True)
        return [ROOT / line for line in done.stdout.split()]
    finally:
        server.terminate()
        server.wait()


def capture(tag: str) -> None:
    home = Path(tempfile.mkdtemp(prefix="npmdesk-shots-"))
    for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_STATE_HOME", ".local/state"),
                      ("XDG_CACHE_HOME", ".cache"), ("XDG_DATA_HOME", ".local/share")):
        (home / sub).mkdir(parents=True, exist_ok=True)
        os.environ[name] = str(home / sub)
    sys.path[:0] = [str(ROOT), str(OUT)]
    import demo_files
    import scenes
    from npmdesk import i18n
    from npmdesk.services.demo.case import DEMO_PASSPHRASE
    from npmdesk.ui.shell.app import Application, make_qapplication
    from npmdesk.ui.shell.language import apply_language

    qapp = make_qapplication()
    i18n.set_language("es")
    apply_language("es")
    folder = home / "Documentos"
    folder.mkdir()
    files = demo_files.make(folder)
    keep = None if tag in EVERY_SCENE else set(scenes.MAIN_SHOTS)

    def take(name, widget):
        screen = widget.screen()
        if widget is app.window and widget.geometry() != screen.availableGeometry():
            widget.setGeometry(screen.availableGeometry())  # as a person maximises it (no window manager here)
            stage.settle()
        if keep is not None and name not in keep:
            return
        path = OUT / f"{name}-{tag}.png"
        assert screen.grabWindow(0).save(str(path)), path
        print(path.relative_to(ROOT))

    app = Application()
    stage = scenes.Stage(qapp, app, files, take)
    scenes.run(stage, DEMO_PASSPHRASE)
    closed = []
    app.close_case(lambda: closed.append(True))  # as Archivo → Cerrar: saved, backed up, closed
    stage.wait(lambda: closed)
    shutil.rmtree(home, ignore_errors=True)  # only then: the closing backup writes beside the file


def optimise(paths: list[Path]) -> None:
    """Fewer colours (pngquant) and a tighter deflate (optipng), where installed: the repository
    keeps every shot, so each byte counts ~70 times."""
    names = [str(p) for p in paths]
    if shutil.which("pngquant") and names:
        subprocess.run(["pngquant", "--force", "--skip-if-larger", "--ext", ".png", "--quality", "70-95", *names],
                       check=False)
    if shutil.which("optipng") and names:
        subprocess.run(["optipng", "-quiet", "-o2", *names], check=False)


if __name__ == "__main__":
    main()
