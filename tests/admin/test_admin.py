"""Tutors in the admin: editing and reordering, one set of rules, try the marker, roles, history,
the YAML round trip from the admin, uploads, analytics and the locked door."""

import io

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from assessment.models import Attempt, Challenge, Question, SampleAnswer
from tests.admin.forms import admin_form_data
from tests.factories import make_topic, make_topic_mapping
from topics.models import LearningOutcome, Tip, Topic
from topics.roles import tutor_group_setup

pytestmark = pytest.mark.django_db
PASSWORD = "a-tutor-password-2026"


@pytest.fixture
def tutor_client():
    user = User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    user.groups.add(tutor_group_setup())
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def topic():
    return make_topic()


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def post_admin_form(client, url: str, form_id: str, edit) -> object:
    data = admin_form_data(client.get(url).content.decode(), form_id)
    edit(data)
    data["_save"] = ["Save"]
    return client.post(url, data)


def test_tutor_edits_a_tip_through_the_topic_page(tutor_client, topic):
    tip = topic.tips.first()

    def edit(data):
        index = next(i for i in range(10) if data.get(f"tips-{i}-id") == [str(tip.pk)])
        data[f"tips-{index}-text"] = ["Give one example from your own workplace."]

    response = post_admin_form(tutor_client, change_url(topic), "topic_form", edit)
    assert response.status_code == 302, response.content.decode()[:2000]
    tip.refresh_from_db()
    assert tip.text == "Give one example from your own workplace."


def test_tutor_reorders_two_outcomes(tutor_client, topic):
    first, second = topic.learning_outcomes.all()

    def swap(data):
        data["learning_outcomes-0-position"], data["learning_outcomes-1-position"] = (
            data["learning_outcomes-1-position"],
            data["learning_outcomes-0-position"],
        )

    post_admin_form(tutor_client, change_url(topic), "topic_form", swap)
    assert [o.text for o in Topic.objects.get().learning_outcomes.all()] == [
        second.text,
        first.text,
    ]


def test_the_admin_rejects_what_the_importer_rejects_with_the_same_message(
    tutor_client, topic, tmp_path
):
    question = topic.questions.get()

    def break_reference(data):
        data["wrong_ideas-TOTAL_FORMS"] = ["1"]
        data.update(
            {
                "wrong_ideas-0-key": ["polite-only"],
                "wrong_ideas-0-statement": ["Just be polite."],
                "wrong_ideas-0-correction": ["More than politeness."],
                "wrong_ideas-0-accept": ["just be polite"],
                "wrong_ideas-0-contradicts": ["no-such-point"],
                "wrong_ideas-0-position": ["0"],
                "wrong_ideas-0-question": [str(question.pk)],
            }
        )

    response = post_admin_form(tutor_client, change_url(question), "question_form", break_reference)
    assert response.status_code == 302
    page = tutor_client.get(response.url).content.decode()
    expected = "&#x27;no-such-point&#x27; is not one of this question&#x27;s marking points"
    assert expected in page
    assert question.wrong_ideas.count() == 0  # nothing was kept

    # the importer says the very same about the same mistake
    mapping = make_topic_mapping()
    mapping["questions"][0]["wrong_ideas"] = [
        {"id": "polite-only", "statement": "x", "correction": "y", "contradicts": ["no-such-point"]}
    ]
    path = tmp_path / "t.yaml"
    path.write_text(yaml.safe_dump(mapping))
    err = io.StringIO()
    with pytest.raises(Exception):  # noqa: B017 - CommandError, checked by its message below
        call_command("import_content", str(path), stdout=io.StringIO(), stderr=err)
    assert "'no-such-point' is not one of this question's marking points" in err.getvalue()


