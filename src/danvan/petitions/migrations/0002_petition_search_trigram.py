"""PostgreSQL: a trigram index on the folded search text, so a word search over a whole
province's petitions does not scan the table.  SQLite has no such index; its searches stay a
filtered scan, fine at embedded sizes."""

from django.db import migrations

UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm;",
    "CREATE INDEX IF NOT EXISTS petition_search_trgm ON petitions_petition "
    "USING gin (search_text gin_trgm_ops);",
]
DOWN = ["DROP INDEX IF EXISTS petition_search_trgm;"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
