"""The basic wage (lương cơ sở) as the decrees set it since 2019 (see docs/DOMAIN.md).
Later changes are added by the center's staff in the portal."""

import datetime as dt

from django.db import migrations

WAGES = [
    (dt.date(2019, 7, 1), 1_490_000, "Nghị định số 38/2019/NĐ-CP ngày 09/5/2019 của Chính phủ"),
    (dt.date(2023, 7, 1), 1_800_000, "Nghị định số 24/2023/NĐ-CP ngày 14/5/2023 của Chính phủ"),
    (dt.date(2024, 7, 1), 2_340_000, "Nghị định số 73/2024/NĐ-CP ngày 30/6/2024 của Chính phủ"),
]


def seed(apps, schema_editor):
    BasicWage = apps.get_model("collaborators", "BasicWage")
    History = apps.get_model("collaborators", "HistoricalBasicWage")
    for effective_from, amount, basis in WAGES:
        wage, created = BasicWage.objects.get_or_create(
            effective_from=effective_from, defaults={"amount_vnd": amount, "legal_basis": basis}
        )
        if created:
            History.objects.create(
                id=wage.pk,
                effective_from=effective_from,
                amount_vnd=amount,
                legal_basis=basis,
                history_date=dt.datetime.now(dt.UTC),
                history_type="+",
                history_change_reason="Seeded from the decree",
            )


class Migration(migrations.Migration):
    dependencies = [("collaborators", "0005_allowances")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
