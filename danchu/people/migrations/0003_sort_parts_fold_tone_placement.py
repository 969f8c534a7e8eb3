"""ID2 (issue 19): recompute the sort parts of every person with the tone placement folded."""

from django.db import migrations


def resplit(apps, schema_editor):  # type: ignore[no-untyped-def]
    from danchu.core.collation import split_full_name
    from danchu.core.text import canonical_tones

    Person = apps.get_model("people", "Person")
    for person in Person.objects.only("pk", "full_name").iterator():
        family, middle, given = split_full_name(canonical_tones(person.full_name))
        Person.objects.filter(pk=person.pk).update(
            family_name=family, middle_name=middle, given_name=given
        )


class Migration(migrations.Migration):
    dependencies = [("people", "0002_seed_positions")]
    operations = [migrations.RunPython(resplit, migrations.RunPython.noop)]
