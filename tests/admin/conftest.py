import pytest
from django.contrib.auth.models import User
from django.test import Client

from topics.roles import tutor_group_setup

PASSWORD = "a-tutor-password-2026"


@pytest.fixture
def tutor():
    user = User.objects.create_user("tutor", password=PASSWORD, is_staff=True)
    user.groups.add(tutor_group_setup())
    return user


@pytest.fixture
def tutor_client(tutor):
    client = Client()
    client.force_login(tutor)
    return client
