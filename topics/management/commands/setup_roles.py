"""Create or update the Tutor group's permissions."""

from django.core.management.base import BaseCommand

from topics.roles import tutor_group_setup


class Command(BaseCommand):
    help = "Create the Tutor group (view and change content and questions, nothing else), or reset its permissions."

    def handle(self, *args, **options):
        group = tutor_group_setup()
        self.stdout.write(
            self.style.SUCCESS(
                f"The {group.name} group has {group.permissions.count()} permissions."
            )
        )
