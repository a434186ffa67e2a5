"""Field visits move here from collaborators, keeping their tables and their rows."""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def _relabel(apps, schema_editor, source: str, target: str) -> None:
    """Carry the content types, and with them the permissions given to roles and the admin
    log, to the app that now owns the model."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    types = ContentType.objects.using(schema_editor.connection.alias)
    for model in ("fieldvisit", "historicalfieldvisit"):
        if not types.filter(app_label=target, model=model).exists():
            types.filter(app_label=source, model=model).update(app_label=target)


def forwards(apps, schema_editor):
    _relabel(apps, schema_editor, "collaborators", "establishments")


def backwards(apps, schema_editor):
    _relabel(apps, schema_editor, "establishments", "collaborators")


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('collaborators', '0004_field_visits_move_to_establishments'),
        ('establishments', '0005_search_indexes'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The tables stay where they are: only Django's idea of the owner moves.
            state_operations=[
                migrations.CreateModel(
                    name='HistoricalFieldVisit',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('visited_on', models.DateField(verbose_name='visit date')),
                        ('purpose', models.CharField(choices=[('survey', 'Survey of the establishment'), ('needs', 'Recording support needs'), ('advice', 'Advice on policies'), ('follow_up', 'Follow-up of a project'), ('other', 'Other')], max_length=20, verbose_name='purpose')),
                        ('needs', models.TextField(blank=True, verbose_name='needs found')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('photo', models.TextField(blank=True, max_length=100, verbose_name='photo')),
                        ('created_at', models.DateTimeField(blank=True, editable=False)),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('collaborator', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='collaborators.collaborator', verbose_name='collaborator')),
                        ('establishment', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='establishments.establishment', verbose_name='establishment')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical field visit',
                        'verbose_name_plural': 'historical field visits',
                        'db_table': 'collaborators_historicalfieldvisit',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='FieldVisit',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('visited_on', models.DateField(verbose_name='visit date')),
                        ('purpose', models.CharField(choices=[('survey', 'Survey of the establishment'), ('needs', 'Recording support needs'), ('advice', 'Advice on policies'), ('follow_up', 'Follow-up of a project'), ('other', 'Other')], max_length=20, verbose_name='purpose')),
                        ('needs', models.TextField(blank=True, verbose_name='needs found')),
                        ('notes', models.TextField(blank=True, verbose_name='notes')),
                        ('photo', models.ImageField(blank=True, upload_to='visits/%Y/%m/', verbose_name='photo')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('collaborator', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='collaborators.collaborator', verbose_name='collaborator')),
                        ('establishment', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='visits', to='establishments.establishment', verbose_name='establishment')),
                    ],
                    options={
                        'verbose_name': 'field visit',
                        'verbose_name_plural': 'field visits',
                        'db_table': 'collaborators_fieldvisit',
                        'ordering': ('-visited_on', '-id'),
                        'indexes': [models.Index(fields=['collaborator', '-visited_on'], name='visit_collaborator_date')],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(forwards, backwards),
    ]
