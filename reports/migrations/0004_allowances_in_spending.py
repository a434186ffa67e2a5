"""Money spent in a period counts the collaborators' allowances too: the default
"spent in the period" measure, where it still lists every other kind of payment, gains
the allowance payments of the monthly sheets."""

from django.db import migrations
from django.utils import timezone

EARLIER = ["advance", "interim", "final"]


def add_allowances(apps, schema_editor):
    Measure = apps.get_model("reports", "Measure")
    History = apps.get_model("reports", "HistoricalMeasure")
    measure = Measure.objects.filter(code="da_chi", kind="disbursement_sum").first()
    if measure is None or sorted(measure.params.get("kinds", [])) != sorted(EARLIER):
        return  # changed by the center: theirs to decide
    measure.params = {**measure.params, "kinds": [*EARLIER, "allowance"]}
    measure.save(update_fields=["params"])
    values = {f.attname: getattr(measure, f.attname) for f in measure._meta.concrete_fields}
    History.objects.create(
        **values,
        history_date=timezone.now(),
        history_type="~",
        history_change_reason="Tính cả phụ cấp cộng tác viên",
    )


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_default_measures")]

    operations = [migrations.RunPython(add_allowances, migrations.RunPython.noop)]
