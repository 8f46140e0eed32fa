"""PostgreSQL: a full-text index on the folded search text ('simple' configuration: the text is
already lower case and without diacritics), which the work-list search uses with prefix
queries; whole-word matching is far more selective than substring matching on a province's
million petitions.  SQLite keeps substring matching."""

from django.db import migrations

UP = [
    "CREATE INDEX IF NOT EXISTS petition_search_fts ON petitions_petition USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE((search_text)::text, '')));",
]
DOWN = ["DROP INDEX IF EXISTS petition_search_fts;"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0004_fill_petition_identity_confidential")]
    operations = [migrations.RunPython(forwards, backwards)]
