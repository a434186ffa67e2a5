"""Builds the default DOCX templates in documents/templates_docx/ with python-docx, so
their layout is exact and reviewable: Decree 30/2020/NĐ-CP, Phụ lục I.

Run `python -m documents.docx_build` after changing this file and commit the templates.
The templates carry docxtpl tags ({{ … }}, {%p … %}, {%tr … %}); documents/kinds.py
fills them. The center may download a template, edit it in Word and upload it again.

Long module: the layout helpers and every family of papers; to be split by family.
"""

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

OUT = Path(__file__).resolve().parent / "templates_docx"
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


def _drop_first_paragraph(cell) -> None:
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
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)


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
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)


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
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)


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


# --- the kinds --------------------------------------------------------------------------

R, C = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.CENTER
L = WD_ALIGN_PARAGRAPH.LEFT


def decision_opening(doc) -> None:
    draft_mark(doc)
    header(doc, "QĐ")
    title(doc, "QUYẾT ĐỊNH", authority=True)
    legal_bases(doc)
    para(doc, "QUYẾT ĐỊNH:", bold=True, align=C, before=6, after=6)


def plan_decision(doc) -> None:
    decision_opening(doc)
    article(
        doc,
        1,
        "Phê duyệt kế hoạch {{ fund_source_lower }} năm {{ year }} (lần {{ version }}) gồm "
        "{{ item_count }} đề án, tổng kinh phí khuyến công hỗ trợ {{ total_support }} đồng "
        "(Bằng chữ: {{ total_support_words }}), chi tiết tại Phụ lục kèm theo Quyết định này.",
    )
    article(
        doc,
        2,
        "Các đơn vị thụ hưởng phối hợp với {{ issuing_agency_name }} tổ chức thực hiện các "
        "đề án đúng nội dung, tiến độ và quy định về quản lý, sử dụng kinh phí khuyến công.",
    )
    article(
        doc,
        3,
        "Quyết định này có hiệu lực kể từ ngày ký. Trưởng các phòng chuyên môn, các đơn vị "
        "thụ hưởng và tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này",
        closing=True,
    )
    footer(doc)
    annex_section(doc, landscape=True)
    annex_heading(
        doc,
        "",
        "DANH MỤC ĐỀ ÁN {{ fund_source_upper }} NĂM {{ year }}",
        "(Kèm theo Quyết định số {{ number }}/QĐ-{{ unit }} ngày {{ date_short }} "
        "của {{ issuing_authority_sentence }})",
    )
    widths = [0.9, 2.0, 4.6, 2.8, 3.8, 2.2, 2.0, 2.3, 2.3, 2.3]  # 25.2 cm: landscape
    table = grid(
        doc,
        widths,
        [
            "TT",
            "Mã đề án",
            "Tên đề án",
            "Nội dung",
            "Đơn vị thụ hưởng (mã số thuế)",
            "Địa điểm",
            "Thời gian thực hiện",
            "Tổng kinh phí (đồng)",
            "Kinh phí khuyến công hỗ trợ (đồng)",
            "Vốn đối ứng (đồng)",
        ],
    )
    numbers = [C, L, L, L, L, L, C, R, R, R]
    loop_rows(
        table,
        "for row in rows",
        [
            "{{ row.index }}",
            "{{ row.code }}",
            "{{ row.title }}",
            "{{ row.content }}",
            "{{ row.beneficiary }}",
            "{{ row.commune }}",
            "{{ row.period }}",
            "{{ row.total_cost }}",
            "{{ row.support }}",
            "{{ row.counterpart }}",
        ],
        aligns=numbers,
    )
    grid_row(
        table,
        [
            *("", "", "Tổng cộng", "", "", "", ""),
            *("{{ total_cost }}", "{{ total_support }}", "{{ total_counterpart }}"),
        ],
        bold=True,
        aligns=numbers,
    )
    para(doc, "Tổng hợp theo nội dung và nguồn kinh phí", bold=True, align=C, before=12, after=6)
    summary_aligns = [L, C, R, R, R]
    summary = grid(
        doc,
        [8.0, 2.6, 4.8, 4.8, 4.8],
        ["Nội dung", "Số đề án", "Tổng kinh phí", "Khuyến công hỗ trợ", "Vốn đối ứng"],
    )
    loop_rows(
        summary,
        "for group in by_content",
        [
            "{{ group.content }}",
            "{{ group.count }}",
            "{{ group.total_cost }}",
            "{{ group.support }}",
            "{{ group.counterpart }}",
        ],
        aligns=summary_aligns,
    )
    grid_row(
        summary,
        [
            "{{ fund_source }}",
            "{{ item_count }}",
            "{{ total_cost }}",
            "{{ total_support }}",
            "{{ total_counterpart }}",
        ],
        bold=True,
        aligns=summary_aligns,
    )


