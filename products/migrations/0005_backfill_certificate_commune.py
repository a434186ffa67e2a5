"""Certificates issued before the commune was part of their snapshot get the commune
their establishment was in when the certificate was issued (from the history tables;
the present record where no history reaches back that far)."""

from django.db import migrations


def _as_of(historical, pk, moment, field):
    if moment is None:
        return None
    return (
        historical.objects.filter(id=pk, history_date__lte=moment)
        .order_by("-history_date", "-history_id")
        .values_list(field, flat=True)
        .first()
    )


def backfill(apps, schema_editor):
    Certificate = apps.get_model("products", "Certificate")
    HistoricalCertificate = apps.get_model("products", "HistoricalCertificate")
    Product = apps.get_model("products", "Product")
    HistoricalProduct = apps.get_model("products", "HistoricalProduct")
    Establishment = apps.get_model("establishments", "Establishment")
    HistoricalEstablishment = apps.get_model("establishments", "HistoricalEstablishment")
    AdminUnit = apps.get_model("localities", "AdminUnit")

    missing = Certificate.objects.filter(commune_name="").values_list("pk", "entry__product_id")
    for pk, product_id in missing.iterator():
        issued = (
            HistoricalCertificate.objects.filter(id=pk, history_type="+")
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        establishment_id = _as_of(HistoricalProduct, product_id, issued, "establishment_id") or (
            Product.objects.filter(pk=product_id).values_list("establishment_id", flat=True).get()
        )
        commune_id = _as_of(HistoricalEstablishment, establishment_id, issued, "commune_id") or (
            Establishment.objects.filter(pk=establishment_id)
            .values_list("commune_id", flat=True)
            .get()
        )
        name = AdminUnit.objects.filter(pk=commune_id).values_list("name", flat=True).first()
        Certificate.objects.filter(pk=pk).update(commune_name=name or "")


class Migration(migrations.Migration):
    dependencies = [
        ("products", "0004_certificate_commune_identity_change"),
        ("establishments", "0005_search_indexes"),
        ("localities", "0001_initial"),
    ]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
