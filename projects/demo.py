"""Demo projects: one drafted from the accepted support request, others at each
step up to appraisal, so the project list and pages are populated."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, RequestStatus, SupportRequest
from projects import services
from projects.models import Project, ProjectStatus, Recommendation
from projects.services import Line


@transaction.atomic
def load(*, stdout=None) -> None:
    if Project.objects.exists():
        if stdout is not None:
            stdout.write("  projects: already loaded")
        return
    staff = User.objects.get(username="canbo")
    year = timezone.localdate().year + 1
    accepted = SupportRequest.objects.filter(status=RequestStatus.ACCEPTED).first()
    if accepted is not None:
        services.project_create_from_request(actor=staff, request=accepted, fund_source="local")
    # Budgets within the Circular 28/2018 caps (machinery 50 % / 300 M, demo model 30 % /
    # 1,000 M), so the department can approve the plans as they stand.
    specs = [
        (
            "Đào tạo nghề mây tre đan",
            "training",
            "HTX Mây tre đan Tân Yên",
            "submitted",
            [
                Line("Thù lao giảng viên, học liệu", 150_000_000, 0),
                Line("Nguyên liệu thực hành", 30_000_000, 20_000_000),
            ],
        ),
        (
            "Mô hình trình diễn sấy vải thiều",
            "demo_model",
            "Công ty CP Thực phẩm Lục Ngạn",
            "appraised",
            [
                Line("Thiết bị, máy móc", 270_000_000, 700_000_000),
                Line("Chuyển giao, hướng dẫn kỹ thuật", 30_000_000, 50_000_000),
            ],
        ),
        (
            "Hỗ trợ máy cán miến",
            "machinery",
            "HTX Miến dong Lục Nam",
            "returned",
            [Line("Thiết bị, máy móc", 240_000_000, 360_000_000)],
        ),
    ]
    for index, (title, content, establishment_name, target, lines) in enumerate(specs, start=1):
        establishment = Establishment.objects.get(name=establishment_name)
        project = services.project_create(
            actor=staff,
            code=f"DP-{year}-{100 + index}",
            title=title,
            plan_year=year,
            fund_source="local" if index % 2 else "national",
            content_type=content,
            implementing_unit="Trung tâm Khuyến công và Tư vấn phát triển công nghiệp",
            start_date=dt.date(year, 3, 1),
            end_date=dt.date(year, 11, 30),
            objectives=f"{title} cho {establishment_name}",
            beneficiaries=[establishment],
            site_communes=[establishment.commune],
            budget_lines=lines,
        )
        services.project_transition(actor=staff, project=project, target=ProjectStatus.SUBMITTED)
        if target in ("appraised", "returned"):
            services.project_appraise(
                actor=staff,
                project=project,
                appraised_on=timezone.localdate(),
                score=86 if target == "appraised" else 58,
                recommendation=Recommendation.APPROVE
                if target == "appraised"
                else Recommendation.REVISE,
                summary="Đạt yêu cầu" if target == "appraised" else "Bổ sung báo giá thiết bị",
                council="Hội đồng thẩm định cấp cơ sở",
            )
    if stdout is not None:
        stdout.write(f"  projects: {Project.objects.count()}")
