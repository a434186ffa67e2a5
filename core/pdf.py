"""PDF building blocks: fonts that carry every Vietnamese letter (DejaVu, shipped in
core/fonts, free licence in LICENSE-DejaVu.txt)."""

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
SERIF = "KCSerif"
SERIF_BOLD = "KCSerif-Bold"
SANS = "KCSans"


@cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(SERIF, FONT_DIR / "DejaVuSerif.ttf"))
    pdfmetrics.registerFont(TTFont(SERIF_BOLD, FONT_DIR / "DejaVuSerif-Bold.ttf"))
    pdfmetrics.registerFont(TTFont(SANS, FONT_DIR / "DejaVuSans.ttf"))
