"""The Tutor group may view and change content and questions, and nothing else."""

import io

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from tests.admin.forms import change_url

pytestmark = pytest.mark.django_db
PASSWORD = "a-tutor-password-2026"


def test_tutor_may_edit_content_and_questions(tutor_client, topic):
    assert tutor_client.get(change_url(topic)).status_code == 200
    assert tutor_client.get(change_url(topic.questions.get())).status_code == 200
    index = tutor_client.get("/admin/").content.decode()
    assert "Topics" in index and "Questions" in index


def test_tutor_gets_403_on_users_and_groups(tutor_client, tutor):
    assert tutor_client.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert tutor_client.get(reverse("admin:auth_user_change", args=[tutor.pk])).status_code == 403
    assert tutor_client.get(reverse("admin:auth_group_changelist")).status_code == 403
    index = tutor_client.get("/admin/").content.decode()
    assert "Users" not in index and "Groups" not in index


def test_learners_attempts_are_not_in_the_admin_at_all(tutor_client):
    assert tutor_client.get("/admin/assessment/attempt/").status_code == 404


def test_staff_outside_the_tutor_group_see_nothing(topic):
    user = User.objects.create_user("clerk", password=PASSWORD, is_staff=True)
    client = Client()
    client.force_login(user)
    assert client.get(change_url(topic)).status_code == 403
    assert client.get(reverse("admin:topics_topic_import")).status_code == 403
    assert "permission to view or edit anything" in client.get("/admin/").content.decode()


def test_the_tutor_group_exists_after_migrate_and_setup_roles_restores_it():
    group = Group.objects.get(name="Tutor")
    group.permissions.clear()
    out = io.StringIO()
    call_command("setup_roles", stdout=out)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"change_topic", "change_tip", "change_question", "change_markingpoint"} <= codenames
    assert not any(code.endswith(("_user", "_group", "_permission")) for code in codenames)
    assert not any(code.endswith("_attempt") for code in codenames)
    call_command("setup_roles", stdout=io.StringIO())  # idempotent
    assert set(group.permissions.values_list("codename", flat=True)) == codenames
    assert "The Tutor group has" in out.getvalue()


def test_create_tutor_makes_a_staff_account_in_the_group(monkeypatch):
    monkeypatch.setenv("TUTOR_PASSWORD", PASSWORD)
    call_command("create_tutor", "sam", "--email", "sam@example.org", stdout=io.StringIO())
    user = User.objects.get(username="sam")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == ["Tutor"]
    assert user.check_password(PASSWORD)
    with pytest.raises(CommandError, match="already a user called 'sam'"):
        call_command("create_tutor", "sam", stdout=io.StringIO())


def test_create_tutor_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("TUTOR_PASSWORD", "password")
    with pytest.raises(CommandError, match="too weak"):
        call_command("create_tutor", "sam", stdout=io.StringIO())
    assert not User.objects.filter(username="sam").exists()