def plan_adjustment_decision(doc) -> None:
    decision_opening(doc)
    article(
        doc,
        1,
        "Điều chỉnh kế hoạch {{ fund_source_lower }} năm {{ year }} đã phê duyệt (lần "
        "{{ previous_version }}) thành lần {{ version }}, gồm {{ item_count }} đề án, tổng kinh "
        "phí khuyến công hỗ trợ {{ total_support }} đồng (Bằng chữ: {{ total_support_words }}); "
        "các nội dung điều chỉnh tại Phụ lục kèm theo Quyết định này.",
    )
    article(
        doc,
        2,
        "Các nội dung khác của kế hoạch đã phê duyệt giữ nguyên. Quyết định này có hiệu lực "
        "kể từ ngày ký; các đơn vị, tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành",
        closing=True,
    )
    footer(doc)
    annex_section(doc, landscape=False)
    annex_heading(
        doc,
        "",
        "NỘI DUNG ĐIỀU CHỈNH KẾ HOẠCH NĂM {{ year }}",
        "(Kèm theo Quyết định số {{ number }}/QĐ-{{ unit }} ngày {{ date_short }} "
        "của {{ issuing_authority_sentence }})",
    )
    aligns = [C, L, L, L, R, R]
    table = grid(
        doc,
        [1.0, 2.4, 5.6, 2.6, 2.6, 2.6],
        ["TT", "Mã đề án", "Tên đề án", "Điều chỉnh", "Trước (đồng)", "Sau (đồng)"],
    )
    loop_rows(
        table,
        "for row in changes",
        [
            "{{ row.index }}",
            "{{ row.code }}",
            "{{ row.title }}",
            "{{ row.change }}",
            "{{ row.before }}",
            "{{ row.after }}",
        ],
        aligns=aligns,
    )


