"""The real npmdesk on a real X display with the real accessibility bus, for
tests/test_accessibility_bus.py.

`AccessibleApp` starts, each its own: an Xvfb display (the first free one: `-displayfd`), a
D-Bus session bus (`dbus-daemon --session`), the AT-SPI bus on it (`at-spi-bus-launcher`, which
starts `at-spi2-registryd`), then `npmdesk CASE` in the venv's Python on that display
(QT_QPA_PLATFORM=xcb, accessibility always on), unlocked by NPMDESK_PASSPHRASE. Keys are typed
with xdotool, as a person types them; `walk()` asks tests/atspi_walk.py, run by Debian's Python
(which has pyatspi), for what a screen reader sees. Everything is ended, by its own process, at
`close()`.
"""

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from npmdesk import ENV_PASSPHRASE

ROOT = Path(__file__).resolve().parent.parent
WALKER = Path(__file__).resolve().parent / "atspi_walk.py"
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
APP_NAME = "npmdesk"
# Debian's packages for each tool this needs; .ci/run installs them.
# QApplication.keyboardInputInterval() (400 ms) and a margin.
TYPE_AHEAD_RESET = 0.5
NEEDED = {"Xvfb": "xvfb", "dbus-daemon": "dbus", "xdotool": "xdotool", BUS_LAUNCHER: "at-spi2-core"}


def missing_tools() -> list[str]:
    """The Debian packages to install before the accessibility test can run (empty when none)."""
    lacking = [package for tool, package in NEEDED.items()
               if not (os.access(tool, os.X_OK) if tool.startswith("/") else shutil.which(tool))]
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True) \
        if os.access(SYSTEM_PYTHON, os.X_OK) else None
    if probe is None or probe.returncode != 0:
        lacking.append("python3-pyatspi")
    return lacking


class AccessibleApp:
    def __init__(self, case: Path, passphrase: str, home: Path):
        self.processes: list[subprocess.Popen] = []
        self.last_typed = 0.0
        self.env = dict(os.environ)
        for name, sub in (("HOME", ""), ("XDG_CONFIG_HOME", ".config"), ("XDG_DATA_HOME", ".local/share"),
                          ("XDG_CACHE_HOME", ".cache"), ("XDG_STATE_HOME", ".local/state"),
                          ("XDG_RUNTIME_DIR", "run"), ("TMPDIR", "tmp")):
            (home / sub).mkdir(parents=True, exist_ok=True)
            self.env[name] = str(home / sub)
        os.chmod(home / "run", 0o700)
        self.env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        self.env.pop("AT_SPI_BUS_ADDRESS", None)
        self.log = home / "app.log"
        try:
            self._start_display()
            self._start_buses()
            self._start_app(case, passphrase)
        except BaseException:
            self.close()
            raise

    def _spawn(self, argv: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(argv, env=self.env, start_new_session=True, **kwargs)
        self.processes.append(process)
        return process

    def _first_line(self, process: subprocess.Popen, what: str) -> str:
        line = process.stdout.readline().strip()
        if not line:
            raise RuntimeError(f"{what} did not start (exit code {process.poll()})")
        return line

    def _start_display(self) -> None:
        xvfb = self._spawn(["Xvfb", "-displayfd", "1", "-screen", "0", "1280x720x24", "-nolisten", "tcp"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.env["DISPLAY"] = ":" + self._first_line(xvfb, "Xvfb")

    def _start_buses(self) -> None:
        dbus = self._spawn(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        self.env["DBUS_SESSION_BUS_ADDRESS"] = self._first_line(dbus, "dbus-daemon")
        self._spawn([BUS_LAUNCHER, "--launch-immediately"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL)

    def _start_app(self, case: Path, passphrase: str) -> None:
        env = dict(self.env, QT_QPA_PLATFORM="xcb", QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                   PYTHONPATH=str(ROOT), **{ENV_PASSPHRASE: passphrase})
        with open(self.log, "wb") as log:
            self.app = subprocess.Popen([sys.executable, "-m", "npmdesk", str(case)], env=env, cwd=ROOT,
                                        stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.processes.append(self.app)

    def walk(self, until: str = "", timeout: float = 30) -> list[dict]:
        """What the bus shows of npmdesk, once an element `ROLE=NAME` (if given; `NAME*`: a name
        that starts so) is showing."""
        done = subprocess.run([SYSTEM_PYTHON, str(WALKER), APP_NAME, "--until", until, "--timeout",
                               str(timeout)], env=self.env, capture_output=True, text=True,
                              timeout=timeout + 30)
        answer = json.loads(done.stdout or "null")
        if done.returncode != 0:
            raise AssertionError(f"not on the accessibility bus within {timeout:g} s: {until}; "
                                 f"seen: {answer}; walker: {done.stderr[-1500:]}; app: {self.app_log()}")
        return answer

    def keys(self, *keys: str) -> None:
        """Type `keys` (xdotool names: ctrl+shift+r, Tab, Return) into npmdesk's focused window."""
        subprocess.run(["xdotool", "key", "--delay", "60", *keys], env=self.env, check=True, timeout=30)

    def type(self, text: str) -> None:
        """Type `text` as letters (a tree's type-ahead finds the item that starts with them), as a
        search of its own: Qt adds letters typed within its keyboard interval to the last search."""
        wait = self.last_typed + TYPE_AHEAD_RESET - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        subprocess.run(["xdotool", "type", "--delay", "50", text], env=self.env, check=True, timeout=30)
        self.last_typed = time.monotonic()

    def focus_window(self, title_part: str) -> None:
        subprocess.run(["xdotool", "search", "--sync", "--onlyvisible", "--name", title_part,
                        "windowfocus", "--sync"], env=self.env, check=True, timeout=30,
                       capture_output=True)

    def app_log(self) -> str:
        """The end of what npmdesk printed, less Qt's notice that the bus asks it for something
        it does not implement (printed at every walk)."""
        lines = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(line for line in lines if "GetApplicationBusAddress" not in line)[-2000:]

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 10
        for process in reversed(self.processes):
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            if process.stdout is not None:
                process.stdout.close()
