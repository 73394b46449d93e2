"""The sectors RUS starts with; they are data, changed in the admin."""

from django.db import migrations

def forwards(apps, schema_editor):
    from rus.actions.defaults import seed

    seed(apps.get_model("actions", "Sector"))


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
