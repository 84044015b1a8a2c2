"""Content and YAML in step: upload with a dry run, download, export_content, and imports that
never silently undo a tutor's edit."""

import html
import io
import re

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.admin.forms import admin_form_data, change_url, inline_index, post_admin_form
from tests.factories import make_learners_work, make_question, make_topic_mapping
from topics.content_format import MAX_FILE_BYTES
from topics.models import Tip, Topic

pytestmark = pytest.mark.django_db
IMPORT_URL = "admin:topics_topic_import"


def upload(client, name: str, content: bytes):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, content)})


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def edit_the_first_tip(client, topic, text="The tutor's wording."):
    tip = topic.tips.first()

    def edit(data):
        data[f"tips-{inline_index(data, 'tips', tip.pk)}-text"] = [text]

    post_admin_form(client, change_url(topic), "topic_form", edit)


# --- upload --------------------------------------------------------------------------------


def test_upload_shows_the_dry_run_then_imports_on_confirm(tutor_client, topic):
    page = page_text(
        upload(
            tutor_client, "new.yaml", yaml.safe_dump(make_topic_mapping(slug="uploaded")).encode()
        )
    )
    assert "What the import would do" in page and "uploaded: created" in page
    assert not Topic.objects.filter(slug="uploaded").exists()  # a dry run writes nothing

    confirm = admin_form_data(page, "import-confirm")
    response = tutor_client.post(reverse(IMPORT_URL), confirm)
    assert response.status_code == 302
    assert Topic.objects.filter(slug="uploaded").exists()
    assert "Imported: uploaded: created" in page_text(tutor_client.get(response.url))


def test_an_upload_is_parsed_once_for_its_preview_and_its_import(tutor_client, topic, monkeypatch):
    """Parsing is the costly part of an upload: the preview's parse is the one imported."""
    from topics import content_format

    parses = []
    real_parse = content_format.parse_document
    monkeypatch.setattr(
        "topics.admin.parse_document", lambda *args: parses.append(args) or real_parse(*args)
    )
    text = yaml.safe_dump(make_topic_mapping(slug="uploaded")).encode()
    page = page_text(upload(tutor_client, "new.yaml", text))
    response = tutor_client.post(reverse(IMPORT_URL), admin_form_data(page, "import-confirm"))
    assert response.status_code == 302
    assert Topic.objects.get(slug="uploaded").title == "Test topic"
    assert len(parses) == 1


def test_an_upload_over_the_size_limit_is_refused_unread(tutor_client, topic, monkeypatch):
    monkeypatch.setattr("topics.admin.parse_document", None)  # never reached
    page = page_text(upload(tutor_client, "big.yaml", b"#" * (MAX_FILE_BYTES + 1)))
    assert "big.yaml, line 1: the file is too large (2.0 MB; the limit is 2 MB)." in page
    assert "Confirm the import" not in page


def test_the_dry_run_says_what_would_change(tutor_client, topic):
    changed = make_topic_mapping(title="A new title")
    changed["tips"].pop()
    page = page_text(upload(tutor_client, "test-topic.yaml", yaml.safe_dump(changed).encode()))
    assert "test-topic: updated (title, tips)" in page


def test_the_preview_names_each_question_that_would_leave_with_its_records(
    tutor_client, topic, client
):
    make_learners_work(topic, client=client)
    renamed = make_topic_mapping(questions=[make_question(id="q9")])
    page = page_text(upload(tutor_client, "test-topic.yaml", yaml.safe_dump(renamed).encode()))
    assert "Questions that would leave the quiz" in page
    assert "test-topic/q1: archived, keeping 1 attempt(s), 1 challenge(s), 1 sample answer(s)" in (
        page
    )

    tutor_client.post(reverse(IMPORT_URL), admin_form_data(page, "import-confirm"))
    question = topic.questions.get(key="q1")
    assert question.archived_at is not None
    assert (question.attempts.count(), question.samples.count()) == (1, 1)


