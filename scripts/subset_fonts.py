"""Build the web fonts: Vietnamese + Latin subsets of Liberation Sans as WOFF2 (a developer tool).

Usage: python scripts/subset_fonts.py   (needs ``fonttools`` and ``brotli``: build time only)
Writes danchu/web/static/danchu/fonts/LiberationSans-{Regular,Bold}.vi.woff2 from the TTFs next to
them; the generated files are committed, nothing is generated at run time (issue 18: the first
load on a phone was 825 KB of uncompressed TrueType fonts).
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools import subset

FONTS = Path(__file__).resolve().parent.parent / "danchu/web/static/danchu/fonts"

UNICODES = (
    # Basic Latin and Latin-1 (ASCII, NBSP, ©, °, ×, à, á, â, ã, è, é, ê, ì, í, ò, ó, ô, õ…)
    list(range(0x20, 0x7F))
    + list(range(0xA0, 0x100))
    # Vietnamese letters beyond Latin-1: ă đ ĩ ũ ơ ư and the whole Latin Extended Additional block
    + [0x102, 0x103, 0x110, 0x111, 0x128, 0x129, 0x168, 0x169, 0x1A0, 0x1A1, 0x1AF, 0x1B0]
    + list(range(0x1EA0, 0x1EFA))
    # Combining tone marks (text typed in NFD), punctuation, ₫, €, arrows, minus
    + [0x300, 0x301, 0x303, 0x309, 0x323]
    + list(range(0x2010, 0x2027))
    + [0x2030, 0x2039, 0x203A, 0x2044, 0x20AB, 0x20AC, 0x2116, 0x2122]
    + [0x2190, 0x2191, 0x2192, 0x2193, 0x2212, 0x2264, 0x2265, 0x25B8, 0x25BE]
)


def build(name: str) -> Path:
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["kern", "liga", "ccmp", "mark", "mkmk"]
    options.name_IDs = ["*"]  # keep the licence and copyright names (SIL OFL)
    options.notdef_outline = True
    options.hinting = False  # screens today need no TrueType hinting; it is most of the size
    font = subset.load_font(str(FONTS / f"{name}.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=UNICODES)
    subsetter.subset(font)
    out = FONTS / f"{name}.vi.woff2"
    subset.save_font(font, str(out), options)
    return out


def main() -> int:
    for name in ("LiberationSans-Regular", "LiberationSans-Bold"):
        out = build(name)
        print(f"{out.name}\t{out.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
