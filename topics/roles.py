"""The Tutor group: may view and change content and questions, and nothing else."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

from topics.parts import PARTS

TUTOR_GROUP = "Tutor"
# (app label, model): actions allowed to tutors
TUTOR_PERMISSIONS = {
    ("topics", model): ("view", "add", "change", "delete")
    for model in ("topic", *(part.model._meta.model_name for part in PARTS))
}
TUTOR_PERMISSIONS |= {
    ("topics", "qualification"): ("view", "change"),
    ("topics", "awardingbody"): ("view", "change"),
    ("assessment", "question"): ("view", "add", "change", "delete"),
    ("assessment", "markingpoint"): ("view", "add", "change", "delete"),
    ("assessment", "wrongidea"): ("view", "add", "change", "delete"),
    ("assessment", "sampleanswer"): ("view", "add", "change", "delete"),
    ("assessment", "challenge"): ("view", "change"),
}


def tutor_group_setup() -> Group:
    """Create or update the Tutor group with exactly its permissions (idempotent)."""
    group, _ = Group.objects.get_or_create(name=TUTOR_GROUP)
    codenames = {
        (app, f"{action}_{model}")
        for (app, model), actions in TUTOR_PERMISSIONS.items()
        for action in actions
    }
    permissions = [
        permission
        for permission in Permission.objects.select_related("content_type").filter(
            content_type__app_label__in={app for app, _ in codenames}
        )
        if (permission.content_type.app_label, permission.codename) in codenames
    ]
    group.permissions.set(permissions)
    return group
