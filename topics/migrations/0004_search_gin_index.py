"""PostgreSQL only: a GIN index on the text search vector, so a search reads the index rather
than computing every entry's vector. The expression is exactly what topics/search.py's
SearchVector("body", config="english") compiles to, or the planner would not use it. SQLite
searches through its FTS5 table (0002) and needs nothing here."""

from django.db import migrations

CREATE = (
    "CREATE INDEX IF NOT EXISTS topics_searchentry_body_english ON topics_searchentry "
    "USING GIN (to_tsvector('english'::regconfig, COALESCE(body, '')))"
)
DROP = "DROP INDEX IF EXISTS topics_searchentry_body_english"


def run_on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0003_longer_slugs"),
    ]

    operations = [
        migrations.RunPython(run_on_postgresql(CREATE), run_on_postgresql(DROP)),
    ]
