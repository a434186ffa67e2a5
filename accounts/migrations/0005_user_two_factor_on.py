from django.db import migrations, models


def mark_enrolled(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    TOTPDevice = apps.get_model("otp_totp", "TOTPDevice")
    enrolled = TOTPDevice.objects.filter(confirmed=True).values("user_id")
    User.objects.filter(pk__in=enrolled).update(two_factor_on=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_two_factor_audit"),
        ("otp_totp", "0003_add_timestamps"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="two_factor_on",
            field=models.BooleanField(
                default=False, editable=False, verbose_name="two-factor sign-in on"
            ),
        ),
        migrations.RunPython(mark_enrolled, migrations.RunPython.noop),
    ]