def test_try_the_marker_shows_each_verdict_and_saves_samples(tutor_client, topic):
    question = topic.questions.get()
    url = reverse("admin:assessment_question_try", args=[question.pk])
    answer = "Internal customers are colleagues or other departments who rely on us. External customers are people outside who buy goods."

    partial = tutor_client.post(
        url, {"answer": answer}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "<html" not in partial
    assert "Mark: 2 out of 2" in partial
    assert "earned" in partial and "colleagues" in partial

    tutor_client.post(url, {"answer": answer, "save": "1", "expected_mark": "2"})
    tutor_client.post(url, {"answer": "Colleagues.", "save": "1", "expected_mark": "1"})
    assert SampleAnswer.objects.count() == 2
    page = tutor_client.get(change_url(question)).content.decode()
    assert "Try the marker" in page
    assert "agrees with the expected mark on <strong>50%</strong> of 2 samples" in page


def test_challenges_wait_on_the_question_and_become_samples(tutor_client, topic, client):
    client.post(
        reverse("assessment:quiz_item", args=[topic.slug, 1]),
        {"answer": "Colleagues are customers who rely on my work."},
    )
    attempt = Attempt.objects.get()
    missed = next(p["key"] for p in attempt.result["points"] if not p["earned"])
    client.post(reverse("assessment:challenge", args=[attempt.pk]), {"point": missed})
    question = topic.questions.get()
    assert "1 challenge waiting" in tutor_client.get(change_url(question)).content.decode()

    challenge = Challenge.objects.get()
    tutor_client.post(
        reverse("admin:assessment_challenge_changelist"),
        {"action": "accept", "_selected_action": [challenge.pk]},
    )
    challenge.refresh_from_db()
    assert challenge.status == "accepted"
    sample = SampleAnswer.objects.get()
    assert sample.source == "challenge" and sample.expected_mark == attempt.mark + 1


def test_tutor_may_edit_content_but_not_users_or_learners_attempts(tutor_client, topic):
    assert tutor_client.get(change_url(topic)).status_code == 200
    assert tutor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert tutor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    assert tutor_client.get("/admin/assessment/attempt/").status_code == 404


def test_staff_outside_the_tutor_group_see_nothing(topic):
    user = User.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(change_url(topic)).status_code == 403
    assert "permission to view or edit anything" in client.get("/admin/").content.decode()


def test_every_change_is_recorded_with_who_and_can_be_reverted(tutor_client, topic):
    def rename(data):
        data["title"] = ["Renamed by a tutor"]

    post_admin_form(tutor_client, change_url(topic), "topic_form", rename)
    topic.refresh_from_db()
    assert topic.title == "Renamed by a tutor"
    latest = topic.history.first()
    assert latest.history_user.username == "tutor"
    original = topic.history.earliest()

    history_url = reverse("admin:topics_topic_simple_history", args=[topic.pk, original.history_id])
    data = admin_form_data(tutor_client.get(history_url).content.decode(), "historicaltopic_form")
    data["_save"] = ["Revert"]
    tutor_client.post(history_url, data)
    topic.refresh_from_db()
    assert topic.title == "Test topic"


def test_an_admin_edit_is_kept_when_the_content_is_imported_again(tutor_client, topic, tmp_path):
    tip = topic.tips.first()

    def edit(data):
        index = next(i for i in range(10) if data.get(f"tips-{i}-id") == [str(tip.pk)])
        data[f"tips-{index}-text"] = ["The tutor's wording."]

    post_admin_form(tutor_client, change_url(topic), "topic_form", edit)
    path = tmp_path / "test-topic.yaml"
    path.write_text(yaml.safe_dump(make_topic_mapping(title="Changed in the file")))
    out = io.StringIO()
    call_command("import_content", str(path), stdout=out, stderr=io.StringIO())
    assert "test-topic: kept" in out.getvalue()
    assert Tip.objects.filter(text="The tutor's wording.").exists()


def test_download_a_topics_yaml_from_the_admin(tutor_client, topic):
    response = tutor_client.post(
        reverse("admin:topics_topic_changelist"),
        {"action": "topics_download", "_selected_action": [topic.pk]},
    )
    assert response["Content-Disposition"] == 'attachment; filename="test-topic.yaml"'
    assert yaml.safe_load(response.content)["slug"] == "test-topic"


def test_upload_shows_the_dry_run_then_imports_on_confirm(tutor_client):
    url = reverse("admin:topics_topic_import")
    upload = SimpleUploadedFile(
        "new.yaml", yaml.safe_dump(make_topic_mapping(slug="uploaded")).encode()
    )
    page = tutor_client.post(url, {"file": upload}).content.decode()
    assert "uploaded: created" in page
    assert not Topic.objects.filter(slug="uploaded").exists()
    confirm = admin_form_data(page, "import-confirm")["confirm"][0]
    tutor_client.post(url, {"confirm": confirm})
    assert Topic.objects.filter(slug="uploaded").exists()


def test_a_bad_upload_gets_the_commands_message_and_changes_nothing(tutor_client, topic):
    url = reverse("admin:topics_topic_import")
    upload = SimpleUploadedFile("bad.yaml", b"slug: x\ntitel: typo\n")
    page = tutor_client.post(url, {"file": upload}).content.decode()
    assert "bad.yaml" in page and "unknown field &#x27;titel&#x27;" in page
    assert list(Topic.objects.values_list("slug", flat=True)) == ["test-topic"]


def test_question_list_shows_attempts_and_average_mark(tutor_client, topic, client):
    for answer in (
        "Colleagues who rely on my work are internal customers.",
        "Nothing relevant at all here.",
    ):
        client.post(reverse("assessment:quiz_item", args=[topic.slug, 1]), {"answer": answer})
    page = tutor_client.get(reverse("admin:assessment_question_changelist")).content.decode()
    question = Question.objects.get()
    assert str(question) in page
    assert ">2<" in page  # attempts
    assert "/ 2" in page  # average mark out of the maximum


def test_admin_login_locks_out_after_repeated_failures():
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    for _ in range(5):
        client.post(
            reverse("admin:login"),
            {"username": "tutor", "password": "wrong"},
            REMOTE_ADDR="10.0.0.9",
        )
    locked = client.post(
        reverse("admin:login"), {"username": "tutor", "password": PASSWORD}, REMOTE_ADDR="10.0.0.9"
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_staff_sessions_expire_after_a_working_day():
    User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    client = Client()
    client.post(
        reverse("admin:login"), {"username": "tutor", "password": PASSWORD, "next": "/admin/"}
    )
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_learning_outcomes_keep_their_order_field(topic):
    assert list(LearningOutcome.objects.values_list("position", flat=True)) == [0, 1]
