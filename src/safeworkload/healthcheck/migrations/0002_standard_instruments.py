"""The standard practitioner survey and self-assessment, version 1 (healthcheck.instruments)."""

from django.apps.registry import Apps
from django.db import migrations
from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def create(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from safeworkload.healthcheck.instruments import ensure_standard_instruments

    ensure_standard_instruments(apps)


class Migration(migrations.Migration):
    dependencies = [("healthcheck", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
