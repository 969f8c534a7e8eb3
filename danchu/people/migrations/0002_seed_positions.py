from django.db import migrations


def seed(apps, schema_editor):
    from danchu.people.seed import ensure_positions

    ensure_positions(apps.get_model("people", "Position"))


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