def contract(doc) -> None:
    draft_mark(doc)
    header(doc, "HĐ")
    title(doc, "HỢP ĐỒNG", authority=False)
    legal_bases(doc)
    body(doc, "Hôm nay, {{ date_in_text }}, tại {{ issuing_agency_name }}, chúng tôi gồm:")
    body(doc, "BÊN A (Bên giao): {{ issuing_agency_name }}", bold=True)
    body(doc, "Đại diện: {{ signer_name }} — Chức vụ: {{ signer_title_text }}")
    body(doc, "BÊN B (Bên nhận hỗ trợ): {{ party_b.name }}", bold=True)
    body(doc, "Đại diện: {{ party_b.representative }}")
    body(doc, "Địa chỉ: {{ party_b.address }}")
    body(doc, "Mã số thuế: {{ party_b.tax_code }}")
    tag(doc, "{%p if party_b.bank_account %}")
    body(doc, "Tài khoản: {{ party_b.bank_account }}")
    tag(doc, "{%p endif %}")
    body(doc, "Hai bên thống nhất ký kết hợp đồng thực hiện đề án khuyến công với các điều sau:")
    article(
        doc,
        1,
        "Nội dung. Bên B thực hiện đề án {{ project.code }} “{{ project.title }}” "
        "({{ project.content }}) tại {{ project.place }}, theo kế hoạch {{ fund_source_lower }} "
        "năm {{ project.year }} đã được phê duyệt.",
    )
    article(
        doc,
        2,
        "Giá trị hợp đồng. Kinh phí khuyến công hỗ trợ: {{ value_figures }} đồng (Bằng chữ: "
        "{{ value_words }}). Vốn đối ứng của Bên B: {{ counterpart_figures }} đồng. Tổng kinh "
        "phí thực hiện đề án: {{ total_cost_figures }} đồng.",
    )
    article(
        doc,
        3,
        "Tạm ứng và thanh toán. Bên A tạm ứng cho Bên B không quá {{ advance_percent }}% "
        "giá trị hợp đồng ({{ advance_figures }} đồng) sau khi hợp đồng được ký; phần còn lại "
        "thanh toán sau khi đề án được nghiệm thu và quyết toán theo quy định.",
    )
    article(doc, 4, "Tiến độ thực hiện:")
    tag(doc, "{%p for milestone in milestones %}")
    body(doc, "- {{ milestone }}")
    tag(doc, "{%p endfor %}")
    article(
        doc,
        5,
        "Chế độ báo cáo. Bên B báo cáo tiến độ thực hiện hằng tháng cho Bên A trước ngày 25; "
        "báo cáo khối lượng hoàn thành và kinh phí thực hiện khi đề nghị tạm ứng, thanh toán; "
        "cung cấp hồ sơ, chứng từ khi Bên A và cơ quan có thẩm quyền kiểm tra.",
    )
    article(
        doc,
        6,
        "Điều khoản chung. Hai bên cam kết thực hiện đúng các điều khoản của hợp đồng; mọi "
        "thay đổi được thỏa thuận bằng văn bản. Hợp đồng có hiệu lực kể từ ngày ký, được lập "
        "thành {{ copies }} bản có giá trị pháp lý như nhau, mỗi bên giữ một phần",
        closing=True,
    )
    two_party_signatures(doc, "ĐẠI DIỆN BÊN B", "ĐẠI DIỆN BÊN A")
    footer_recipients_only(doc)


def footer_recipients_only(doc) -> None:
    left, _right = two_columns(doc, Cm(8.25), TEXT_WIDTH - Cm(8.25))
    recipients(left)
    _drop_first_paragraph(left)


def minutes_opening(doc, subject_note: str) -> None:
    draft_mark(doc)
    header(doc, "BB")
    title(doc, "BIÊN BẢN", authority=False)
    tag(doc, "{%p for basis in legal_bases %}")
    para(doc, "{{ basis }}", italic=True, indent=True, after=6)
    tag(doc, "{%p endfor %}")
    body(doc, subject_note)


def acceptance_minutes(doc) -> None:
    minutes_opening(
        doc,
        "Hôm nay, {{ accepted_on_text }}, tại {{ project.place }}, chúng tôi tiến hành nghiệm "
        "thu đề án {{ project.code }} “{{ project.title }}”.",
    )
    body(doc, "I. THÀNH PHẦN", bold=True)
    body(doc, "1. Đại diện {{ issuing_agency_name }}: {{ signer_name }}, {{ signer_title_text }}.")
    body(
        doc,
        "2. Đại diện đơn vị thụ hưởng: {{ party_b.name }}; đại diện: {{ party_b.representative }}.",
    )
    body(doc, "II. NỘI DUNG NGHIỆM THU", bold=True)
    body(
        doc,
        "Kinh phí khuyến công hỗ trợ theo kế hoạch: {{ value_figures }} đồng (Bằng chữ: "
        "{{ value_words }}); vốn đối ứng: {{ counterpart_figures }} đồng.",
    )
    body(doc, "Số biên bản của đơn vị: {{ minutes_number }}.")
    tag(doc, "{%p if notes %}")
    body(doc, "Ý kiến: {{ notes }}")
    tag(doc, "{%p endif %}")
    body(doc, "III. KẾT LUẬN", bold=True)
    body(
        doc,
        "Đề án {{ result }}. Biên bản kết thúc vào hồi … giờ … cùng ngày, đã được đọc lại "
        "cho các thành viên cùng nghe và nhất trí ký tên./.",
    )
    two_party_signatures(doc, "ĐẠI DIỆN ĐƠN VỊ THỤ HƯỞNG", "ĐẠI DIỆN BÊN GIAO")
    footer_recipients_only(doc)


