"""PostgreSQL: the search text's full-text vector stored in the row (``search_vector``, a
generated column, so every write keeps it current with no application code) and one GIN index
over kind, field and that vector (``btree_gin``), which answers "kind = … AND field = … AND
words" inside the index.

Why: the earlier expression index made PostgreSQL recompute ``to_tsvector`` for every row it
rechecked (about 1 s for 10,000 rows at a million petitions), and gave the planner no
statistics on the words, so a common word was planned as a rare one (18 s).  The stored
vector has statistics (ANALYZE), costs a few microseconds to recheck, and lets the planner walk
``petition_due_id_idx`` in order when a search matches many petitions.  The trigram and the
expression indexes go: nothing searches through them any more, and the trigram one misled
the planner on an organization's own list.

The column is not a model field (SQLite has no tsvector): ``selectors`` reads it through
``SearchVectorColumn``.  On a large table the ALTER rewrites it: about 6 minutes per million
petitions on the reference machine; plan it in a maintenance window.  ``btree_gin`` is a
trusted extension (PostgreSQL 13+): the database owner may create it.
"""

from django.db import migrations, models

UP = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin;",
    # Split on anything but a letter or a digit, as the search splits what is typed: the
    # parser alone would keep "12/3", "a.b@gmail.com" or "12/qd-ubnd" as single tokens.
    "ALTER TABLE petitions_petition ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "
    "regexp_replace(COALESCE(search_text, ''), '[^a-z0-9]+', ' ', 'g'))) STORED;",
    "CREATE INDEX IF NOT EXISTS petition_search_gin ON petitions_petition "
    "USING gin (kind, field, search_vector);",
    "DROP INDEX IF EXISTS petition_search_fts;",
    "DROP INDEX IF EXISTS petition_search_trgm;",
]
DOWN = [
    "DROP INDEX IF EXISTS petition_search_gin;",
    "ALTER TABLE petitions_petition DROP COLUMN IF EXISTS search_vector;",
    "CREATE INDEX IF NOT EXISTS petition_search_trgm ON petitions_petition "
    "USING gin (search_text gin_trgm_ops);",
    "CREATE INDEX IF NOT EXISTS petition_search_fts ON petitions_petition USING gin "
    "(to_tsvector('simple'::regconfig, COALESCE((search_text)::text, '')));",
]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in UP:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DOWN:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("petitions", "0006_petition_stat")]
    operations = [
        migrations.AddIndex(
            model_name="petition",
            index=models.Index(fields=["due_on", "id"], name="petition_due_id_idx"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
