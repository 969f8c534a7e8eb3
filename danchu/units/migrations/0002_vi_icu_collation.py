"""ID2: the ICU Vietnamese collation in the database.

PostgreSQL gets a real ICU collation; SQLite registers the same ICU collator on every connection
(``danchu.core.apps_sqlite``), so ``Collate(..., "vi_icu")`` works on both.
"""

from django.db import migrations


def create_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE COLLATION IF NOT EXISTS vi_icu (provider = icu, locale = 'vi-VN')"
        )


def drop_collation(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP COLLATION IF EXISTS vi_icu")


class Migration(migrations.Migration):
    dependencies = [("units", "0001_initial")]
    operations = [migrations.RunPython(create_collation, drop_collation)]
