from django.core.checks import Error, Tags, Warning, register
from django.db import DatabaseError

from localities.selectors import LocalityNotConfigured, configured_province


@register(Tags.database)
def configured_province_exists(app_configs=None, databases=None, **kwargs):
    """`check --database default` tells at once when the configured province is wrong."""
    if not databases:
        return []

    try:
        configured_province()
    except LocalityNotConfigured as exc:
        level = Warning if "not loaded" in str(exc) else Error
        return [level(str(exc), id="localities.E001")]
    except DatabaseError:
        return []
    return []
