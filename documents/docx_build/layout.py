"""The layout of Decree 30/2020/NĐ-CP, Phụ lục I, as python-docx calls: page, fonts,
the header table, the title, legal bases, articles, the footer with "Nơi nhận" and the
signer, grids and annexes. The builders of each paper (beside this module) use only
these, so the rules of the Decree are written once."""

import datetime as dt
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent.parent / "templates_docx"
FONT = "Times New Roman"

# Phụ lục I: A4; margins top and bottom 20-25 mm, left 30-35, right 15-20.
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Mm(210 - 30 - 15)
# The header's two columns: the national title in 13 pt bold is 9.5 cm wide.
LEFT_COLUMN, RIGHT_COLUMN = Cm(6.5), TEXT_WIDTH - Cm(6.5)
BODY_SIZE = 14
FIRST_LINE_INDENT = Cm(1.27)
# "Độc lập - Tự do - Hạnh phúc" in 14 pt bold measures 6.04 cm (Liberation Serif, the
# metric twin of Times New Roman): the rule under it is as long.
MOTTO_WIDTH = Cm(6.04)
CELL_MARGINS = Cm(0.38)  # Word's default left + right cell padding


# --- low-level helpers ----------------------------------------------------------------


def _fonts(run_or_style, size: float | None = None) -> None:
    run_or_style.font.name = FONT
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    if size is not None:
        run_or_style.font.size = Pt(size)


def para(
    container,
    text: str = "",
    *,
    size: float = BODY_SIZE,
    bold: bool = False,
    italic: bool = False,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent: bool = False,
    before: float = 0,
    after: float = 0,
    runs: list[tuple[str, dict]] | None = None,
):
    """A paragraph of one run (or of `runs`: (text, {"bold":…, "italic":…}) pairs)."""
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = FIRST_LINE_INDENT if indent else Cm(0)
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    for part, style in runs or [(text, {"bold": bold, "italic": italic})]:
        run = paragraph.add_run(part)
        _fonts(run, style.get("size", size))
        run.bold = style.get("bold", False)
        run.italic = style.get("italic", False)
    return paragraph


