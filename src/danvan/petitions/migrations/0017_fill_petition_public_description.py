"""The stored Open311 description of the petitions Open311 already shows (published phản ánh
and kiến nghị), without what identifies their petitioners, in batches that each commit: safe to stop and to run again, as it picks only
rows still without one.  Other petitions keep NULL; a read computes it if one is ever shown.

``public_description`` is imported from the application on purpose: the stored text must be
what the code that reads it would compute, and a frozen copy of older patterns could store
less redacted text than the current code hides.  On PostgreSQL the table is vacuumed at the
end, so that the Open311 count stays an index-only scan (the fill touches ~40 % of rows)."""

from django.db import migrations, transaction

BATCH = 1000


def fill(apps, schema_editor):
    from danvan.petitions.publication import public_description

    Petition = apps.get_model("petitions", "Petition")
    Petitioner = apps.get_model("petitions", "Petitioner")
    alias = schema_editor.connection.alias
    todo = Petition.objects.using(alias).filter(
        kind__in=["kien_nghi", "phan_anh"],
        consent_to_publish=True,
        identity_confidential=False,
        public_description__isnull=True,
    )
    last = 0
    while True:
        rows = list(todo.filter(pk__gt=last).order_by("pk").values_list("pk", "content")[:BATCH])
        if not rows:
            break
        people: dict[int, list] = {}
        for person in Petitioner.objects.using(alias).filter(
            petition_id__in=[pk for pk, _text in rows]
        ).only("petition_id", "full_name", "address", "phone", "email", "id_number"):
            people.setdefault(person.petition_id, []).append(person)
        with transaction.atomic(using=alias):
            Petition.objects.using(alias).bulk_update(
                [
                    Petition(pk=pk, public_description=public_description(text, people.get(pk, ())))
                    for pk, text in rows
                ],
                ["public_description"],
            )
        last = rows[-1][0]
    connection = schema_editor.connection
    if connection.vendor == "postgresql" and last and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) petitions_petition")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("petitions", "0016_petition_public_description")]
    operations = [migrations.RunPython(fill, migrations.RunPython.noop, elidable=True)]
