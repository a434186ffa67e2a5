"""The decision recognising typical rural industrial products."""

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
