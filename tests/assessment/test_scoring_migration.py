"""Migration 0007 moves a question's bands and rules into its scoring parameters: every question
and every version in its history keeps them, and the way back restores them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import historical_topic, migrated

BANDS = [{"points": 2, "marks": 1}]
RULES = [{"marks": 2, "requires": [{"group": "g", "at_least": 1}]}]
BEFORE = [("assessment", "0006_archive_and_protect")]
AFTER = [("assessment", "0007_scoring_parameters")]


@pytest.mark.django_db(transaction=True)
def test_bands_and_rules_survive_the_move_and_the_way_back():
    apps = migrated(BEFORE)
    topic = historical_topic(apps)
    fields = {"command_word": "describe", "prompt": "P", "marks": 2, "model_answer": "M"}
    question = apps.get_model("assessment", "Question").objects.create(
        topic=topic,
        key="q1",
        scoring_method="bands",
        scoring_bands=BANDS,
        scoring_rules=RULES,
        **fields,
    )
    apps.get_model("assessment", "HistoricalQuestion").objects.create(
        id=question.pk,
        topic=topic,
        key="q1",
        scoring_method="bands",
        scoring_bands=BANDS,
        scoring_rules=[],
        history_date="2026-01-01T00:00:00Z",
        history_type="+",
        **fields,
    )

    apps = migrated(AFTER)
    question = apps.get_model("assessment", "Question").objects.get()
    assert question.scoring_parameters == {"bands": BANDS, "rules": RULES}
    version = apps.get_model("assessment", "HistoricalQuestion").objects.get()
    assert version.scoring_parameters == {"bands": BANDS}

    apps = migrated(BEFORE)
    question = apps.get_model("assessment", "Question").objects.get()
    assert (question.scoring_bands, question.scoring_rules) == (BANDS, RULES)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # the later tests' schema
