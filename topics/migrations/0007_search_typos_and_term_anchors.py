"""Search forgives typos and links a key term to itself.

pg_trgm gives PostgreSQL the trigram similarity topics/search.py corrects a mistyped word with;
SQLite corrects with rapidfuzz and needs nothing. (Not Django's TrigramExtension: its way back
queries pg_extension on SQLite too.) The way back leaves the extension in place: harmless, and
something else in the database may use it. A key
term's search entry pointed at the page's "Key terms" section; it now points at the term's own
anchor, so the entries already indexed are given it here (a later reindex writes the same)."""

from django.db import migrations

from topics.models import term_page_anchor


def create_pg_trgm(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")


def point_terms_at_themselves(apps, schema_editor):
    KeyTerm = apps.get_model("topics", "KeyTerm")
    SearchEntry = apps.get_model("topics", "SearchEntry")
    for term in KeyTerm.objects.only("topic_id", "term", "definition").iterator():
        SearchEntry.objects.filter(
            topic_id=term.topic_id, part="term", body=f"{term.term}: {term.definition}"
        ).update(anchor=term_page_anchor(term.term))


def point_terms_at_the_section(apps, schema_editor):
    apps.get_model("topics", "SearchEntry").objects.filter(part="term").update(anchor="terms")


class Migration(migrations.Migration):
    dependencies = [
        ("topics", "0006_tip_key"),
    ]

    operations = [
        migrations.RunPython(create_pg_trgm, migrations.RunPython.noop),
        migrations.RunPython(point_terms_at_themselves, point_terms_at_the_section),
    ]
