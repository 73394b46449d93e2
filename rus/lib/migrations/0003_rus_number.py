from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        from rus.lib.numbers import postgres_function_sql

        schema_editor.execute(postgres_function_sql())


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS rus_number(text)")
        schema_editor.execute("DROP FUNCTION IF EXISTS rus_number_full(text)")


class Migration(migrations.Migration):
    dependencies = [("lib", "0002_linkversion")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
