"""Field visits now belong to establishments (establishments 0006); the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('collaborators', '0003_history'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of the owner moves.
            state_operations=[
                migrations.RemoveField(
                    model_name='historicalfieldvisit',
                    name='collaborator',
                ),
                migrations.RemoveField(
                    model_name='historicalfieldvisit',
                    name='establishment',
                ),
                migrations.RemoveField(
                    model_name='historicalfieldvisit',
                    name='history_user',
                ),
                migrations.DeleteModel(
                    name='FieldVisit',
                ),
                migrations.DeleteModel(
                    name='HistoricalFieldVisit',
                ),
            ],
            database_operations=[],
        ),
    ]
