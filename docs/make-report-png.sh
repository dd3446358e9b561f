#!/bin/sh
# docs/make-report-png.sh: remake docs/report.png, the README's screenshot:
# the demo's own report.html (examples/demo.sh, the whole story, into a
# temporary directory) as headless chromium shows it, 1000 pixels wide,
# then cut to 64 colours with Pillow (Debian's python3-pil, when
# installed) to keep the file small.  Needs chromium; takes about two
# minutes.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
make -s
work=$(mktemp -d "${TMPDIR:-/tmp}/mlo-report-png.XXXXXX")
trap 'rm -rf "$work"' EXIT
sh examples/demo.sh "$work/demo" >"$work/demo.out" 2>&1 || {
	cat "$work/demo.out" >&2
	exit 2
}
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
    --window-size=1000,1650 --screenshot="$work/report.png" \
    "file://$work/demo/report.html" >/dev/null 2>&1
cp "$work/report.png" docs/report.png
if /usr/bin/python3 -c 'import PIL' 2>/dev/null; then
	/usr/bin/python3 - "$top/docs/report.png" <<'PY'
import sys
from PIL import Image
im = Image.open(sys.argv[1]).convert("RGB")
im.quantize(colors=64, method=Image.Quantize.MEDIANCUT,
            dither=Image.Dither.NONE).save(sys.argv[1], optimize=True)
PY
fi
ls -l docs/report.png
