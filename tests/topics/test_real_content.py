"""The five topic files in content/: complete, in source order, and idempotent to import."""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.management import call_command

from topics.models import Topic

pytestmark = pytest.mark.django_db

# From each source document's count block ("3 Assessment Guidance", "3 Key Skills", ...) and lists.
EXPECTED = {
    # slug: (outcomes, criteria, concepts, topic tips, all tips, topic mistakes, misconceptions, prerequisites)
    "understand-customers-ocr": (2, 3, 5, 3, 6, 3, 3, 3),
    "principles-of-customer-service": (4, 4, 5, 4, 7, 4, 3, 3),
    "understand-customers-focus": (2, 3, 5, 3, 6, 3, 3, 3),
    "process-information-about-customers": (5, 4, 5, 4, 7, 4, 3, 3),
    "enhancing-the-customer-experience": (5, 4, 5, 5, 8, 4, 3, 3),
}


def test_every_source_document_becomes_a_topic_with_its_counts(real_content):
    assert set(Topic.objects.values_list("slug", flat=True)) == set(EXPECTED)
    for slug, expected in EXPECTED.items():
        topic = Topic.objects.get(slug=slug)
        actual = (
            topic.learning_outcomes.count(),
            topic.assessment_criteria.count(),
            topic.key_concepts.count(),
            topic.tips.filter(scope="topic").count(),
            topic.tips.count(),
            topic.mistakes.count(),
            topic.misconceptions.count(),
            topic.prerequisites.count(),
        )
        assert actual == expected, slug


def test_topic_specific_tips_come_before_qualification_wide_ones(real_content):
    for topic in Topic.objects.all():
        scopes = [tip.scope for tip in topic.tips.all()]
        assert scopes == sorted(scopes, key=lambda scope: scope != "topic"), topic.slug


def test_comma_joined_objectives_are_split_into_outcomes(real_content):
    topic = Topic.objects.get(slug="principles-of-customer-service")
    assert [o.text for o in topic.learning_outcomes.all()] == [
        "Understand customer service",
        "Understand how legal and ethical requirements relate to customer service",
        "Understand how to deliver effective customer service",
        "Understand the management of customer service information",
    ]


def test_key_terms_are_real_terms_with_definitions_not_the_repeated_objectives(real_content):
    for topic in Topic.objects.all():
        terms = list(topic.key_terms.all())
        assert len(terms) >= 4, topic.slug
        outcomes = {o.text for o in topic.learning_outcomes.all()}
        for term in terms:
            assert term.term not in outcomes
            assert len(term.definition) > 20


def test_same_unit_from_two_awarding_bodies_is_linked(real_content):
    ocr = Topic.objects.get(slug="understand-customers-ocr")
    focus = Topic.objects.get(slug="understand-customers-focus")
    assert ocr.unit == focus.unit == "understand-customers"
    assert ocr.qualification.awarding_body.name == "Cambridge OCR"
    assert focus.qualification.awarding_body.name == "Focus Awards Limited"
    assert focus.qualification.framework == "Occupational Qualification"
    assert Topic.objects.get(slug="enhancing-the-customer-experience").qualification.title == (
        "OCR Level 2 Cambridge Technical Diploma in Customer Service"
    )


def test_each_topics_questions_assess_every_criterion(real_content):
    for topic in Topic.objects.prefetch_related("questions__criteria", "assessment_criteria"):
        assessed = {c.key for q in topic.questions.all() for c in q.criteria.all()}
        assert assessed == {c.key for c in topic.assessment_criteria.all()}, topic.slug
        assert topic.questions.count() >= 3


def test_importing_the_content_again_changes_nothing(real_content):
    out = io.StringIO()
    call_command("import_content", str(settings.CONTENT_DIR), stdout=out, stderr=io.StringIO())
    assert "5 unchanged - nothing to change." in out.getvalue()


def test_the_glossary_lists_each_term_once_though_two_awarding_bodies_define_four(
    real_content, client
):
    import re

    html = client.get("/glossary/").content.decode()
    terms = [term.casefold() for term in re.findall(r"<dt id=\"[^\"]+\">([^<]+)</dt>", html)]
    assert len(terms) == len(set(terms))
    for shared in ("Customer loyalty", "Internal customer", "External customer"):
        entry = html[html.index(f">{shared}</dt>") :].split("<dt", 1)[0]
        assert "Cambridge OCR" in entry and "Focus Awards" in entry, shared


def test_the_marker_reads_each_question_from_its_rows_as_from_its_file(real_content):
    """The engine's spec is built from the database's rows (assessment.services); it must be the
    spec the content file gives, or an import would change marks."""
    from assessment.content import content_example_words, question_to_mapping
    from assessment.services import question_queryset, question_spec
    from assessment.spec import question_spec_from_mapping

    questions = list(question_queryset())
    in_the_files = sum(
        len(yaml.safe_load(path.read_text(encoding="utf-8")).get("questions", []))
        for path in Path(settings.CONTENT_DIR).glob("*.yaml")
    )
    assert len(questions) == in_the_files > 0
    for question in questions:
        misconceptions = {
            m.key: {"statement": m.statement, "correction": m.correction}
            for m in question.topic.misconceptions.all()
        }
        from_file = question_spec_from_mapping(
            question_to_mapping(question),
            misconceptions=misconceptions,
            example_words=content_example_words(),
        )
        assert question_spec(question) == from_file, question
    # the points that ask for a workplace example know the content's places for one
    needing = [p for q in questions for p in question_spec(q).points if p.needs_example]
    assert len(needing) == 4
    assert all("shop" in point.example_words for point in needing)
