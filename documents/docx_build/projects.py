"""The papers of a project: the contract, the appraisal, acceptance and closure
minutes, the progress reminder."""

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from documents.docx_build.layout import (
    LEFT_COLUMN,
    MOTTO_WIDTH,
    RIGHT_COLUMN,
    C,
    L,
    R,
    article,
    body,
    draft_mark,
    drop_first_paragraph,
    footer,
    footer_recipients_only,
    grid,
    header,
    legal_bases,
    loop_rows,
    minutes_opening,
    para,
    rule,
    tag,
    title,
    two_columns,
    two_party_signatures,
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
    drop_first_paragraph(left)
    drop_first_paragraph(right)
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
