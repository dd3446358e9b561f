#!/bin/sh
# docs/make-report-png.sh: remake docs/report.png, the README's screenshot:
# the page of t/data/report-html as headless chromium shows it (the
# screenshot test of t/slow/6901), then cut to 64 colours with Pillow
# (Debian's python3-pil, when installed) to keep the file small.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
MLO_SCREENSHOT=$top/docs/report.png MLO_TOP=$top PATH="$top/bin:$PATH" \
    bats -f 'PNG screenshot' t/slow/6901-mlo-report-browser.bats
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
