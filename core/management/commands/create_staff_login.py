import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.roles import LABELS
from directory.models import StaffMember


class Command(BaseCommand):
    help = "Give a staff member of the directory a login with a role; prints a generated password once."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The staff member's e-mail, as in the directory.")
        parser.add_argument("role", choices=sorted(LABELS))

    @transaction.atomic
    def handle(self, *args, **options):
        member = StaffMember.objects.filter(email__iexact=options["email"]).first()
        if member is None:
            raise CommandError(f"No staff member has the e-mail {options['email']}.")
        password = secrets.token_urlsafe(18)
        user, _created = get_user_model().objects.update_or_create(
            username=member.email.split("@")[0],
            defaults={
                "email": member.email,
                "first_name": member.first_name,
                "last_name": member.last_name,
                "is_staff": True,
            },
        )
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=options["role"])])
        member.user = user
        member.save()
        self.stdout.write(f"{member} can log in as {user.username} with the password {password} (shown only now).")
