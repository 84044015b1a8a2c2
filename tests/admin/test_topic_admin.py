"""A topic's admin page edits the whole topic in source order, through the admin's own forms, and
refuses what the importer refuses, with the importer's words."""

import html
import io

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessment.models import Question
from tests.admin.forms import add_wrong_idea, change_url, inline_index, post_admin_form
from tests.factories import (
    QUALIFICATION,
    make_learners_work,
    make_question,
    make_topic,
    make_topic_mapping,
)
from topics.models import LearningOutcome, Tip, Topic
from topics.parts import PARTS

pytestmark = pytest.mark.django_db


def importer_output(mapping: dict, tmp_path) -> str:
    """What `import_content` says about a file holding `mapping`."""
    path = tmp_path / f"{mapping['slug']}.yaml"
    path.write_text(yaml.safe_dump(mapping, sort_keys=False))
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_content", str(path), stdout=out, stderr=err)
    except CommandError as error:
        err.write(str(error))
    return out.getvalue() + err.getvalue()


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def test_tutor_edits_a_tip_through_the_topic_page(tutor_client, topic):
    tip = topic.tips.first()

    def edit(data):
        data[f"tips-{inline_index(data, 'tips', tip.pk)}-text"] = [
            "Give one example from your own workplace."
        ]

    response = post_admin_form(tutor_client, change_url(topic), "topic_form", edit)
    assert response.status_code == 302, page_text(response)[:2000]
    tip.refresh_from_db()
    assert tip.text == "Give one example from your own workplace."


def test_every_part_of_a_topic_is_on_its_page_in_source_order(tutor_client, topic):
    page = page_text(tutor_client.get(change_url(topic)))
    parts = [part.key for part in PARTS]
    assert len(parts) == 8
    for prefix in [*parts, "questions"]:
        assert f'id="{prefix}-group"' in page, prefix
    assert page.index("Understand customers") < page.index("Understand loyalty")
    assert page.index("Use workplace examples.") < page.index("Know your terminology.")


def test_tutor_reorders_two_outcomes(tutor_client, topic):
    first, second = topic.learning_outcomes.all()

    def swap(data):
        data["learning_outcomes-0-position"], data["learning_outcomes-1-position"] = (
            data["learning_outcomes-1-position"],
            data["learning_outcomes-0-position"],
        )

    response = post_admin_form(tutor_client, change_url(topic), "topic_form", swap)
    assert response.status_code == 302
    assert [o.text for o in Topic.objects.get().learning_outcomes.all()] == [
        second.text,
        first.text,
    ]


def test_tutor_adds_a_tip_at_the_end(tutor_client, topic):
    def add(data):
        total = int(data["tips-TOTAL_FORMS"][0])
        data["tips-TOTAL_FORMS"] = [str(total + 1)]
        data[f"tips-{total}-text"] = ["Read the command word twice."]
        data[f"tips-{total}-scope"] = ["qualification"]
        data[f"tips-{total}-position"] = [str(total)]
        data[f"tips-{total}-topic"] = [str(topic.pk)]

    assert post_admin_form(tutor_client, change_url(topic), "topic_form", add).status_code == 302
    assert list(Tip.objects.values_list("text", flat=True))[-1] == "Read the command word twice."


def test_tutor_reorders_the_quiz_questions_from_the_topic_page(tutor_client):
    topic = make_topic(
        questions=[make_question(id="q1"), make_question(id="q2", prompt="Name two types.")]
    )

    def swap(data):
        data["questions-0-position"], data["questions-1-position"] = (
            data["questions-1-position"],
            data["questions-0-position"],
        )

    assert post_admin_form(tutor_client, change_url(topic), "topic_form", swap).status_code == 302
    assert list(Question.objects.order_by("position").values_list("key", flat=True)) == [
        "q2",
        "q1",
    ]


def test_a_refused_edit_keeps_what_the_tutor_typed_and_changes_nothing(tutor_client, topic):
    criterion = topic.assessment_criteria.get()

    def delete_the_only_criterion(data):
        data["assessment_criteria-0-DELETE"] = ["on"]
        data[f"tips-{inline_index(data, 'tips', topic.tips.first().pk)}-text"] = [
            "A new wording that must not be lost."
        ]

    response = post_admin_form(
        tutor_client, change_url(topic), "topic_form", delete_the_only_criterion
    )
    page = page_text(response)
    assert response.status_code == 200
    assert "Not saved." in page and "this list needs at least 1 item(s)." in page
    assert "A new wording that must not be lost." in page  # still in the form
    assert topic.assessment_criteria.get() == criterion  # nothing was kept
    assert not Tip.objects.filter(text__startswith="A new wording").exists()


