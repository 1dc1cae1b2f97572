"""A BagIt bag (RFC 8493) serialized as one .zip whose top folder is the bag, written and read safely.

The bag is written from memory (no temporary copies): `bagit.txt`, `bag-info.txt` with the
Payload-Oxum, `manifest-sha256.txt` and `manifest-sha512.txt` over `data/`, and the tag
manifests over those. The `bagit` library's own writer is not used because it changes the
process's working directory and moves files in place, which an application with worker threads
must not do; its validator (which does neither) checks every bag that is read.

Reading treats the zip as hostile: before anything is extracted the central directory is
checked (entry count, declared sizes, their total, compression ratio, names without `..`,
absolute paths, drive letters, backslashes or duplicates once case-folded, one top folder, no
encryption), then each entry is extracted by this code (never a link) into a private folder
while the bytes actually inflated are counted against the declared size.
"""

import hashlib
import shutil
import tempfile
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import bagit

from npmdesk import __version__
from npmdesk.i18n import _

ALGORITHMS = ("sha256", "sha512")
MAX_ENTRIES = 20_000
MAX_TOTAL = 2 * 1024 ** 3      # declared bytes once extracted: an export with many large photos stays under
MAX_RATIO = 200                # deflate rarely exceeds ~100:1 on real files; zip bombs go far beyond
CHUNK = 1024 * 1024


def _manifest(files: dict[str, bytes], algorithm: str) -> bytes:
    lines = [f"{hashlib.new(algorithm, data).hexdigest()}  {name}\n" for name, data in sorted(files.items())]
    return "".join(lines).encode("utf-8")


def serialize(top: str, payload: dict[str, bytes], info: dict[str, str]) -> dict[str, bytes]:
    """Every file of the bag, by its path inside the zip (`top/...`). `payload` paths are relative
    to `data/` with forward slashes; `info` adds fields to bag-info.txt."""
    data = {f"data/{name}": content for name, content in payload.items()}
    oxum = f"{sum(len(c) for c in payload.values())}.{len(payload)}"
    fields = {"Bag-Software-Agent": f"npmdesk {__version__}", **info, "Payload-Oxum": oxum}
    tags = {"bagit.txt": b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
            "bag-info.txt": "".join(f"{key}: {value}\n" for key, value in fields.items()).encode("utf-8")}
    for algorithm in ALGORITHMS:
        tags[f"manifest-{algorithm}.txt"] = _manifest(data, algorithm)
    for algorithm in ALGORITHMS:
        tags[f"tagmanifest-{algorithm}.txt"] = _manifest(
            {k: v for k, v in tags.items() if not k.startswith("tagmanifest-")}, algorithm)
    return {f"{top}/{name}": content for name, content in {**tags, **data}.items()}


def write_zip(handle, top: str, payload: dict[str, bytes], info: dict[str, str]) -> None:
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in serialize(top, payload, info).items():
            archive.writestr(name, content)


class Unreadable(Exception):
    """The zip is not a bag this code will open; `reason` is a Spanish sentence."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Bag:
    top: str
    payload: dict[str, bytes]   # data/ files, by path relative to data/
    problems: list[str]         # what the BagIt validation found (empty when valid)


def _safe_name(name: str) -> PurePosixPath | None:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or ":" in name:
        return None
    path = PurePosixPath(name)
    if any(part in ("", ".", "..") for part in name.rstrip("/").split("/")):
        return None
    return path


def _checked_entries(archive: zipfile.ZipFile) -> tuple[str, list[zipfile.ZipInfo]]:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        raise Unreadable(_("contiene demasiados archivos ({count}).").format(count=len(infos)))
    seen, tops, files, total = set(), set(), [], 0
    for info in infos:
        path = _safe_name(info.filename)
        if path is None:
            raise Unreadable(_("contiene un nombre de archivo no permitido: «{name}».").format(name=info.filename))
        folded = unicodedata.normalize("NFC", info.filename.rstrip("/")).casefold()
        if folded in seen:
            raise Unreadable(_("contiene dos veces el archivo «{name}».").format(name=info.filename))
        seen.add(folded)
        tops.add(path.parts[0])
        if info.flag_bits & 0x1:
            raise Unreadable(_("contiene archivos cifrados."))
        if info.is_dir():
            continue
        if len(path.parts) < 2:
            raise Unreadable(_("tiene archivos fuera de la carpeta del paquete."))
        total += info.file_size
        if total > MAX_TOTAL or info.file_size > MAX_RATIO * max(info.compress_size, 1) + CHUNK:
            raise Unreadable(_("descomprimido ocuparía demasiado (posible bomba zip)."))
        files.append(info)
    if len(tops) != 1:
        raise Unreadable(_("no tiene una única carpeta principal (la bolsa BagIt)."))
    return tops.pop(), files


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    written = 0
    with archive.open(info) as source, open(target, "xb") as out:
        while chunk := source.read(CHUNK):
            written += len(chunk)
            if written > info.file_size:
                raise Unreadable(_("«{name}» ocupa más de lo que declara.").format(name=info.filename))
            out.write(chunk)


def _validate(folder: Path) -> list[str]:
    try:
        bagit.Bag(str(folder)).validate(processes=1)
    except bagit.BagValidationError as error:
        details = [str(detail) for detail in error.details] or [str(error)]
        return [_("La bolsa BagIt no es válida: {detail}").format(detail=d) for d in details]
    except bagit.BagError as error:
        return [_("La bolsa BagIt no es válida: {detail}").format(detail=str(error))]
    return []


def flat_manifest(path, name: str) -> bool:
    """Whether the zip at `path` has `name` at its top level (an older, flat bundle)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return name in archive.namelist()
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return False


def read_zip(path) -> Bag:
    """The bag in the zip at `path`, validated with the bagit library. Raises Unreadable."""
    folder = Path(tempfile.mkdtemp(prefix="npmdesk-bolsa-"))
    try:
        try:
            with zipfile.ZipFile(path) as archive:
                top, infos = _checked_entries(archive)
                for info in infos:
                    _extract(archive, info, folder.joinpath(*PurePosixPath(info.filename).parts))
        except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, RuntimeError, ValueError, EOFError) as error:
            if isinstance(error, FileNotFoundError):
                raise Unreadable(_("no se encuentra.")) from None
            raise Unreadable(_("no es un .zip legible (dañado o de otro tipo).")) from None
        bag_dir = folder / top
        problems = _validate(bag_dir)
        data = bag_dir / "data"
        payload = {p.relative_to(data).as_posix(): p.read_bytes()
                   for p in sorted(data.rglob("*")) if p.is_file()} if data.is_dir() else {}
        return Bag(top, payload, problems)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
