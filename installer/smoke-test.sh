#!/usr/bin/env bash
# Smoke test of the frozen Linux bundle, from the bundle alone (no source tree on the path):
# version, demo case file, Word export of its report, the GUI offscreen for a few seconds.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUNDLE="${1:-$ROOT/dist/npmdesk}"
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
"$APP" export demo.npmcase "$REPORT" -o informe.docx --override-disclosure
test -s informe.docx
echo "== GUI offscreen for 8 s"
set +e
timeout 8 "$APP" demo.npmcase 2> gui-stderr.txt
status=$?
set -e
if [ "$status" -ne 124 ]; then
  echo "the GUI exited early with status $status"; cat gui-stderr.txt; exit 1
fi
if grep -q Traceback gui-stderr.txt; then cat gui-stderr.txt; exit 1; fi
echo "== bundle size: $(du -sh "$BUNDLE" | cut -f1) unpacked (target < 200 MB)"