def appraisal_minutes(doc) -> None:
    minutes_opening(
        doc,
        "Hôm nay, {{ appraised_on_text }}, {{ council }} họp thẩm định đề án "
        "{{ project.code }} “{{ project.title }}”.",
    )
    body(doc, "I. THÔNG TIN ĐỀ ÁN", bold=True)
    body(doc, "Đơn vị thụ hưởng: {{ party_b.name }} (mã số thuế {{ party_b.tax_code }}).")
    body(
        doc,
        "Tổng kinh phí: {{ total_cost_figures }} đồng; đề nghị hỗ trợ {{ value_figures }} đồng "
        "(Bằng chữ: {{ value_words }}).",
    )
    body(doc, "II. Ý KIẾN THẨM ĐỊNH", bold=True)
    body(doc, "{{ summary }}")
    body(doc, "III. KẾT LUẬN", bold=True)
    body(doc, "Điểm thẩm định: {{ score }}/100. Kiến nghị: {{ recommendation }}./.")
    footer(doc)


def closure_minutes(doc) -> None:
    minutes_opening(
        doc,
        "Hôm nay, {{ date_in_text }}, hai bên tiến hành thanh lý hợp đồng thực hiện đề án "
        "{{ project.code }} “{{ project.title }}”.",
    )
    body(doc, "BÊN A: {{ issuing_agency_name }}", bold=True)
    body(doc, "BÊN B: {{ party_b.name }} (mã số thuế {{ party_b.tax_code }})", bold=True)
    body(doc, "Hai bên thống nhất thanh lý hợp đồng với số liệu quyết toán sau:")
    aligns = [L, R]
    table = grid(doc, [10.0, 6.0], ["Khoản mục", "Số tiền (đồng)"])
    loop_rows(
        table, "for line in settlement", ["{{ line.label }}", "{{ line.amount }}"], aligns=aligns
    )
    body(
        doc,
        "Kinh phí khuyến công được quyết toán: {{ settled_figures }} đồng (Bằng chữ: "
        "{{ settled_words }}). Hợp đồng được thanh lý kể từ ngày ký biên bản này./.",
        before=6,
    )
    two_party_signatures(doc, "ĐẠI DIỆN BÊN B", "ĐẠI DIỆN BÊN A")
    footer_recipients_only(doc)


def recognition_decision(doc) -> None:
    decision_opening(doc)
    article(
        doc,
        1,
        "Công nhận {{ product_count }} sản phẩm công nghiệp nông thôn tiêu biểu {{ level }} "
        "năm {{ year }} ({{ round_title }}), danh sách tại Phụ lục kèm theo Quyết định này.",
    )
    article(
        doc,
        2,
        "Quyết định này có hiệu lực kể từ ngày ký; các cơ quan, đơn vị và cơ sở có sản phẩm "
        "được công nhận chịu trách nhiệm thi hành",
        closing=True,
    )
    footer(doc)
    annex_section(doc, landscape=False)
    annex_heading(
        doc,
        "",
        "DANH SÁCH SẢN PHẨM CÔNG NGHIỆP NÔNG THÔN TIÊU BIỂU",
        "(Kèm theo Quyết định số {{ number }}/QĐ-{{ unit }} ngày {{ date_short }} "
        "của {{ issuing_authority_sentence }})",
    )
    aligns = [C, L, L, L, C]
    table = grid(
        doc,
        [1.0, 5.0, 5.0, 3.0, 2.5],
        ["TT", "Sản phẩm", "Cơ sở", "Giấy chứng nhận", "Điểm"],
    )
    loop_rows(
        table,
        "for row in rows",
        [
            *("{{ row.index }}", "{{ row.product }}", "{{ row.establishment }}"),
            *("{{ row.certificate }}", "{{ row.points }}"),
        ],
        aligns=aligns,
    )