def rule(container, width, *, column_width, before: float = 0, after: float = 0):
    """A solid line `width` long, centred in its column: the bottom border of an empty,
    2-point paragraph indented from both sides (just under the line of text above)."""
    paragraph = para(container, "", size=2, align=WD_ALIGN_PARAGRAPH.CENTER)
    side = max((column_width - CELL_MARGINS - width) // 2, 0)
    fmt = paragraph.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = Pt(2)
    borders = OxmlElement("w:pBdr")
    line = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        line.set(qn(key), value)
    borders.append(line)
    fmt.element.get_or_add_pPr().append(borders)
    return paragraph


def _no_borders(table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _fixed_layout(table) -> None:
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)


def two_columns(doc, left=LEFT_COLUMN, right=RIGHT_COLUMN):
    """A borderless two-column table; its cells start empty (their default paragraph
    is removed as content is added)."""
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    _fixed_layout(table)
    for cell, width in zip(table.rows[0].cells, (left, right), strict=True):
        cell.width = width
    for column, width in zip(table.columns, (left, right), strict=True):
        column.width = width
    return table.rows[0].cells


def drop_first_paragraph(cell) -> None:
    first = cell.paragraphs[0]
    if not first.text and len(cell.paragraphs) > 1:
        first._element.getparent().remove(first._element)


def tag(container, text: str) -> None:
    """A docxtpl paragraph tag ({%p … %}): the paragraph goes away when rendered."""
    para(container, text, size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.LEFT)


def _page_number_header(section) -> None:
    """Page numbers centred in the top margin, 13 pt, none on page 1."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    _fonts(run, 13)
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def new_document():
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = section.footer_distance = Mm(10)
    _page_number_header(section)
    normal = doc.styles["Normal"]
    _fonts(normal, BODY_SIZE)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.0
    # Word's own defaults for a new file; fixed so the template files are reproducible.
    props = doc.core_properties
    props.author = props.last_modified_by = "khuyencong"
    props.created = props.modified = dt.datetime(2026, 1, 1)  # noqa: DTZ001
    props.revision = 1
    props.title = ""
    # python-docx's default body holds one empty paragraph: remove it.
    body = doc.element.body
    for paragraph in list(body.iterchildren(qn("w:p"))):
        body.remove(paragraph)
    return doc


# --- the parts of every paper -----------------------------------------------------------


def draft_mark(doc) -> None:
    tag(doc, "{%p if draft %}")
    para(doc, "DỰ THẢO", size=13, bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(doc, "{%p endif %}")


def header(doc, abbreviation: str) -> None:
    """Boxes 1-4: agencies and number on the left, national title, motto and the place
    and date on the right."""
    left, right = two_columns(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(left, "{{ supervising_agency }}", size=13, align=center)
    para(left, "{{ issuing_agency }}", size=13, bold=True, align=center)
    rule(left, Cm(2.2), column_width=LEFT_COLUMN)
    notation = f"{abbreviation}-" if abbreviation else ""
    para(left, f"Số: {{{{ number }}}}/{notation}{{{{ unit }}}}", size=13, align=center, before=6)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=center)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=center)
    rule(right, MOTTO_WIDTH, column_width=RIGHT_COLUMN)
    para(right, "{{ place_date }}", size=14, italic=True, align=center, before=6)
    drop_first_paragraph(left)
    drop_first_paragraph(right)


def title(doc, type_name: str, *, authority: bool) -> None:
    """Box 5a: the type and the subject, a short rule, and for a decision the issuing
    authority."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, type_name, bold=True, align=center, before=18)
    para(doc, "{{ subject }}", bold=True, align=center)
    rule(doc, Cm(4), column_width=TEXT_WIDTH + CELL_MARGINS, after=6)
    if authority:
        para(doc, "{{ issuing_authority }}", bold=True, align=center, before=6, after=6)


def legal_bases(doc, *, proposal: bool = True) -> None:
    """Box 6: each basis in italics on its own line; the kinds module puts ";" after
    each one and "." after the last."""
    tag(doc, "{%p for basis in legal_bases %}")
    para(doc, "{{ basis }}", italic=True, indent=True, after=6)
    tag(doc, "{%p endfor %}")


def article(doc, number: int, text: str, *, closing: bool = False) -> None:
    end = "./." if closing else ""
    para(
        doc,
        runs=[(f"Điều {number}. ", {"bold": True}), (text + end, {})],
        indent=True,
        after=6,
    )


def body(doc, text: str, **options) -> None:
    para(doc, text, indent=True, after=6, **options)


def recipients(cell) -> None:
    """Box 9b: "Nơi nhận:" bold italic 12, the list 11, the last line "- Lưu: VT, …"."""
    para(cell, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(cell, "{%p for line in recipients %}")
    para(cell, "{{ line }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    tag(cell, "{%p endfor %}")


def signature(cell, *, authority="signer_authority", title="signer_title", name="signer_name"):
    """Boxes 7a-7c: authority (KT./TM./TL.), title, room for signature and seal, name."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    tag(cell, f"{{%p if {authority} %}}")
    para(cell, f"{{{{ {authority} }}}}", bold=True, align=center)
    tag(cell, "{%p endif %}")
    para(cell, f"{{{{ {title} }}}}", bold=True, align=center)
    for _ in range(4):
        para(cell, "", align=center)
    para(cell, f"{{{{ {name} }}}}", bold=True, align=center)


def footer(doc) -> None:
    left, right = two_columns(doc, Cm(8.25), TEXT_WIDTH - Cm(8.25))
    recipients(left)
    signature(right)
    drop_first_paragraph(left)
    drop_first_paragraph(right)


def two_party_signatures(doc, left_title: str, right_title: str) -> None:
    """Contracts and minutes: both parties sign side by side."""
    left, right = two_columns(doc, TEXT_WIDTH // 2, TEXT_WIDTH - TEXT_WIDTH // 2)
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(left, left_title, bold=True, align=center, before=12)
    para(left, "{{ party_b_signer_title }}", italic=True, align=center)
    for _ in range(4):
        para(left, "", align=center)
    para(left, "{{ party_b_signer_name }}", bold=True, align=center)
    para(right, right_title, bold=True, align=center, before=12)
    signature(right)
    drop_first_paragraph(left)
    drop_first_paragraph(right)


def grid(doc, widths_cm: list[float], headers: list[str], *, size: float = 11):
    table = doc.add_table(rows=1, cols=len(widths_cm))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _fixed_layout(table)
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for cell, width, text in zip(table.rows[0].cells, widths_cm, headers, strict=True):
        cell.width = Cm(width)
        cell.paragraphs[0].paragraph_format.first_line_indent = Cm(0)
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = cell.paragraphs[0].add_run(text)
        _fonts(run, size)
        run.bold = True
    return table


def grid_row(table, texts: list[str], *, size: float = 11, bold=False, aligns=None) -> None:
    cells = table.add_row().cells
    for index, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        paragraph = cell.paragraphs[0]
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.alignment = aligns[index] if aligns else WD_ALIGN_PARAGRAPH.LEFT
        run = paragraph.add_run(text)
        _fonts(run, size)
        run.bold = bold


def loop_rows(table, loop: str, cells: list[str], *, aligns=None, size: float = 11) -> None:
    """docxtpl's row loop: {%tr for … %} / one row of cells / {%tr endfor %}."""
    count = len(cells)
    grid_row(table, [f"{{%tr {loop} %}}", *[""] * (count - 1)], size=size)
    grid_row(table, cells, size=size, aligns=aligns)
    grid_row(table, ["{%tr endfor %}", *[""] * (count - 1)], size=size)


def tag_row(table, text: str):
    """A row holding a docxtpl row tag ({%tr … %}): the row goes away when rendered."""
    grid_row(table, [text, *[""] * (len(table.columns) - 1)])
    return table.rows[-1]._tr


def only_when(table, row, condition: str) -> None:
    """Keep `row` only where `condition` holds: {%tr if … %} before it, {%tr endif %}
    after it."""
    opening = tag_row(table, f"{{%tr if {condition} %}}")
    closing = tag_row(table, "{%tr endif %}")
    row._tr.addprevious(opening)
    row._tr.addnext(closing)


def table_break(doc) -> None:
    """A paragraph one point high: what separates the tables a long list is cut into."""
    paragraph = para(doc, "", size=1, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph.paragraph_format.line_spacing = Pt(1)


def annex_section(doc, *, landscape: bool):
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = PAGE_HEIGHT, PAGE_WIDTH
    return section


def annex_heading(doc, number: str, name: str, attached_to: str) -> None:
    """Phụ lục: its number 14 bold, its name upper case bold, then the italic
    "(Kèm theo Quyết định số …/QĐ-… ngày … của …)"."""
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, f"Phụ lục {number}".strip(), bold=True, align=center)
    para(doc, name, bold=True, align=center)
    para(doc, attached_to, italic=True, align=center, after=12)


R, C = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
L = WD_ALIGN_PARAGRAPH.LEFT


def decision_opening(doc) -> None:
    draft_mark(doc)
    header(doc, "QĐ")
    title(doc, "QUYẾT ĐỊNH", authority=True)
    legal_bases(doc)
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=C, before=6, after=6)


def footer_recipients_only(doc) -> None:
    left, _right = two_columns(doc, Cm(8.25), TEXT_WIDTH - Cm(8.25))
    recipients(left)
    drop_first_paragraph(left)


def minutes_opening(doc, subject_note: str) -> None:
    draft_mark(doc)
    header(doc, "BB")
    title(doc, "BIÊN BẢN", authority=False)
    tag(doc, "{%p for basis in legal_bases %}")
    para(doc, "{{ basis }}", italic=True, indent=True, after=6)
    tag(doc, "{%p endfor %}")
    body(doc, subject_note)