BAD_FILES = {
    "an unknown field": b"slug: x\ntitel: typo\n",
    "not YAML": b"slug: [unclosed\ntitle: x\n",
    "not UTF-8": b"slug: caf\xe9\n",
    "empty": b"# nothing here\n",
    "aliases": b"slug: &a x\ntitle: *a\n",
    "too large": b"#" * (MAX_FILE_BYTES + 10),
}


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_upload_gets_the_commands_messages_and_changes_nothing(
    kind, tutor_client, topic, tmp_path
):
    content = BAD_FILES[kind]
    page = upload(tutor_client, "bad.yaml", content).content.decode()
    admin_errors = [
        html.unescape(item)
        for item in re.findall(r'<ul class="errorlist">(.*?)</ul>', page, re.S)[0].split("<li>")
        if item.strip()
    ]
    admin_errors = [re.sub(r"</li>\s*$", "", error).strip() for error in admin_errors]
    assert admin_errors and all(error.startswith("bad.yaml") for error in admin_errors)
    assert "Confirm the import" not in page

    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_content", str(path), stdout=io.StringIO(), stderr=err)
    command_says = err.getvalue().replace(str(path), "bad.yaml")
    for error in admin_errors:
        assert error in command_says
    assert list(Topic.objects.values_list("slug", flat=True)) == ["test-topic"]


def test_an_upload_leaves_a_tutors_edit_alone_unless_told(tutor_client, topic):
    edit_the_first_tip(tutor_client, topic)
    original = yaml.safe_dump(make_topic_mapping(title="From the file")).encode()
    page = page_text(upload(tutor_client, "test-topic.yaml", original))
    assert "test-topic: kept" in page
    assert "Replace the edits made here since the last import (test-topic)" in page

    confirm = admin_form_data(page, "import-confirm")
    confirm.pop("overwrite", None)  # left unticked
    tutor_client.post(reverse(IMPORT_URL), confirm)
    assert Tip.objects.filter(text="The tutor's wording.").exists()

    tutor_client.post(reverse(IMPORT_URL), {**confirm, "overwrite": ["1"]})
    assert not Tip.objects.filter(text="The tutor's wording.").exists()
    assert Topic.objects.get().title == "From the file"


def confirm_upload(client, mapping: dict, name: str = "test-topic.yaml", **extra):
    page = page_text(upload(client, name, yaml.safe_dump(mapping, sort_keys=False).encode()))
    return client.post(reverse(IMPORT_URL), {**admin_form_data(page, "import-confirm"), **extra})


def test_an_upload_survives_the_next_start_of_the_site(tutor_client, topic, tmp_path):
    """The entrypoint runs import_content at every start: an uploaded question a tutor added
    must not be replaced by the folder's older version of the topic."""
    in_the_folder = tmp_path / "test-topic.yaml"
    in_the_folder.write_text(yaml.safe_dump(make_topic_mapping()))
    uploaded = make_topic_mapping(
        questions=[make_question(), make_question(id="q2", prompt="Name a customer.")]
    )
    confirm_upload(tutor_client, uploaded, overwrite="1")
    assert sorted(topic.questions.values_list("key", flat=True)) == ["q1", "q2"]

    out = io.StringIO()
    call_command("import_content", str(in_the_folder), stdout=out, stderr=io.StringIO())

    assert "test-topic: kept" in out.getvalue()
    assert sorted(topic.questions.values_list("key", flat=True)) == ["q1", "q2"]


def test_a_topic_first_uploaded_in_the_admin_is_not_replaced_by_the_folder(
    tutor_client, topic, tmp_path
):
    confirm_upload(tutor_client, make_topic_mapping(slug="uploaded", title="The tutor's title"))
    in_the_folder = tmp_path / "uploaded.yaml"
    in_the_folder.write_text(yaml.safe_dump(make_topic_mapping(slug="uploaded")))

    out = io.StringIO()
    call_command("import_content", str(in_the_folder), stdout=out, stderr=io.StringIO())

    assert "uploaded: kept" in out.getvalue()
    assert Topic.objects.get(slug="uploaded").title == "The tutor's title"


def test_a_forged_confirmation_imports_nothing(tutor_client):
    response = tutor_client.post(reverse(IMPORT_URL), {"confirm": "not-signed"}, follow=True)
    assert "upload the file again" in page_text(response)
    assert not Topic.objects.exists()


# --- import_content and an admin edit ------------------------------------------------------


