import secrets

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create the local administrator with a generated password, printed once. Does nothing if one exists."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, **options):
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write(
                "An administrator already exists; to set a new password: .venv/bin/python manage.py changepassword "
                + User.objects.filter(is_superuser=True).values_list("username", flat=True).first()
            )
            return
        password = secrets.token_urlsafe(18)
        User.objects.create_superuser(options["username"], email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                f"Local administrator created. Username: {options['username']}  Password: {password}\n"
                "This password is shown only now: keep it somewhere safe."
            )
        )
