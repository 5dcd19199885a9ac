import os
import sys
from getpass import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from countries.models import Country, country_codes
from editors.models import ApiToken, Organization
from editors.roles import ensure_groups

PASSWORD_VARIABLE = "POLICYHUB_EDITOR_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create or update an NGO editor and the organisation whose countries they may edit. "
        f"The password comes from ${PASSWORD_VARIABLE} or is asked for; it is never taken from the command line."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organization", required=True, help="Organisation name; created if new.")
        parser.add_argument("--countries", required=True, help="Comma-separated ISO alpha-2 codes, e.g. UA,MD.")
        parser.add_argument("--email", default="")
        parser.add_argument("--can-publish", action="store_true", help="Trust the organisation to publish without review.")
        parser.add_argument("--moderator", action="store_true", help="Also make the account a moderator.")
        parser.add_argument("--token", action="store_true", help="Print the account's API token (created if needed).")

    def handle(self, *args, **options):
        codes = country_codes(options["countries"])
        countries = list(Country.objects.filter(iso2__in=codes))
        unknown = sorted(set(codes) - {c.iso2 for c in countries})
        if not codes:
            raise CommandError("Give at least one country code with --countries.")
        if unknown:
            raise CommandError(f"Unknown country code(s): {', '.join(unknown)}.")
        User = get_user_model()
        user = User.objects.filter(username=options["username"]).first()
        password = os.environ.get(PASSWORD_VARIABLE)
        if password is None and user is None:  # an existing account keeps its password unless a new one is given
            if not sys.stdin.isatty():
                raise CommandError(f"Set {PASSWORD_VARIABLE} or run the command in a terminal to type the password.")
            password = getpass("Password: ")
            if password != getpass("Password (again): "):
                raise CommandError("The two passwords differ.")
        candidate = user or User(username=options["username"], email=options["email"])
        if password is not None:
            try:
                validate_password(password, candidate)
            except ValidationError as error:
                raise CommandError("Password refused: " + " ".join(error.messages)) from error
        editors, moderators = ensure_groups()
        with transaction.atomic():
            created = user is None
            user = candidate
            user.is_staff = True
            user.is_active = True
            if options["email"]:
                user.email = options["email"]
            if password is not None:
                user.set_password(password)
            user.save()
            user.groups.add(editors)
            if options["moderator"]:
                user.groups.add(moderators)
            organization, org_created = Organization.objects.get_or_create(name=options["organization"])
            if options["can_publish"] and not organization.can_publish:
                organization.can_publish = True
                organization.save()
            organization.countries.add(*countries)
            organization.members.add(user)
        self.stdout.write(self.style.SUCCESS(
            f"{'Created' if created else 'Updated'} editor {user.username} in "
            f"{'new ' if org_created else ''}organisation {organization.name}, "
            f"countries {', '.join(c.iso2 for c in organization.countries.order_by('iso2'))}."
        ))
        if options["token"]:
            # Only the key's hash is stored: this is the one time it is shown.
            _, key = ApiToken.issue(user=user, name="create_editor")
            self.stdout.write(f"API token: {key}")
