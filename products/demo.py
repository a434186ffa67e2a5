"""Demo typical products: eleven products with photos; a provincial round of four years
ago whose certificates have expired; last year's provincial round, published, with a
revoked certificate and an answered complaint; this year's commune round in Tân Yên,
published; this year's provincial round in scoring (hoidong, the chair, still has
entries to score); and a regional round open for nominations.

Everything goes through the real services, so the demo is also a smoke test of them.

Long module: the demo's story, told in the order it happened.
"""

import datetime as dt
import hashlib
import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from accounts.models import User
from core.pdf import FONT_DIR
from establishments.models import Establishment
from products import services
from products.models import (
    Complaint,
    Criterion,
    Entry,
    Level,
    PhotoView,
    Product,
    ProductGroup,
    VotingRound,
)

PRODUCTS = [
    # name, group, establishment, description
    (
        "Bàn ghế gỗ mỹ nghệ Đồng Kỵ",
        ProductGroup.HANDICRAFT,
        "Cơ sở Mộc mỹ nghệ Đồng Kỵ",
        "Bộ bàn ghế gỗ hương chạm khắc thủ công, khảm trai; 120 bộ mỗi năm.",
    ),
    (
        "Đèn tre Tân Yên",
        ProductGroup.HANDICRAFT,
        "HTX Mây tre đan Tân Yên",
        "Đèn trang trí đan từ tre bánh tẻ địa phương, xử lý chống mối mọt; 8.000 chiếc mỗi năm.",
    ),
    (
        "Giỏ mây đan xuất khẩu",
        ProductGroup.HANDICRAFT,
        "HTX Mây tre đan Tân Yên",
        "Giỏ mây nhiều kích cỡ, xuất khẩu sang Nhật Bản và châu Âu.",
    ),
    (
        "Máy tuốt lúa liên hợp VY-02",
        ProductGroup.MACHINERY,
        "Công ty TNHH Cơ khí Việt Yên",
        "Máy tuốt lúa công suất 1,5 tấn/giờ, tiết kiệm 20 % nhiên liệu so với máy cùng loại.",
    ),
    (
        "Bánh đa nem làng Kế",
        ProductGroup.AGRO_FOOD,
        "Cơ sở Bánh đa Kế",
        "Bánh đa nem tráng thủ công từ gạo Khang Dân, phơi nắng tự nhiên.",
    ),
    (
        "Gốm Phù Lãng men da lươn",
        ProductGroup.HANDICRAFT,
        "Tổ hợp tác Gốm Phù Lãng",
        "Bình, chum, tượng gốm men da lươn nung củi truyền thống.",
    ),
    (
        "Vải thiều sấy Lục Ngạn",
        ProductGroup.AGRO_FOOD,
        "Công ty CP Thực phẩm Lục Ngạn",
        "Vải thiều sấy khô theo công nghệ sấy lạnh, đạt chứng nhận an toàn thực phẩm.",
    ),
    (
        "Miến dong Lục Nam",
        ProductGroup.AGRO_FOOD,
        "HTX Miến dong Lục Nam",
        "Miến dong nguyên chất, không chất tẩy trắng; 60 tấn mỗi năm.",
    ),
    (
        "Dao kéo rèn Đa Hội",
        ProductGroup.MACHINERY,
        "Cơ sở Rèn Đa Hội",
        "Dao, kéo thép nhíp rèn thủ công, tôi luyện truyền thống.",
    ),
    (
        "Tranh sơn mài Đình Bảng",
        ProductGroup.HANDICRAFT,
        "Cơ sở Sơn mài Đình Bảng",
        "Tranh sơn mài vẽ tay đề tài làng quê Kinh Bắc.",
    ),
    (
        "Rượu làng Vân",
        ProductGroup.AGRO_FOOD,
        "HTX Rượu làng Vân",
        "Rượu nếp cái hoa vàng nấu thủ công, hạ thổ một năm.",
    ),
]


