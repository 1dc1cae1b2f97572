#!/usr/bin/env bash
# Smoke test of the frozen Linux bundle, from the bundle alone (no source tree on the path):
# version, demo case file, Word export of its report, the GUI offscreen for a few seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="$(cd "${1:-$ROOT/dist/npmdesk}" && pwd)"
APP="$BUNDLE/npmdesk"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
cd "$WORK"
export HOME="$WORK/home" QT_QPA_PLATFORM=offscreen PYTHONPATH=
mkdir -p "$HOME"
export NPMDESK_PASSPHRASE="Frase de prueba del paquete 2026"

echo "== version";  "$APP" --version
echo "== demo";     "$APP" demo demo.npmcase
echo "== check";    "$APP" check demo.npmcase
REPORT=$("$APP" list demo.npmcase | awk '/^Informes/{f=1;next} f&&NF{print $1; exit}')
echo "== export report $REPORT"
"$APP" export demo.npmcase "$REPORT" -o informe.docx --override-disclosure --archive archivo.zip
test -s informe.docx && test -s archivo.zip
echo "== verify the archive bundle (0, or 3: the demo's root is not pinned on this machine)"
"$APP" verify archivo.zip || [ $? -eq 3 ]
echo "== GUI offscreen for 8 s"
set +e
timeout 8 "$APP" demo.npmcase 2> gui-stderr.txt
status=$?
set -e
if [ "$status" -ne 124 ]; then
  echo "the GUI exited early with status $status"; cat gui-stderr.txt; exit 1
fi
if grep -q Traceback gui-stderr.txt; then cat gui-stderr.txt; exit 1; fi
LOG="$HOME/.local/state/npmdesk/npmdesk.log"
if [ -f "$LOG" ] && grep -Eq "Traceback|not found" "$LOG"; then
  echo "the GUI logged a problem:"; cat "$LOG"; exit 1
fi
echo "== shipped files"
for f in _internal/resources/icons/npmdesk-256.png _internal/resources/templates/base.docx \
         _internal/translations/en/LC_MESSAGES/npmdesk.mo _internal/manual/index.md \
         _internal/PySide6/Qt/translations/qtbase_es.qm _internal/spellchecker/resources/es.json.gz; do
  test -s "$BUNDLE/$f" || { echo "missing from the bundle: $f"; exit 1; }
done
SIZE_MB=$(du -sm "$BUNDLE" | cut -f1)
echo "== bundle size: ${SIZE_MB} MB unpacked (target < 200 MB)"
[ "$SIZE_MB" -lt 200 ] || { echo "the bundle is too large"; exit 1; }
echo "== smoke test passed"
