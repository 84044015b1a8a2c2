"""Plain factory functions for test data: a valid topic mapping, topics in the database, and a
snapshot of the database to prove something left it untouched."""

import copy
from typing import Any

from django.apps import apps

from topics.content_format import mapping_document
from topics.importer import topic_import
from topics.models import Topic

QUALIFICATION = {
    "slug": "test-qualification",
    "title": "Test Level 2 Diploma in Customer Service",
    "level": 2,
    "framework": "QCF",
    "subject": "Business Administration",
    "awarding_body": {"slug": "test-body", "name": "Test Awarding Body"},
}


def make_question(**overrides: Any) -> dict:
    question = {
        "id": "q1",
        "command_word": "describe",
        "prompt": "Describe two types of customer.",
        "marks": 2,
        "assesses": ["ac1"],
        "model_answer": "Internal customers are colleagues. External customers buy from us.",
        "points": [
            {"id": "internal", "text": "Internal customers are colleagues or other departments."},
            {
                "id": "external",
                "text": "External customers are people outside who buy goods or services.",
            },
        ],
    }
    question.update(overrides)
    return question


def make_topic_mapping(**overrides: Any) -> dict:
    mapping = {
        "slug": "test-topic",
        "title": "Test topic",
        "kind": "element",
        "qualification": copy.deepcopy(QUALIFICATION),
        "synopsis": "This element is about **customers**.",
        "qualification_overview": "An overview.\n\nA second paragraph.",
        "learning_outcomes": ["Understand customers", "Understand loyalty"],
        "key_concepts": [{"name": "Loyalty", "description": "Customers who come back."}],
        "assessment_criteria": [{"id": "ac1", "text": "Award credit for naming customer types."}],
        "tips": [
            {"text": "Use workplace examples.", "scope": "topic"},
            {"text": "Know your terminology.", "scope": "qualification"},
        ],
        "mistakes": ["Forgetting internal customers."],
        "misconceptions": [
            {
                "id": "complaints-negative",
                "statement": "Complaints are always negative.",
                "correction": "Complaints are valuable feedback.",
            }
        ],
        "prerequisites": ["Basic communication skills."],
        "key_terms": [
            {"term": "Internal customer", "definition": "A colleague who relies on you."}
        ],
        "questions": [make_question()],
    }
    mapping.update(overrides)
    return mapping


def make_topic(**overrides: Any) -> Topic:
    """A topic in the database, imported through the real importer."""
    mapping = make_topic_mapping(**overrides)
    topic_import(
        documents=[mapping_document(mapping, f"{mapping['slug']}.yaml")], sets_baseline=True
    )
    return Topic.objects.get(slug=mapping["slug"])


def make_learners_work(topic: Topic, *, number: int = 1, client=None) -> None:
    """One learner's answer to the topic's quiz item `number` (a question), a challenge on the
    point it missed, and a tutor's sample answer: the three kinds of record an import, a prune or
    a delete must never lose without a confirmation. The learner goes through the quiz's pages."""
    from django.test import Client
    from django.urls import reverse

    from assessment.models import Attempt
    from assessment.review import sample_answer_save

    client = client or Client()
    url = reverse("assessment:quiz_item", kwargs={"slug": topic.slug, "number": number})
    response = client.post(url, {"answer": "Colleagues are customers too."})
    assert response.status_code == 302, response.status_code
    attempt = Attempt.objects.filter(session_key=client.session.session_key).first()
    missed = next(p["key"] for p in attempt.result["points"] if not p["earned"])
    client.post(reverse("assessment:challenge", args=[attempt.pk]), {"point": missed})
    sample_answer_save(question=attempt.question, answer="A tutor's sample.", expected_mark=1)


def make_two_criteria_topic(**overrides: Any) -> Topic:
    """A topic with two criteria, each assessed by its own question (the second not answered
    by the usual test answers)."""
    return make_topic(
        assessment_criteria=[
            {"id": "ac1", "text": "Name the types of customer."},
            {"id": "ac2", "text": "Explain why loyalty matters."},
        ],
        questions=[
            make_question(),
            make_question(
                id="q2",
                prompt="Explain why loyal customers matter.",
                assesses=["ac2"],
                marks=1,
                points=[{"id": "repeat", "text": "Loyal customers come back and spend more."}],
                model_answer="Loyal customers come back and spend more.",
            ),
        ],
        **overrides,
    )


def database_snapshot() -> dict:
    """Every row of every content and assessment table, to prove an import left them untouched."""
    snapshot = {}
    for app_label in ("topics", "assessment"):
        for model in apps.get_app_config(app_label).get_models():
            snapshot[model._meta.label] = sorted(map(repr, model.objects.values_list()), key=str)
    return snapshot


def migrated(targets):
    """The database taken to `targets` (forwards or back), and the models as they were there."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def historical_topic(state_apps):
    """A topic, with its qualification and awarding body, made with a migration state's models."""
    awarding_body = state_apps.get_model("topics", "AwardingBody").objects.create(
        slug="b", name="B"
    )
    qualification = state_apps.get_model("topics", "Qualification").objects.create(
        slug="q", title="Q", awarding_body=awarding_body, framework="RQF", subject="S"
    )
    return state_apps.get_model("topics", "Topic").objects.create(
        slug="t", title="T", kind="element", qualification=qualification, synopsis="S"
    )
