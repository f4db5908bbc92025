#!/bin/sh
# Makes DejaVuSans-subset.ttf, the font charts are drawn with (src/report/charts.rs), from DejaVu
# Sans 2.37 (Debian's fonts-dejavu-core; sha256 abdc775b21b1bc470d50c97e790d276f2054b7504e56e5bd3e64f48d68582322).
# Chart text is ASCII: labels, numbers, dates and units. The subset keeps printable ASCII,
# Latin-1, general punctuation, arrows and a few maths signs, with kerning and without hinting
# (the rasteriser does not hint): 25 KB against 760 KB. The whole font is in every byte of the
# binary, and each start of `wsltune` maps the binary (benches/README.md).
# A renamed or modified DejaVu font may keep its name as long as it contains neither "Bitstream"
# nor "Vera" (DejaVuSans-LICENSE.txt). Needs fonttools (pip install fonttools; 4.68.0 made this one).
set -eu
src=${1:-/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf}
cd "$(dirname "$0")"
pyftsubset "$src" \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265" \
  --no-hinting --drop-tables+=FFTM --output-file=DejaVuSans-subset.ttf