# The same mistake made in a file and in the admin: the same message, from the same checks.
MISTAKES = {
    "a wrong idea contradicts a point that does not exist": (
        lambda mapping: mapping["questions"][0].update(
            wrong_ideas=[
                {
                    "id": "polite-only",
                    "statement": "Just be polite.",
                    "correction": "More than politeness.",
                    "contradicts": ["no-such-point"],
                }
            ]
        ),
        lambda data, question: add_wrong_idea(data, question, contradicts="no-such-point"),
        "'no-such-point' is not one of this question's marking points (external, internal).",
    ),
    "a band gives more marks than the question has": (
        lambda mapping: mapping["questions"][0].update(
            scoring={"method": "bands", "bands": [{"points": 1, "marks": 3}]}
        ),
        lambda data, question: data.update(
            scoring_method=["bands"], scoring_bands=["1 point: 3 marks"]
        ),
        "gives 3 marks but the question is out of 2.",
    ),
    "the points add up to less than the question's marks": (
        lambda mapping: mapping["questions"][0].update(marks=5),
        lambda data, question: data.update(marks=["5"]),
        "the question is out of 5 but its points add up to less, so full marks cannot be reached.",
    ),
    "a point asks for more ideas than it lists": (
        lambda mapping: mapping["questions"][0]["points"][0].update(
            ideas=[{"label": "a", "accept": ["x"]}, {"label": "b", "accept": ["y"]}], at_least=3
        ),
        lambda data, question: data.update(
            {"points-0-ideas": ["a: x\nb: y"], "points-0-at_least": ["3"]}
        ),
        "asks for at least 3 ideas but lists only 2.",
    ),
    "a point evidences a criterion its question does not assess": (
        lambda mapping: mapping["questions"][0]["points"][0].update(criteria=["ac2"]),
        lambda data, question: data.update({"points-0-criteria": ["ac2"]}),
        "'ac2' is not one of the criteria this question assesses (ac1).",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_the_admin_rejects_what_the_importer_rejects_with_the_same_message(
    mistake, tutor_client, topic, tmp_path
):
    in_the_file, in_the_admin, message = MISTAKES[mistake]
    mapping = make_topic_mapping()
    in_the_file(mapping)
    assert message in importer_output(mapping, tmp_path)

    question = topic.questions.get()
    before = Question.objects.get().history.count()
    response = post_admin_form(
        tutor_client,
        change_url(question),
        "question_form",
        lambda data: in_the_admin(data, question),
    )
    assert response.status_code == 200
    assert message in page_text(response)
    assert question.history.count() == before  # rolled back, history too
    assert topic.questions.get().marks == 2 and question.wrong_ideas.count() == 0


def test_a_saved_edit_with_a_warning_says_so(tutor_client):
    topic = make_topic(
        assessment_criteria=[{"id": "ac1", "text": "One."}, {"id": "ac2", "text": "Two."}],
        questions=[make_question(assesses=["ac1", "ac2"])],
    )
    question = topic.questions.get()
    ac2 = topic.assessment_criteria.get(key="ac2")

    def assess_only_the_first(data):
        data["criteria"] = [c for c in data["criteria"] if c != str(ac2.pk)]

    response = post_admin_form(
        tutor_client, change_url(question), "question_form", assess_only_the_first
    )
    assert response.status_code == 302
    page = page_text(tutor_client.get(response.url))
    assert "no question assesses the criterion 'ac2' yet." in page


def test_topic_list_filters_searches_and_links_to_the_site(tutor_client, topic):
    other_body = {
        **QUALIFICATION,
        "slug": "other-qualification",
        "awarding_body": {"slug": "other-body", "name": "Other Body"},
    }
    make_topic(slug="other", title="Another", kind="subtopic", qualification=other_body)
    url = reverse("admin:topics_topic_changelist")
    page = page_text(tutor_client.get(url))
    for filter_title in ("By kind", "By awarding body", "By qualification"):
        assert filter_title in page
    assert 'href="/topics/test-topic/"' in page
    assert "Test topic" in page_text(tutor_client.get(url, {"q": "customers"}))
    assert "Test topic" not in page_text(tutor_client.get(url, {"q": "nothing-like-it"}))
    assert "Test topic" not in page_text(tutor_client.get(url, {"kind__exact": "subtopic"}))


def test_topic_list_queries_do_not_grow_with_the_number_of_topics(tutor_client, topic):
    url = reverse("admin:topics_topic_changelist")
    tutor_client.get(url)
    with CaptureQueriesContext(connection) as one:
        tutor_client.get(url)
    for slug in ("second", "third"):
        make_topic(slug=slug)
    tutor_client.get(url)  # the import bumped the content generation: read it once here
    # guards against an N+1 over each topic's qualification and awarding body
    with CaptureQueriesContext(connection) as three:
        tutor_client.get(url)
    assert len(three) == len(one)


def test_download_a_topics_yaml_from_the_admin(tutor_client, topic):
    response = tutor_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "topics_download", "_selected_action": [topic.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="test-topic.yaml"'
    text = response.content.decode()
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    assert yaml.safe_load(text)["slug"] == "test-topic"


def test_download_several_topics_as_a_zip(tutor_client, topic):
    import zipfile

    other = make_topic(slug="other-topic")
    response = tutor_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "topics_download", "_selected_action": [topic.pk, other.pk]},
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["other-topic.yaml", "test-topic.yaml"]


def test_learning_outcomes_keep_their_source_order(topic):
    assert list(LearningOutcome.objects.values_list("position", flat=True)) == [0, 1]


def test_a_topic_slug_is_fixed_once_its_file_or_learners_refer_to_it(tutor_client, topic, client):
    """A renamed slug came back on the next start (the topic twice on the home page), and
    --prune then took the renamed topic with its learners' attempts."""
    page = tutor_client.get(change_url(topic)).content.decode()
    assert 'name="slug"' not in page and "test-topic" in page

    def rename(data):
        data["slug"] = ["renamed"]
        data["title"] = ["A new title"]

    response = post_admin_form(tutor_client, change_url(topic), "topic_form", rename)
    assert response.status_code == 302
    topic.refresh_from_db()
    assert (topic.slug, topic.title) == ("test-topic", "A new title")


def test_a_topic_made_in_the_admin_keeps_its_slug_once_learners_answer(tutor_client, client):
    topic = make_topic(slug="made-here")
    Topic.objects.filter(pk=topic.pk).update(imported_digest="")  # as if made in the admin
    assert 'name="slug"' in tutor_client.get(change_url(topic)).content.decode()

    make_learners_work(topic, client=client)
    assert 'name="slug"' not in tutor_client.get(change_url(topic)).content.decode()


# --- records many topics share (issue 12, item 10) -----------------------------------------


@pytest.mark.parametrize(
    "model, field, value, words",
    [
        ("qualification", "slug", "OCR_L2_Diploma", "not a valid id"),
        ("qualification", "level", "9", "at most 8"),
        ("awardingbody", "slug", "Focus_Awards", "not a valid id"),
    ],
)
def test_a_qualification_or_awarding_body_keeps_the_content_rules(
    admin_client, topic, model, field, value, words
):
    from topics.models import AwardingBody, Qualification

    record = (Qualification if model == "qualification" else AwardingBody).objects.get()
    url = reverse(f"admin:topics_{model}_change", args=[record.pk])

    def edit(data):
        data[field] = [value]

    response = post_admin_form(admin_client, url, f"{model}_form", edit)
    assert response.status_code == 200
    assert words in html.unescape(response.content.decode())
    record.refresh_from_db()
    assert str(getattr(record, field)) != value


def test_a_part_cannot_be_moved_to_another_topic_from_its_own_page(admin_client, topic):
    """Only the destination topic was checked, so a move could break the topic it left."""
    from topics.models import Tip

    other = make_topic(slug="other-topic", title="Other topic")
    tip = Tip.objects.filter(topic=topic).first()

    def move(data):
        data["topic"] = [str(other.pk)]
        data["text"] = ["A tip, edited on its own page."]

    post_admin_form(admin_client, change_url(tip), "tip_form", move)
    tip.refresh_from_db()
    assert tip.topic == topic
