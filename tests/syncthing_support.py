"""Two real Syncthing instances on 127.0.0.1, as two laptops sharing folders.

Each laptop has its own Syncthing home (keys, config, index) and its own copy of every shared
folder. Everything that could leave the machine is switched off: global and local discovery,
relays, NAT traversal, STUN, usage and crash reporting, upgrades. The two devices know each
other by explicit `tcp://127.0.0.1:PORT` addresses and the GUI/REST API listens on 127.0.0.1
with a random key. Every wait is bounded and fails with what was being waited for.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

BINARY = shutil.which("syncthing")
MISSING = "syncthing is not installed (Debian: apt-get install syncthing; .ci/run installs it)"

_OPTIONS = {
    "globalAnnounceEnabled": "false", "localAnnounceEnabled": "false", "relaysEnabled": "false",
    "natEnabled": "false", "stunKeepaliveStartS": "0", "urAccepted": "-1", "urSeen": "3",
    "crashReportingEnabled": "false", "autoUpgradeIntervalH": "0", "startBrowser": "false",
    "announceLANAddresses": "false", "reconnectionIntervalS": "1", "progressUpdateIntervalS": "1",
    # Rate limits (set per laptop) apply on 127.0.0.1 too: that is how a transfer is slowed
    # enough to be caught half-way.
    "limitBandwidthInLan": "true",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Laptop:
    name: str
    root: Path
    device_id: str = ""
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    gui_port: int = field(default_factory=_free_port)
    sync_port: int = field(default_factory=_free_port)
    max_recv_kib: int = 0
    process: subprocess.Popen | None = None

    @property
    def home(self) -> Path:
        return self.root / "syncthing"

    def folder(self, folder_id: str) -> Path:
        return self.root / folder_id

    def generate(self) -> None:
        out = subprocess.run([BINARY, "generate", f"--home={self.home}", "--no-default-folder"],
                             capture_output=True, text=True, timeout=30, check=True)
        line = next(l for l in (out.stdout + out.stderr).splitlines() if "Device ID:" in l)
        self.device_id = line.split("Device ID:")[1].strip()

    def configure(self, peer: "Laptop", folder_ids: list[str]) -> None:
        """Write config.xml: this laptop, its peer at 127.0.0.1, the shared folders."""
        path = self.home / "config.xml"
        tree = ET.parse(path)
        conf = tree.getroot()
        for old in conf.findall("folder"):
            conf.remove(old)
        gui = conf.find("gui")
        gui.find("address").text = f"127.0.0.1:{self.gui_port}"
        gui.find("apikey").text = self.api_key
        options = conf.find("options")
        options.find("listenAddress").text = f"tcp://127.0.0.1:{self.sync_port}"
        for key, value in {**_OPTIONS, "maxRecvKbps": str(self.max_recv_kib)}.items():
            (options.find(key) if options.find(key) is not None else ET.SubElement(options, key)).text = value
        device = ET.SubElement(conf, "device", id=peer.device_id, name=peer.name, compression="metadata",
                               introducer="false")
        ET.SubElement(device, "address").text = f"tcp://127.0.0.1:{peer.sync_port}"
        for folder_id in folder_ids:
            self.folder(folder_id).mkdir(parents=True, exist_ok=True)
            folder = ET.Element("folder", id=folder_id, label=folder_id, path=str(self.folder(folder_id)),
                                type="sendreceive", rescanIntervalS="5", fsWatcherEnabled="true",
                                fsWatcherDelayS="1")
            for member in (self.device_id, peer.device_id):
                ET.SubElement(folder, "device", id=member)
            ET.SubElement(folder, "minDiskFree", unit="%").text = "0"
            ET.SubElement(folder, "maxConflicts").text = "10"
            conf.insert(0, folder)
        tree.write(path)

    def start(self, log: Path) -> None:
        env = {**os.environ, "STNODEFAULTFOLDER": "1", "STNOUPGRADE": "1", "STNORESTART": "1"}
        with open(log, "ab") as out:
            # Its own process group, so that teardown ends Syncthing and anything it started.
            self.process = subprocess.Popen(
                [BINARY, "serve", f"--home={self.home}", "--no-browser", "--no-restart", "--no-upgrade",
                 "--logfile=-"], stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        except ProcessLookupError:
            pass

    def rest(self, method: str, endpoint: str, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{self.gui_port}{endpoint}", data=data,
                                         method=method, headers={"X-API-Key": self.api_key})
        with urllib.request.urlopen(request, timeout=5) as answer:
            text = answer.read()
        return json.loads(text) if text.strip() else None


@dataclass
class Pair:
    a: Laptop
    b: Laptop
    log: Path

    def laptops(self):
        return (self.a, self.b)

    def peer(self, laptop: Laptop) -> Laptop:
        return self.b if laptop is self.a else self.a

    def scan(self, laptop: Laptop, folder_id: str) -> None:
        """Ask for a rescan now rather than wait for the file watcher."""
        laptop.rest("POST", f"/rest/db/scan?folder={folder_id}")

    def pause(self) -> None:
        for laptop in self.laptops():
            laptop.rest("POST", f"/rest/system/pause?device={self.peer(laptop).device_id}")
        wait_for(lambda: not any(self.connected(l) for l in self.laptops()), 20, "the laptops to disconnect", self)

    def resume(self) -> None:
        for laptop in self.laptops():
            laptop.rest("POST", f"/rest/system/resume?device={self.peer(laptop).device_id}")
        self.wait_connected()

    def connected(self, laptop: Laptop) -> bool:
        state = laptop.rest("GET", "/rest/system/connections")["connections"]
        return state.get(self.peer(laptop).device_id, {}).get("connected", False)

    def wait_connected(self) -> None:
        wait_for(lambda: all(self.connected(l) for l in self.laptops()), 30, "the laptops to connect", self)

    def assert_local_only(self) -> None:
        """No discovery running, and the laptops talk over 127.0.0.1 and nothing else."""
        for laptop in self.laptops():
            status = laptop.rest("GET", "/rest/system/status")
            assert not status.get("discoveryEnabled") and not status.get("discoveryMethods"), status
            for address in status["connectionServiceStatus"]:
                assert address.startswith("tcp://127.0.0.1:"), address
            for peer in laptop.rest("GET", "/rest/system/connections")["connections"].values():
                assert not peer["connected"] or peer["address"].startswith("127.0.0.1:"), peer

    def in_sync(self, folder_id: str) -> bool:
        """Both laptops have nothing left to fetch in the folder and see each other complete."""
        for laptop in self.laptops():
            status = laptop.rest("GET", f"/rest/db/status?folder={folder_id}")
            if status["state"] != "idle" or status["needTotalItems"] or status["errors"]:
                return False
            remote = laptop.rest("GET", f"/rest/db/completion?folder={folder_id}"
                                        f"&device={self.peer(laptop).device_id}")
            if remote["completion"] < 100 or remote["needItems"] or remote["needDeletes"]:
                return False
        return True

    def wait_in_sync(self, folder_id: str, seconds: float = 30) -> None:
        for laptop in self.laptops():
            self.scan(laptop, folder_id)
        wait_for(lambda: self.in_sync(folder_id), seconds, f"folder {folder_id!r} to be in sync", self)


def wait_for(condition, seconds: float, what: str, pair: Pair | None = None, every: float = 0.2):
    """Poll `condition` until it returns something true; fail with `what` (and Syncthing's log
    tail) after `seconds`. A REST call refused while Syncthing starts counts as not yet."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = condition()
        except (OSError, ValueError, KeyError):
            result = None
        if result:
            return result
        if time.monotonic() > deadline:
            tail = ""
            if pair is not None and pair.log.exists():
                tail = "\n".join(pair.log.read_text(errors="replace").splitlines()[-25:])
            raise AssertionError(f"timed out after {seconds:.0f} s waiting for {what}\n{tail}")
        time.sleep(every)


def start_pair(root: Path, folder_ids: list[str], b_max_recv_kib: int = 0) -> Pair:
    """Two laptops, configured to share `folder_ids`, running and connected."""
    a = Laptop("portatil-a", root / "a")
    b = Laptop("portatil-b", root / "b", max_recv_kib=b_max_recv_kib)
    pair = Pair(a, b, root / "syncthing.log")
    for laptop in pair.laptops():
        laptop.generate()
    for laptop in pair.laptops():
        laptop.configure(pair.peer(laptop), folder_ids)
    try:
        for laptop in pair.laptops():
            laptop.start(pair.log)
        for laptop in pair.laptops():
            wait_for(lambda: laptop.rest("GET", "/rest/system/ping"), 20, f"{laptop.name}'s REST API", pair)
        pair.wait_connected()
        pair.assert_local_only()
    except BaseException:
        stop_pair(pair)
        raise
    return pair


def stop_pair(pair: Pair) -> None:
    for laptop in pair.laptops():
        laptop.stop()
