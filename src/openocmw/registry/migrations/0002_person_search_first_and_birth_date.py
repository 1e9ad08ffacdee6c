"""Search by first name alone (issue 10 §1) and the duplicate check by birth date: a folded
first name per person, filled for the persons already registered, and two indexes."""

import unicodedata

from django.db import migrations, models

BATCH = 2000


def _fold(text):
    # As registry.services.fold at the time of this migration (a migration must not import
    # code that may change later).
    norm = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def fill_search_first(apps, schema_editor):
    Person = apps.get_model("registry", "Person")
    last = 0
    while True:
        rows = list(
            Person.objects.filter(pk__gt=last).order_by("pk").only("pk", "first_name")[:BATCH]
        )
        if not rows:
            return
        for p in rows:
            p.search_first = _fold(p.first_name)
        Person.objects.bulk_update(rows, ["search_first"])
        last = rows[-1].pk


class Migration(migrations.Migration):
    dependencies = [("registry", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="search_first",
            field=models.CharField(blank=True, default="", editable=False, max_length=100),
        ),
        migrations.RunPython(fill_search_first, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["ocmw", "search_first"], name="person_ocmw_search_first"),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["ocmw", "birth_date"], name="person_ocmw_birth_date"),
        ),
    ]
