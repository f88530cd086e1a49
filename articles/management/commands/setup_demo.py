"""``manage.py setup_demo``: import the demo stories as published and create a demo editor."""

import secrets
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand

DEMO_WIRE = Path(__file__).resolve().parents[2] / "demo" / "wire"


class Command(BaseCommand):
    help = "Load the demo wire copy (published) and create or reset the demo editor account."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="editor")

    def handle(self, *args, **options):
        call_command("import_wire", str(DEMO_WIRE), publish=True, stdout=self.stdout)
        password = secrets.token_urlsafe(12)
        user, created = get_user_model().objects.get_or_create(
            username=options["username"], defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(
            f"\nDemo editor {'created' if created else 'reset'}: "
            f"username {user.username!r}, password {password!r}\n"
            "Admin: http://127.0.0.1:8000/admin/   Site: http://127.0.0.1:8000/\n"
        )
