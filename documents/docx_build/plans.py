"""The decisions approving and adjusting an annual plan, with their annexes."""

from documents.docx_build.layout import (
    C,
    L,
    R,
    annex_heading,
    annex_section,
    article,
    decision_opening,
    footer,
    grid,
    grid_row,
    loop_rows,
    only_when,
    para,
    table_break,
    tag,
)


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
    # The list is cut into tables of at most ANNEX_ROWS_PER_TABLE rows, one after the
    # other (the header in the first, the totals in the last): LibreOffice lays out one
    # table running over 200 pages in a time that grows faster than its rows (a plan of
    # 1,800 projects took 21 s of CPU and 480 MB as one table, 6 s and 235 MB cut).
    tag(doc, "{%p for chunk in row_chunks %}")
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
    only_when(table, table.rows[0], "loop.first")
    loop_rows(
        table,
        "for row in chunk",
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
    only_when(table, table.rows[-1], "loop.last")
    table_break(doc)
    tag(doc, "{%p endfor %}")
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