def _photo(name: str, view: str) -> ContentFile:
    """A generated colour picture standing in for the photographer's: the product's
    name on a colour of its own."""
    digest = hashlib.sha256(name.encode()).digest()
    base = (80 + digest[0] % 150, 60 + digest[1] % 150, 40 + digest[2] % 150)
    image = Image.new("RGB", (640, 480), base)
    draw = ImageDraw.Draw(image)
    shade = tuple(max(c - 50, 0) for c in base)
    offset = {"front": 0, "side": 60, "top": 120}.get(view, 180)
    draw.ellipse((160 + offset // 2, 110, 480 - offset // 2, 370), fill=shade)
    font = ImageFont.truetype(str(FONT_DIR / "DejaVuSans.ttf"), 30)
    label = f"{name}\n{dict(PhotoView.choices)[view]}"
    draw.multiline_text((24, 24), label, fill=(255, 255, 255), font=font, spacing=8)
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    slug = digest.hex()[:10]
    return ContentFile(buffer.getvalue(), name=f"{slug}-{view}.jpg")


def _pdf(title: str) -> ContentFile:
    """A tiny valid PDF standing in for a scanned letter."""
    text = title.encode("ascii", "ignore").decode()
    body = (
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        "2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        "3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        f"% {text}\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return ContentFile(body.encode(), name="cong-van.pdf")


def _score(round_, member_user, entry, level: Decimal) -> None:
    """Points at `level` (0..1) of each maximum, rounded to half points."""
    points = {}
    for criterion in Criterion.objects.filter(group__round=round_):
        value = (Decimal(criterion.max_points) * level * 2).quantize(Decimal("1")) / 2
        points[criterion.pk] = min(value, Decimal(criterion.max_points))
    services.sheet_save(actor=member_user, entry=entry, points=points)


def _council(staff, round_, chair, members):
    services.council_member_add(
        actor=staff,
        voting_round=round_,
        user=chair,
        role="chair",
        organisation="Phó Chủ tịch UBND",
    )
    for user, role, org in members:
        services.council_member_add(
            actor=staff, voting_round=round_, user=user, role=role, organisation=org
        )


def _forward(staff, round_, product, note):
    return services.entry_add(
        actor=staff,
        voting_round=round_,
        product=product,
        forwarding_note=note,
        forwarding_file=_pdf(note),
    )


def _publish(staff, round_, decision_number, decision_date, award):
    services.awards_set(
        actor=staff,
        voting_round=round_,
        entry_ids=[e.pk for e in round_.entries.all() if e.product.name in award],
    )
    certificates = services.publish_round(
        actor=staff,
        voting_round=round_,
        decision_number=decision_number,
        decision_date=decision_date,
    )
    # The demo's history: the results were announced on the decision day.
    VotingRound.objects.filter(pk=round_.pk).update(published_on=decision_date)
    return certificates


@transaction.atomic
def load(*, stdout=None) -> None:
    if Product.objects.exists():
        if stdout is not None:
            stdout.write("  products: already loaded")
        return
    staff = User.objects.get(username="canbo")
    chair = User.objects.get(username="hoidong")
    second = User.objects.get(username="hoidong2")
    third = User.objects.get(username="hoidong3")
    today = timezone.localdate()
    year = today.year

    products = {}
    for name, group, establishment_name, description in PRODUCTS:
        establishment = Establishment.objects.get(name=establishment_name)
        products[name] = services.product_create(
            actor=staff,
            establishment=establishment,
            name=name,
            group=group,
            description=description,
            photos=[(view, _photo(name, view)) for view in ("front", "side", "top")],
        )
    services.document_add(
        actor=staff,
        product=products["Vải thiều sấy Lục Ngạn"],
        kind="food_safety",
        title="Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm",
        file=_pdf("ATTP"),
        issued_on=today - dt.timedelta(days=400),
    )

    members = [(second, "member", "Sở Công Thương"), (third, "jury", "Chuyên gia thiết kế")]

    # Four years ago: a provincial round whose certificates have expired since.
    old = services.round_create(
        actor=staff,
        level=Level.PROVINCIAL,
        year=year - 4,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm {year - 4}",
    )
    _council(staff, old, chair, members)
    for name in ("Bánh đa nem làng Kế", "Dao kéo rèn Đa Hội"):
        _forward(staff, old, products[name], f"Công văn 15/UBND ngày 01/03/{year - 4}")
    services.open_scoring(actor=staff, voting_round=old)
    for entry in old.entries.all():
        for user, level in (
            (chair, Decimal("0.8")),
            (second, Decimal("0.76")),
            (third, Decimal("0.82")),
        ):
            _score(old, user, entry, level)
    services.close_round(actor=chair, voting_round=old)
    _publish(
        staff,
        old,
        "1520/QĐ-UBND",
        dt.date(year - 4, 11, 20),
        {"Bánh đa nem làng Kế", "Dao kéo rèn Đa Hội"},
    )

    # Last year: published, one certificate revoked, a complaint answered.
    last = services.round_create(
        actor=staff,
        level=Level.PROVINCIAL,
        year=year - 1,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm {year - 1}",
    )
    _council(staff, last, chair, members)
    names = [
        "Bàn ghế gỗ mỹ nghệ Đồng Kỵ",
        "Máy tuốt lúa liên hợp VY-02",
        "Gốm Phù Lãng men da lươn",
        "Vải thiều sấy Lục Ngạn",
        "Miến dong Lục Nam",
        "Tranh sơn mài Đình Bảng",
    ]
    for name in names:
        _forward(staff, last, products[name], f"Công văn 32/UBND ngày 10/04/{year - 1}")
    services.open_scoring(actor=staff, voting_round=last)
    levels = {
        "Bàn ghế gỗ mỹ nghệ Đồng Kỵ": Decimal("0.88"),
        "Máy tuốt lúa liên hợp VY-02": Decimal("0.81"),
        "Gốm Phù Lãng men da lươn": Decimal("0.84"),
        "Vải thiều sấy Lục Ngạn": Decimal("0.77"),
        "Miến dong Lục Nam": Decimal("0.64"),
        "Tranh sơn mài Đình Bảng": Decimal("0.72"),
    }
    for entry in last.entries.select_related("product"):
        base = levels[entry.product.name]
        if entry.product.name == "Tranh sơn mài Đình Bảng":
            services.conflict_declare(
                actor=third, entry=entry, note="Người thân làm việc tại cơ sở sơn mài."
            )
            scorers = ((chair, base), (second, base - Decimal("0.02")))
        else:
            scorers = (
                (chair, base),
                (second, base - Decimal("0.03")),
                (third, base + Decimal("0.02")),
            )
        for user, level in scorers:
            _score(last, user, entry, level)
    services.close_round(actor=chair, voting_round=last)
    certificates = _publish(
        staff,
        last,
        "2145/QĐ-UBND",
        dt.date(year - 1, 11, 25),
        {
            "Bàn ghế gỗ mỹ nghệ Đồng Kỵ",
            "Máy tuốt lúa liên hợp VY-02",
            "Gốm Phù Lãng men da lươn",
            "Vải thiều sấy Lục Ngạn",
        },
    )
    revoked = next(c for c in certificates if c.entry.product.name == "Vải thiều sấy Lục Ngạn")
    services.certificate_revoke(
        actor=staff,
        certificate=revoked,
        reason="Cơ sở vi phạm quy định về an toàn thực phẩm (biên bản kiểm tra tháng 6).",
    )
    last.refresh_from_db()
    complaint = services.complaint_record(
        actor=staff,
        voting_round=last,
        complainant="Cơ sở Miến dong Lục Nam",
        contact="0204 3850 123",
        content="Đề nghị xem xét lại điểm tiêu chí quy mô sản xuất.",
        received_on=last.published_on + dt.timedelta(days=5),
        entry=last.entries.get(product=products["Miến dong Lục Nam"]),
    )
    services.complaint_answer(
        actor=chair,
        complaint=complaint,
        answer="Hội đồng đã rà soát phiếu chấm; giữ nguyên kết quả do sản lượng chưa ổn định.",
    )
    # Answered within the 10 working days, back then.
    Complaint.objects.filter(pk=complaint.pk).update(
        answered_on=complaint.received_on + dt.timedelta(days=7)
    )

    # This year, commune level in Tân Yên: published, two certificates.
    commune_round = services.round_create(
        actor=staff,
        level=Level.COMMUNE,
        year=year,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp xã Tân Yên năm {year}",
        commune=products["Đèn tre Tân Yên"].establishment.commune,
    )
    _council(staff, commune_round, second, [(third, "member", "UBND xã Tân Yên")])
    for name in ("Đèn tre Tân Yên", "Giỏ mây đan xuất khẩu"):
        services.entry_add(actor=staff, voting_round=commune_round, product=products[name])
    services.open_scoring(actor=staff, voting_round=commune_round)
    for entry in commune_round.entries.all():
        _score(commune_round, second, entry, Decimal("0.83"))
        _score(commune_round, third, entry, Decimal("0.79"))
    services.close_round(actor=second, voting_round=commune_round)
    commune_certificates = _publish(
        staff,
        commune_round,
        "88/QĐ-UBND",
        max(today - dt.timedelta(days=60), dt.date(year, 1, 2)),
        {"Đèn tre Tân Yên", "Giỏ mây đan xuất khẩu"},
    )

    # This year, provincial: scoring under way.
    current = services.round_create(
        actor=staff,
        level=Level.PROVINCIAL,
        year=year,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp tỉnh năm {year}",
    )
    _council(staff, current, chair, members)
    lamp = next(c for c in commune_certificates if c.entry.product.name == "Đèn tre Tân Yên")
    services.nominate(actor=staff, certificate=lamp, voting_round=current)
    for name in ("Bánh đa nem làng Kế", "Rượu làng Vân", "Dao kéo rèn Đa Hội"):
        _forward(staff, current, products[name], f"Công văn 40/UBND ngày 05/05/{year}")
    services.open_scoring(actor=staff, voting_round=current)
    entries = list(current.entries.select_related("product").order_by("product__name"))
    for entry in entries:
        _score(current, second, entry, Decimal("0.8"))
    _score(current, third, entries[0], Decimal("0.85"))

    # This year, regional: open, last year's valid certificates nominated.
    regional = services.round_create(
        actor=staff,
        level=Level.REGIONAL,
        year=year,
        title=f"Bình chọn sản phẩm CNNT tiêu biểu cấp khu vực phía Bắc năm {year}",
    )
    for certificate in certificates:
        if certificate.pk != revoked.pk and certificate.entry.product.name != (
            "Gốm Phù Lãng men da lươn"
        ):
            services.nominate(actor=staff, certificate=certificate, voting_round=regional)

    # After its certificate, the pottery registered its trade mark: staff renamed the
    # product, saying why; the certificate and the gallery keep the certified name.
    services.product_identity_change(
        actor=staff,
        product=products["Gốm Phù Lãng men da lươn"],
        name="Gốm men da lươn Phù Lãng Xưa",
        group=products["Gốm Phù Lãng men da lươn"].group,
        establishment=products["Gốm Phù Lãng men da lươn"].establishment,
        reason="Cơ sở đăng ký nhãn hiệu “Phù Lãng Xưa” (Giấy chứng nhận đăng ký nhãn hiệu "
        "số 412345); tên cũ giữ nguyên trên giấy chứng nhận đã cấp.",
    )

    if stdout is not None:
        stdout.write(
            f"  products: {Product.objects.count()} products, "
            f"{VotingRound.objects.count()} rounds, {Entry.objects.count()} entries"
        )
