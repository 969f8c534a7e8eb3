"""Issue 19: villages entered on the page (or by the demo) were coded "01" while the importer
stored "23479-01"; every village now carries ``<commune code>-<code>``."""

from django.db import migrations


def prefix(apps, schema_editor):  # type: ignore[no-untyped-def]
    AdminUnit = apps.get_model("units", "AdminUnit")
    villages = AdminUnit.objects.filter(map_version="local").select_related("parent")
    for village in villages.iterator():
        if village.parent is None or village.code.startswith(f"{village.parent.code}-"):
            continue
        full = f"{village.parent.code}-{village.code}"
        clash = AdminUnit.objects.filter(parent=village.parent, map_version="local", code=full)
        if len(full) <= 20 and not clash.exists():
            AdminUnit.objects.filter(pk=village.pk).update(code=full)


class Migration(migrations.Migration):
    dependencies = [("units", "0004_unit_search_name")]
    operations = [migrations.RunPython(prefix, migrations.RunPython.noop)]
