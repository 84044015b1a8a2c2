"""Nothing learners or tutors made disappears without an explicit confirmation.

A state machine drives random sequences of what happens to a site's content over a term: files
added to and removed from the content folder, import_content (with --prune and --overwrite),
export_content into the folder, admin uploads, tutors' edits, slug renames and deletes in the
admin, and learners answering and challenging. After every step, every Attempt, Challenge and
SampleAnswer ever made is still in the database: no step here passes --delete-learners-work or
ticks the admin's confirmation, so none may lose one.
"""

import io
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from assessment.models import Attempt, Challenge, Question, RateCounter, SampleAnswer
from tests.admin.forms import admin_form_data, change_url, post_admin_form
from tests.factories import make_learners_work, make_question, make_topic_mapping
from topics.models import AwardingBody, Qualification, Topic
from topics.roles import tutor_group_setup

pytestmark = pytest.mark.django_db

SLUGS = ("topic-a", "topic-b")
QUESTION_IDS = ("q1", "q2", "q3")

slugs = st.sampled_from(SLUGS)
# each topic file holds a non-empty subset of the question ids, in some order: an id that leaves
# a file is the case that used to delete its attempts, challenges and samples
question_ids = st.lists(st.sampled_from(QUESTION_IDS), min_size=1, max_size=3, unique=True)
titles = st.sampled_from(["First title", "Second title"])


def topic_mapping(slug: str, ids: list[str], title: str) -> dict:
    return make_topic_mapping(
        slug=slug,
        title=title,
        questions=[make_question(id=key, prompt=f"Describe customers ({key}).") for key in ids],
    )


def quiet(*args) -> None:
    call_command(*map(str, args), stdout=io.StringIO(), stderr=io.StringIO())


class ContentOverATerm(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        for model in (Challenge, Attempt, SampleAnswer, RateCounter):
            model.objects.all().delete()
        Question.objects.all().delete()
        Topic.objects.all().delete()
        Qualification.objects.all().delete()
        AwardingBody.objects.all().delete()
        self.folder = Path(tempfile.mkdtemp())
        self.tutor = Client()
        self.tutor.force_login(User.objects.get(username="tutor"))
        self.seen: dict[type, set[int]] = {Attempt: set(), Challenge: set(), SampleAnswer: set()}

    def teardown(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    @initialize(ids_a=question_ids, ids_b=question_ids)
    def a_site_with_content(self, ids_a, ids_b):
        """Started from the content folder, as the entrypoint does, and learners at work."""
        self.write_file("topic-a", ids_a, "First title")
        self.write_file("topic-b", ids_b, "First title")
        quiet("import_content", self.folder)
        self.learner_answers_and_challenges("topic-a", 0)

    # --- the content folder and the commands --------------------------------------------------

    @rule(slug=slugs, ids=question_ids, title=titles)
    def write_file(self, slug, ids, title):
        text = yaml.safe_dump(topic_mapping(slug, ids, title), sort_keys=False)
        (self.folder / f"{slug}.yaml").write_text(text)

    @rule(slug=slugs)
    def remove_file(self, slug):
        (self.folder / f"{slug}.yaml").unlink(missing_ok=True)

    @rule(prune=st.booleans(), overwrite=st.booleans())
    def import_content(self, prune, overwrite):
        if not any(self.folder.glob("*.yaml")):
            return  # an empty folder is refused: nothing to test
        flags = [flag for flag, on in (("--prune", prune), ("--overwrite", overwrite)) if on]
        quiet("import_content", self.folder, *flags)

    @rule()
    def export_content(self):
        quiet("export_content", self.folder)

    # --- the admin ------------------------------------------------------------------------------

    @rule(slug=slugs, ids=question_ids, title=titles, overwrite=st.booleans())
    def upload(self, slug, ids, title, overwrite):
        text = yaml.safe_dump(topic_mapping(slug, ids, title), sort_keys=False).encode()
        url = reverse("admin:topics_topic_import")
        page = self.tutor.post(url, {"file": SimpleUploadedFile(f"{slug}.yaml", text)})
        confirm = admin_form_data(page.content.decode(), "import-confirm")
        if confirm:
            self.tutor.post(url, {**confirm, **({"overwrite": "1"} if overwrite else {})})

    @rule(slug=slugs, title=titles, new_slug=st.sampled_from(["renamed-a", "renamed-b"]))
    def edit_title_and_try_to_rename(self, slug, title, new_slug):
        topic = Topic.objects.filter(slug=slug).first()
        if topic is None:
            return

        def edit(data):
            data["title"] = [title]
            if "slug" in data:  # editable only while nothing refers to it
                data["slug"] = [new_slug]

        post_admin_form(self.tutor, change_url(topic), "topic_form", edit)

    @rule(data=st.data())
    def delete_in_the_admin(self, data):
        """A tutor presses Delete: what learners worked on is archived instead (the offered
        choice); anything else is deleted as the admin always did."""
        candidates = [*Topic.objects.all(), *Question.objects.all()]
        if not candidates:
            return
        target = data.draw(st.sampled_from(candidates))
        url = reverse(
            f"admin:{target._meta.app_label}_{target._meta.model_name}_delete", args=[target.pk]
        )
        page = self.tutor.get(url).content.decode()
        if "Archive instead" in page:
            self.tutor.post(url, admin_form_data(page, "archive-instead"))
        else:
            self.tutor.post(url, {"post": "yes"})

    # --- learners --------------------------------------------------------------------------------

    @rule(slug=slugs, which=st.integers(min_value=0, max_value=2))
    def learner_answers_and_challenges(self, slug, which):
        topic = Topic.objects.live().filter(slug=slug).first()
        if topic is None or not topic.questions.live().exists():
            return
        # the quiz asks the topic's one misconception check after its first question
        which = min(which, topic.questions.live().count() - 1)
        make_learners_work(topic, number=1 if which == 0 else which + 2)
        for model, ids in self.seen.items():
            ids.update(model.objects.values_list("pk", flat=True))

    @invariant()
    def nothing_learners_or_tutors_made_is_lost(self):
        for model, ids in self.seen.items():
            still_there = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
            assert still_there == ids, f"{model.__name__} lost: {sorted(ids - still_there)}"


def test_no_sequence_of_imports_exports_uploads_edits_or_deletes_loses_learners_work():
    tutor = User.objects.create_user("tutor", password="a-tutor-password-2026", is_staff=True)
    tutor.groups.add(tutor_group_setup())
    run_state_machine_as_test(
        ContentOverATerm,
        settings=settings(
            max_examples=12,
            stateful_step_count=15,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
