"""Migration 0007: pg_trgm on PostgreSQL (nothing on SQLite), and a key term's search entry
already indexed points at the term itself, and back at the section on the way back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import historical_topic, migrated

BEFORE = [("topics", "0006_tip_key")]
AFTER = [("topics", "0007_search_typos_and_term_anchors")]


@pytest.mark.django_db(transaction=True)
def test_indexed_key_terms_point_at_themselves_after_the_migration_and_back_before_it():
    apps = migrated(BEFORE)
    topic = historical_topic(apps)
    apps.get_model("topics", "KeyTerm").objects.create(
        topic=topic, term="Internal customer", definition="A colleague."
    )
    entries = apps.get_model("topics", "SearchEntry").objects
    entries.create(topic=topic, part="term", anchor="terms", body="Internal customer: A colleague.")
    entries.create(topic=topic, part="tip", anchor="tips", body="Internal customer: A colleague.")

    apps = migrated(AFTER)
    entries = apps.get_model("topics", "SearchEntry").objects
    assert entries.get(part="term").anchor == "term-internal-customer"
    assert entries.get(part="tip").anchor == "tips"  # only key terms' entries move
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT similarity('complant', 'complaint')")
            assert cursor.fetchone()[0] > 0.5

    apps = migrated(BEFORE)
    assert apps.get_model("topics", "SearchEntry").objects.get(part="term").anchor == "terms"
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later tests' schema
