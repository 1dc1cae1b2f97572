#!/usr/bin/env bash
# Builds the Linux one-folder bundle and a tarball: dist/npmdesk-VERSION-linux-ARCH.tar.gz
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null || PY=python3
BUILD_VENV="${BUILD_VENV:-$ROOT/build/venv}"
[ -x "$BUILD_VENV/bin/python" ] || "$PY" -m venv "$BUILD_VENV"
"$BUILD_VENV/bin/pip" install -q --upgrade pip
# Editable, as the README installs it: CI builds in its test environment, and a plain install would
# replace that checkout's npmdesk with a copy that has no resources/ beside it.
"$BUILD_VENV/bin/pip" install -q -e . pyinstaller
VERSION=$("$BUILD_VENV/bin/python" -c "import npmdesk; print(npmdesk.__version__)")
"$BUILD_VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath "$ROOT/dist" --workpath "$ROOT/build/pyinstaller" installer/npmdesk.spec
install -D -m 644 installer/linux/npmdesk.desktop dist/npmdesk/share/applications/npmdesk.desktop
install -D -m 644 installer/linux/npmdesk-mime.xml dist/npmdesk/share/mime/packages/npmdesk.xml
install -D -m 644 resources/icons/npmdesk-256.png dist/npmdesk/share/icons/hicolor/256x256/apps/npmdesk.png
ARCH=$(uname -m)
tar -C dist -czf "dist/npmdesk-$VERSION-linux-$ARCH.tar.gz" npmdesk
echo "dist/npmdesk-$VERSION-linux-$ARCH.tar.gz"
