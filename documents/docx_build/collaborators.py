"""The decision recognising the collaborators of a roster; the decision paying a month's
allowances, with the sheet as its annex."""

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


def allowance_sheet(doc) -> None:
    decision_opening(doc)
    article(
        doc,
        1,
        "Chi trả phụ cấp tháng {{ month }}/{{ year }} cho {{ member_count }} cộng tác viên "
        "khuyến công, tổng số tiền {{ total }} đồng (bằng chữ: {{ total_words }}), chi tiết "
        "tại Bảng thanh toán kèm theo Quyết định này.",
    )
    article(
        doc,
        2,
        "Kinh phí chi từ dự án {{ project_code }} “{{ project_title }}”, theo mức phụ cấp quy "
        "định tại {{ rule_bases }}.",
    )
    article(
        doc,
        3,
        "Phòng Kế toán và các cộng tác viên có tên tại Bảng thanh toán chịu trách nhiệm thi "
        "hành Quyết định này. Quyết định này có hiệu lực kể từ ngày ký",
        closing=True,
    )
    footer(doc)
    annex_section(doc, landscape=False)
    annex_heading(
        doc,
        "",
        "BẢNG THANH TOÁN PHỤ CẤP CỘNG TÁC VIÊN KHUYẾN CÔNG THÁNG {{ month }}/{{ year }}",
        "(Kèm theo Quyết định số {{ number }}/QĐ-{{ unit }} ngày {{ date_short }} "
        "của {{ issuing_authority_sentence }})",
    )
    table = grid(
        doc,
        [1.0, 4.0, 4.5, 2.4, 2.6, 2.0],
        ["TT", "Họ và tên", "Địa bàn", "Báo cáo tháng", "Số tiền (đồng)", "Ký nhận"],
    )
    loop_rows(
        table,
        "for row in rows",
        [
            "{{ row.index }}",
            "{{ row.name }}",
            "{{ row.communes }}",
            "{{ row.report }}",
            "{{ row.amount }}",
            "",
        ],
        aligns=[C, L, L, C, R, C],
    )
    grid_row(
        table, ["", "Tổng cộng", "", "", "{{ total }}", ""], bold=True, aligns=[C, L, L, C, R, C]
    )
