"""The periodic report to the Department (báo cáo, Decree 30/2020 Phụ lục I): the
header with "Số: …/BC-…", the type and subject, the legal basis, the figures of the
period per measure (in total and per fund source), the assessment left for the drafter,
recipients and signature."""

from documents.docx_build.layout import (
    C,
    L,
    R,
    body,
    draft_mark,
    footer,
    grid,
    header,
    legal_bases,
    loop_rows,
    para,
    title,
)


def periodic_report(doc) -> None:
    draft_mark(doc)
    header(doc, "BC")
    title(doc, "BÁO CÁO", authority=False)
    para(doc, "Kính gửi: Sở Công Thương {{ province }}.", align=C, before=6, after=12)
    legal_bases(doc)
    body(
        doc,
        "{{ issuing_agency_name }} báo cáo kết quả hoạt động khuyến công {{ period_name }} "
        "(từ ngày {{ from_date }} đến ngày {{ to_date }}) như sau:",
    )
    body(doc, "I. KẾT QUẢ THỰC HIỆN", bold=True)
    body(
        doc,
        "Số liệu tổng hợp từ hệ thống quản lý hoạt động khuyến công theo {{ measure_count }} "
        "chỉ tiêu; chi tiết theo nội dung, theo xã và theo tỉnh trước sắp xếp tại biểu "
        "số liệu kèm theo.",
    )
    table = grid(
        doc,
        [1.0, 6.0, 2.0, 2.6, 2.6, 2.6],
        ["TT", "Chỉ tiêu", "Đơn vị", "Tổng số", "Khuyến công quốc gia", "Khuyến công địa phương"],
        size=10,
    )
    loop_rows(
        table,
        "for row in rows",
        [
            *("{{ row.index }}", "{{ row.name }}", "{{ row.unit }}"),
            *("{{ row.total }}", "{{ row.national }}", "{{ row.local }}"),
        ],
        aligns=[C, L, C, R, R, R],
        size=10,
    )
    body(doc, "II. ĐÁNH GIÁ CHUNG", bold=True, before=12)
    body(doc, "1. Kết quả đạt được: ……")
    body(doc, "2. Khó khăn, vướng mắc: ……")
    body(doc, "III. KIẾN NGHỊ, ĐỀ XUẤT", bold=True)
    body(doc, "……")
    body(doc, "{{ issuing_agency_name }} kính báo cáo Sở Công Thương./.")
    footer(doc)