def test_import_content_keeps_a_topic_edited_in_the_admin_unless_overwrite(
    tutor_client, topic, tmp_path
):
    edit_the_first_tip(tutor_client, topic)
    path = tmp_path / "test-topic.yaml"
    path.write_text(yaml.safe_dump(make_topic_mapping(title="Changed in the file")))

    out = io.StringIO()
    call_command("import_content", str(path), stdout=out, stderr=io.StringIO())
    assert "test-topic: kept" in out.getvalue()
    assert "edited in the admin since the last import" in out.getvalue()
    assert Tip.objects.filter(text="The tutor's wording.").exists()
    assert Topic.objects.get().title == "Test topic"

    call_command(
        "import_content", str(path), "--overwrite", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert not Tip.objects.filter(text="The tutor's wording.").exists()
    assert Topic.objects.get().title == "Changed in the file"


# --- export_content ------------------------------------------------------------------------


def test_export_writes_an_admin_edit_back_as_yaml_in_the_layout_of_content(
    tutor_client, topic, tmp_path
):
    edit_the_first_tip(tutor_client, topic, "First line of the tip.\nSecond line of the tip.")
    out = io.StringIO()
    call_command("export_content", str(tmp_path), stdout=out)
    assert "Wrote 1 of 1 topic file(s)" in out.getvalue()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json", "test-topic.yaml"]
    text = (tmp_path / "test-topic.yaml").read_text()
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")
    assert "- text: |\n    First line of the tip.\n    Second line of the tip.\n" in text
    assert "qualification_overview: |\n  An overview.\n\n  A second paragraph.\n" in text

    # the export is what the database holds: importing it changes nothing, exporting is stable
    first = (tmp_path / "test-topic.yaml").read_bytes()
    out = io.StringIO()
    call_command("import_content", str(tmp_path), stdout=out, stderr=io.StringIO())
    assert "test-topic: unchanged" in out.getvalue()
    out = io.StringIO()
    call_command("export_content", str(tmp_path), stdout=out)
    assert "Wrote 0 of 1 topic file(s)" in out.getvalue()
    assert (tmp_path / "test-topic.yaml").read_bytes() == first


def test_export_dry_run_says_what_would_change_and_writes_nothing(tutor_client, topic, tmp_path):
    call_command("export_content", str(tmp_path), stdout=io.StringIO())
    before = (tmp_path / "test-topic.yaml").read_bytes()
    edit_the_first_tip(tutor_client, topic)
    out = io.StringIO()
    call_command("export_content", str(tmp_path), "--dry-run", stdout=out)
    assert "test-topic.yaml: changed" in out.getvalue()
    assert "Would write 1 of 1" in out.getvalue()
    assert (tmp_path / "test-topic.yaml").read_bytes() == before


def test_an_upload_of_hundreds_of_thousands_of_items_is_refused_before_it_is_built(tutor_client):
    """1.8 MB holding 450,000 list items took 71 s of CPU and 330 MB to parse and check."""
    import time

    content = ("slug: bomb\ntitle: Bomb\nmistakes: [" + "m, " * 450_000 + "m]\n").encode()
    assert len(content) < 2 * 1024 * 1024  # under the size limit: the item count must stop it
    started = time.monotonic()
    response = upload(tutor_client, "bomb.yaml", content)
    assert time.monotonic() - started < 5
    assert "more than 50,000 items" in html.unescape(response.content.decode())


# --- an upload is no back door past the tutor's own permissions -----------------------------


def with_qualification(**changes) -> dict:
    mapping = make_topic_mapping(slug="uploaded")
    mapping["qualification"].update(changes)
    return mapping


def test_an_upload_may_not_add_a_qualification_a_tutor_could_not_add(tutor_client, topic):
    from topics.models import AwardingBody, Qualification

    mapping = with_qualification(slug="a-new-qualification")
    mapping["qualification"]["awarding_body"] = {"slug": "new-body", "name": "A new body"}
    page = page_text(upload(tutor_client, "new.yaml", yaml.safe_dump(mapping).encode()))

    assert "would add the qualification 'a-new-qualification'" in page
    assert "would add the awarding body 'new-body'" in page
    assert "import-confirm" not in page  # nothing to confirm
    assert not Qualification.objects.filter(slug="a-new-qualification").exists()
    assert not AwardingBody.objects.filter(slug="new-body").exists()
    assert not Topic.objects.filter(slug="uploaded").exists()


def test_an_administrator_may_add_a_qualification_by_upload(admin_client, topic):
    from topics.models import Qualification

    confirm_upload(admin_client, with_qualification(slug="a-new-qualification"))
    assert Qualification.objects.filter(slug="a-new-qualification").exists()
    assert Topic.objects.get(slug="uploaded").qualification.slug == "a-new-qualification"


def test_a_tutor_may_upload_a_topic_of_an_existing_qualification(tutor_client, topic):
    confirm_upload(tutor_client, with_qualification())
    assert Topic.objects.get(slug="uploaded").qualification == topic.qualification
