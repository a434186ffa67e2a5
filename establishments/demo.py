"""Demo establishments in the collaborators' areas, with requests in every status,
a possible duplicate, and this month's field visits."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from collaborators.demo import AREAS
from establishments import services
from establishments.content_types import PromotionContent
from establishments.models import Establishment, LegalForm, RequestStatus, Sector, SizeClass
from localities.models import AdminUnit
from localities.selectors import configured_province

MARKER_TAX_CODE = "2400100001"

ESTABLISHMENTS = [
    # name, legal form, sector, commune, products, workers, women, tax suffix
    (
        "Cơ sở Mộc mỹ nghệ Đồng Kỵ",
        LegalForm.HOUSEHOLD_BUSINESS,
        Sector.HANDICRAFT,
        "Phường Từ Sơn",
        "Bàn ghế gỗ mỹ nghệ",
        18,
        False,
    ),
    (
        "HTX Mây tre đan Tân Yên",
        LegalForm.COOPERATIVE,
        Sector.HANDICRAFT,
        "Xã Tân Yên",
        "Giỏ mây, đèn tre",
        42,
        True,
    ),
    (
        "Công ty TNHH Cơ khí Việt Yên",
        LegalForm.ENTERPRISE,
        Sector.MECHANICAL,
        "Phường Việt Yên",
        "Máy tuốt lúa, máy xay",
        35,
        False,
    ),
    (
        "Cơ sở Bánh đa Kế",
        LegalForm.HOUSEHOLD_BUSINESS,
        Sector.FOOD_PROCESSING,
        "Phường Việt Yên",
        "Bánh đa nem",
        9,
        True,
    ),
    (
        "Tổ hợp tác Gốm Phù Lãng",
        LegalForm.COOPERATIVE_GROUP,
        Sector.HANDICRAFT,
        "Phường Phù Khê",
        "Gốm men da lươn",
        14,
        False,
    ),
    (
        "Công ty CP Thực phẩm Lục Ngạn",
        LegalForm.ENTERPRISE,
        Sector.FOOD_PROCESSING,
        "Xã Lục Ngạn",
        "Vải thiều sấy",
        60,
        True,
    ),
    (
        "HTX Miến dong Lục Nam",
        LegalForm.COOPERATIVE,
        Sector.FOOD_PROCESSING,
        "Xã Lục Nam",
        "Miến dong",
        25,
        True,
    ),
    (
        "Cơ sở Rèn Đa Hội",
        LegalForm.HOUSEHOLD_BUSINESS,
        Sector.MECHANICAL,
        "Phường Đồng Nguyên",
        "Dao, kéo, nông cụ",
        7,
        False,
    ),
    (
        "Công ty TNHH Gạch không nung Đồng Kỳ",
        LegalForm.ENTERPRISE,
        Sector.CHEMICALS_MATERIALS,
        "Xã Đồng Kỳ",
        "Gạch không nung",
        28,
        False,
    ),
    (
        "Cơ sở Sơn mài Đình Bảng",
        LegalForm.HOUSEHOLD_BUSINESS,
        Sector.HANDICRAFT,
        "Phường Từ Sơn",
        "Tranh sơn mài",
        6,
        True,
    ),
    (
        "HTX Rượu làng Vân",
        LegalForm.COOPERATIVE,
        Sector.FOOD_PROCESSING,
        "Phường Việt Yên",
        "Rượu làng Vân",
        12,
        False,
    ),
    (
        "Cơ sở Chế biến gỗ Chũ",
        LegalForm.HOUSEHOLD_BUSINESS,
        Sector.CONSUMER_GOODS,
        "Phường Chũ",
        "Ván ép",
        16,
        False,
    ),
]
REQUESTS = [
    # establishment index, content, cost, status path
    (
        0,
        PromotionContent.MACHINERY,
        450_000_000,
        [RequestStatus.UNDER_REVIEW, RequestStatus.ACCEPTED],
    ),
    (1, PromotionContent.TRAINING, 120_000_000, [RequestStatus.UNDER_REVIEW]),
    (2, PromotionContent.DEMO_MODEL, 1_800_000_000, []),
    (
        3,
        PromotionContent.BRAND_SHOWROOM,
        60_000_000,
        [RequestStatus.UNDER_REVIEW, RequestStatus.DECLINED],
    ),
    (5, PromotionContent.MACHINERY, 700_000_000, []),
    (6, PromotionContent.DIGITAL, 90_000_000, [RequestStatus.UNDER_REVIEW]),
]


@transaction.atomic
def load(*, stdout=None) -> None:
    if Establishment.objects.filter(tax_code=MARKER_TAX_CODE).exists():
        if stdout is not None:
            stdout.write("  establishments: already loaded")
        return
    staff = User.objects.get(username="canbo")
    by_user = {"ctv": User.objects.get(username="ctv"), "ctv2": User.objects.get(username="ctv2")}
    province = configured_province()
    communes = {u.name: u for u in AdminUnit.objects.filter(parent=province)}

    owner = {name: user for user, names in AREAS.items() for name in names}
    created = []
    for index, (name, form, sector, commune, products, workers, women) in enumerate(ESTABLISHMENTS):
        actor = by_user[owner[commune]]
        created.append(
            services.establishment_register(
                actor=actor,
                name=name,
                legal_form=form,
                size_class=SizeClass.SMALL if form == LegalForm.ENTERPRISE else SizeClass.MICRO,
                tax_code=f"{2400100001 + index}",
                commune=communes[commune],
                sector=sector,
                main_products=products,
                workers=workers,
                local_material_share=60 if sector == Sector.FOOD_PROCESSING else 30,
                women_owned=women,
                exports=workers > 30,
                contact_person="Ông/bà chủ cơ sở",
                phone=f"09{index:08d}",
            )
        )
    services.establishment_verify(actor=staff, establishments=created[:6])
    # A second registration of the same workshop, flagged for staff to merge.
    services.establishment_register(
        actor=by_user["ctv"],
        name="Cơ sở mộc mỹ nghệ ĐỒNG KỴ",
        legal_form=LegalForm.HOUSEHOLD_BUSINESS,
        commune=communes["Phường Từ Sơn"],
        sector=Sector.HANDICRAFT,
        main_products="Đồ gỗ",
    )
    year = timezone.localdate().year
    for index, content, cost, path in REQUESTS:
        establishment = created[index]
        actor = by_user[owner[establishment.commune.name]]
        request = services.support_request_submit(
            actor=actor,
            establishment=establishment,
            content_type=content,
            description=f"Cần hỗ trợ: {content.label}. Cơ sở đã khảo sát nhu cầu thực tế.",
            estimated_cost_vnd=cost,
            desired_year=year + 1,
        )
        for target in path:
            note = (
                "Không thuộc nội dung ưu tiên năm nay." if target == RequestStatus.DECLINED else ""
            )
            services.support_request_transition(
                actor=staff, request=request, target=target, note=note
            )
    today = timezone.localdate()
    for offset, index in enumerate((0, 1, 2, 3)):
        services.field_visit_log(
            actor=by_user["ctv"],
            establishment=created[index],
            visited_on=max(today - dt.timedelta(days=offset * 3), today.replace(day=1)),
            purpose="needs" if offset % 2 else "survey",
            needs="Cần máy móc hiện đại hơn" if offset % 2 else "",
        )
    # A workshop registered twice by mistake and since closed: archived, not deleted.
    closed = services.establishment_register(
        actor=by_user[owner[created[-1].commune.name]],
        name="Cơ sở bánh đa nem (đã nghỉ)",
        legal_form=LegalForm.HOUSEHOLD_BUSINESS,
        commune=created[-1].commune,
        sector=Sector.FOOD_PROCESSING,
        main_products="Bánh đa nem",
    )
    services.establishment_archive(
        actor=staff,
        establishment=closed,
        reason="Cơ sở đã ngừng sản xuất từ năm trước (xác minh qua cộng tác viên).",
    )
    if stdout is not None:
        stdout.write(
            f"  establishments: {len(created) + 2} (1 archived), requests: {len(REQUESTS)}, "
            "visits: 4"
        )
