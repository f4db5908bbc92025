#!/bin/sh
# Makes NotoSansCJKjp-subset.otf, the font charts are drawn with in Japanese (src/report/charts/
# mod.rs), from Noto Sans CJK JP (Debian's fonts-noto-cjk 1:20220127+repack1-1,
# NotoSansCJK-Regular.ttc, face 0; SIL Open Font License 1.1, NotoSansCJK-LICENSE.txt; the
# reserved font name is "Source", so the subset keeps Noto's name).
# The whole font is 19 MB for 65,000 glyphs; the charts draw a few hundred: the DejaVu subset's
# ranges (ASCII, Latin-1, punctuation, arrows, a few maths signs), Japanese punctuation, kana,
# fullwidth forms, and the kanji of the report's texts and dates (src/report/texts.rs, now.rs),
# read here so the subset follows the texts. Without hinting (the rasteriser does not hint).
# 957 glyphs, 128 KB; the release binary grows 128.5 KB with it (4,608,016 → 4,736,528 bytes).
# Its line height is then set to DejaVu Sans's (1.164 em: ascent 932, descent 232, in Noto's
# proportion), since plotters sizes glyphs by the line height: Japanese text is then drawn and
# measured at the size of the English (Noto's own 1.448 em drew it a fifth smaller, and measured
# it narrower than a browser draws the page's SVG at the size plotters writes).
# Needs fonttools (pip install fonttools; 4.68.0 made this one). The test
# `the_japanese_font_draws_every_character_of_chart_text` fails when a text needs a glyph the
# subset lacks: run this again.
set -eu
src=${1:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}
cd "$(dirname "$0")"
kanji=$(python3 -c '
import sys
text = "".join(open(p, encoding="utf-8").read() for p in sys.argv[1:])
print(",".join(sorted({"U+%04X" % ord(c) for c in text if 0x3400 <= ord(c) <= 0x9FFF})))
' ../../src/report/texts.rs ../../src/report/now.rs)
pyftsubset "$src" --font-number=0 \
  --unicodes="U+0020-007E,U+00A0-00FF,U+2010-2027,U+2030-203A,U+2190-2193,U+2212,U+2248,U+2260,U+2264,U+2265,U+3000-303F,U+3040-30FF,U+FF01-FF5E,$kanji" \
  --no-hinting --desubroutinize --layout-features='kern,palt,vert' --output-file=NotoSansCJKjp-subset.otf
python3 -c '
from fontTools.ttLib import TTFont
f = TTFont("NotoSansCJKjp-subset.otf")
f["hhea"].ascent, f["hhea"].descent = 932, -232
f["OS/2"].usWinAscent, f["OS/2"].usWinDescent = 932, 232
f.save("NotoSansCJKjp-subset.otf")
'
