import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q

from core.roles import LABELS
from directory.models import StaffMember


class Command(BaseCommand):
    help = (
        "Give a staff member of the directory a login with a role; prints a generated password once. "
        "The username is the e-mail address; a superuser, or an account of someone else, is never changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("email", help="The staff member's e-mail, as in the directory.")
        parser.add_argument("role", choices=sorted(LABELS))

    @transaction.atomic
    def handle(self, *args, **options):
        email = options["email"].strip().lower()
        member = self.staff_member(email)
        user = member.user or get_user_model()(username=email)
        if user.is_superuser:
            raise CommandError(
                f"{member} is linked to the superuser {user.username}; this command never changes a superuser."
            )
        if user.pk and not user.is_staff:
            raise CommandError(
                f"{member} is linked to {user.username}, an account that is not staff (an applicant's): "
                "it never becomes a staff login. Unlink it from the staff member first."
            )
        password = secrets.token_urlsafe(18)
        user.username, user.email, user.is_staff = email, email, True
        user.first_name, user.last_name = member.first_name, member.last_name
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=options["role"])])
        member.user = user
        member.save()
        self.stdout.write(f"{member} can log in as {user.username} with the password {password} (shown only now).")

    def staff_member(self, email):
        """The one staff member with this e-mail, provided no other account uses it."""
        members = list(StaffMember.objects.select_related("user").filter(email__iexact=email)[:2])
        if not members:
            raise CommandError(f"No staff member has the e-mail {email}.")
        if len(members) > 1:
            raise CommandError(f"Several staff members have the e-mail {email}; give each their own first.")
        member = members[0]
        others = get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email))
        others = others.exclude(pk=member.user_id)
        # A registration nobody confirmed proves nobody owns the address: it never blocks staff.
        for registration in others.filter(is_staff=False, is_active=False, last_login__isnull=True):
            registration.delete()
            self.stdout.write(f"Removed an applicant registration of {email} that was never confirmed.")
        other = others.first()
        if other is not None:
            whose = "the superuser" if other.is_superuser else "the account"
            raise CommandError(
                f"The e-mail {email} is already used by {whose} {other.username}; no login was created or changed."
            )
        return member