def roster_decision(doc) -> None:
    decision_opening(doc)
    article(
        doc,
        1,
        "Công nhận {{ member_count }} cộng tác viên khuyến công năm {{ year }}, danh sách và "
        "địa bàn phụ trách tại Phụ lục kèm theo Quyết định này.",
    )
    article(
        doc,
        2,
        "Cộng tác viên có trách nhiệm thực hiện nhiệm vụ theo quy chế hoạt động của mạng lưới "
        "cộng tác viên khuyến công. Quyết định này có hiệu lực kể từ ngày ký",
        closing=True,
    )
    footer(doc)
    annex_section(doc, landscape=False)
    annex_heading(
        doc,
        "",
        "DANH SÁCH CỘNG TÁC VIÊN KHUYẾN CÔNG NĂM {{ year }}",
        "(Kèm theo Quyết định số {{ number }}/QĐ-{{ unit }} ngày {{ date_short }} "
        "của {{ issuing_authority_sentence }})",
    )
    table = grid(doc, [1.0, 5.0, 5.0, 5.0], ["TT", "Họ và tên", "Nơi công tác", "Địa bàn"])
    loop_rows(
        table,
        "for row in rows",
        ["{{ row.index }}", "{{ row.name }}", "{{ row.workplace }}", "{{ row.communes }}"],
        aligns=[C, L, L, L],
    )


def progress_reminder(doc) -> None:
    """An official letter (công văn): no type name, "V/v …" under the number."""
    draft_mark(doc)
    left, right = two_columns(doc)
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(left, "{{ supervising_agency }}", size=13, align=center)
    para(left, "{{ issuing_agency }}", size=13, bold=True, align=center)
    rule(left, Cm(2.2), column_width=LEFT_COLUMN)
    para(left, "Số: {{ number }}/{{ unit }}", size=13, align=center, before=6)
    para(left, "V/v {{ subject }}", size=12, align=center, before=6)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=13, bold=True, align=center)
    para(right, "Độc lập - Tự do - Hạnh phúc", size=14, bold=True, align=center)
    rule(right, MOTTO_WIDTH, column_width=RIGHT_COLUMN)
    para(right, "{{ place_date }}", size=14, italic=True, align=center, before=6)
    _drop_first_paragraph(left)
    _drop_first_paragraph(right)
    para(doc, "Kính gửi: {{ party_b.name }}.", align=C, before=18, after=12)
    body(
        doc,
        "Thực hiện hợp đồng đề án {{ project.code }} “{{ project.title }}”, Bên nhận hỗ trợ có "
        "trách nhiệm báo cáo tiến độ hằng tháng trước ngày 25. Đến nay {{ issuing_agency_name }} "
        "chưa nhận được báo cáo tiến độ tháng {{ overdue_month }}.",
    )
    body(
        doc,
        "Đề nghị {{ party_b.name }} gửi báo cáo tiến độ trong thời hạn 05 ngày làm việc kể từ "
        "ngày nhận được văn bản này./.",
    )
    footer(doc)


BUILDERS: dict[str, Callable] = {
    "plan_decision": plan_decision,
    "contract": contract,
    "acceptance_minutes": acceptance_minutes,
    "plan_adjustment_decision": plan_adjustment_decision,
    "appraisal_minutes": appraisal_minutes,
    "closure_minutes": closure_minutes,
    "recognition_decision": recognition_decision,
    "roster_decision": roster_decision,
    "progress_reminder": progress_reminder,
}


def build(code: str) -> "Document":
    doc = new_document()
    BUILDERS[code](doc)
    return doc


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for code in BUILDERS:
        build(code).save(OUT / f"{code}.docx")
        print(OUT / f"{code}.docx")


if __name__ == "__main__":
    main()
