"""The decision recognising the collaborators of a roster."""

from documents.docx_build.layout import (
    C,
    L,
    annex_heading,
    annex_section,
    article,
    decision_opening,
    footer,
    grid,
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
