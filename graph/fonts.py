"""The CJK font tifa draws and embeds Chinese with: Noto Sans CJK SC from ``mplfonts``.

The font is Noto Sans CJK SC (SIL Open Font License 1.1), the file
``NotoSansCJKsc-Regular.otf`` shipped by the PyPI package ``mplfonts`` (a dependency of
tifa; nothing is downloaded at run time). It is located without importing ``mplfonts``.
The figures draw its glyph outlines (`tifa.graph.glyphs`, `tifa.graph.figures`) and the HTML
pages embed a subset of it (`tifa.graph.webfont`).
"""

from __future__ import annotations

import hashlib
import importlib.util
from functools import lru_cache
from pathlib import Path

from tifa.errors import TifaError

CJK_FONT_PACKAGE = "mplfonts"
CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"

PRINT_WIDTH_MM = 170
"""The width the figures are drawn at, in mm (the text width of most journals); here so the
report can name it without loading the font."""


class FontError(TifaError):
    """The CJK font for the report's figures is missing or lacks a character."""


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Return the path of the CJK font file; raise FontError if it is not installed."""
    spec = importlib.util.find_spec(CJK_FONT_PACKAGE)
    folders = list(spec.submodule_search_locations or ()) if spec else []
    for folder in folders:
        path = Path(folder) / "fonts" / CJK_FONT_FILE
        if path.is_file():
            return path
    raise FontError(
        f"the CJK font {CJK_FONT_FILE} was not found; install it with "
        f"`pip install {CJK_FONT_PACKAGE}` (it comes with `pip install tifa`)"
    )


@lru_cache(maxsize=1)
def cjk_font_digest() -> bytes:
    """Return the SHA-256 of the CJK font file (the cache key of what is made from it)."""
    return hashlib.sha256(cjk_font_path().read_bytes()).digest()
