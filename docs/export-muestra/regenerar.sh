#!/bin/sh
# Regenerate the sample pages in this folder: the demo case file's approved report
# (MNPT-2025-014) and draft (MNPT-2026-031), exported by `npmdesk export` and rendered by
# LibreOffice, every page as a PNG. Run from anywhere; needs LibreOffice and poppler-utils.
# PYTHON chooses the interpreter (default: python3 with npmdesk importable).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
python=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export NPMDESK_PASSPHRASE="Frase de prueba segura 2026"
cd "$root"
"$python" -m npmdesk demo "$work/demo.npmcase" >/dev/null
id_of() {
    "$python" -m npmdesk list "$work/demo.npmcase" | awk -v number="$1" '$2 == number { print $1 }'
}
"$python" -m npmdesk export "$work/demo.npmcase" "$(id_of MNPT-2025-014)" -o "$work/aprobado.docx"
"$python" -m npmdesk export "$work/demo.npmcase" "$(id_of MNPT-2026-031)" -o "$work/borrador.docx"
soffice -env:UserInstallation="file://$work/lo-profile" --headless --convert-to pdf \
    --outdir "$work" "$work/aprobado.docx" "$work/borrador.docx" >/dev/null
rm -f "$here"/aprobado-*.png "$here"/borrador-*.png
pdftoppm -png -r 60 "$work/aprobado.pdf" "$here/aprobado"
pdftoppm -png -r 60 "$work/borrador.pdf" "$here/borrador"
if [ -n "${KEEP:-}" ]; then  # KEEP=DIR keeps the .docx and .pdf files there, to read them closely
    cp "$work"/aprobado.docx "$work"/borrador.docx "$work"/aprobado.pdf "$work"/borrador.pdf "$KEEP"
fi
ls "$here"/aprobado-*.png "$here"/borrador-*.png | wc -l
