import pytest
from django.contrib.auth import get_user_model

from editors.models import Organization
from editors.roles import ensure_groups
from tests.factories import bundled_country


def admin_form_data(response) -> dict:
    """The POST body an admin change page would send back unchanged: the main form and every inline formset."""
    data = {}

    def add(form):
        for name in form.fields:
            value = form[name].value()
            key = form.add_prefix(name)
            if value is None:
                data[key] = ""
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            elif isinstance(value, (list, tuple)):
                data[key] = [str(getattr(v, "pk", v)) for v in value]
            else:
                data[key] = str(value)

    add(response.context["adminform"].form)
    inlines = response.context.get("inline_admin_formsets") or []  # the history form has no inlines
    for inline in inlines:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for form in formset.forms:
            add(form)
    return data


def _user(username, *groups, superuser=False):
    user = get_user_model().objects.create_user(username, password="a long passphrase 42", is_staff=True,
                                                is_superuser=superuser)
    user.groups.add(*groups)
    return user


@pytest.fixture
def groups(db):
    return ensure_groups()


@pytest.fixture
def editor_ua(groups):
    user = _user("ua-editor", groups[0])
    org = Organization.objects.create(name="Ukrainian NGO")
    org.countries.add(bundled_country("UA"))
    org.members.add(user)
    return user


@pytest.fixture
def editor_md(groups):
    user = _user("md-editor", groups[0])
    org = Organization.objects.create(name="Moldovan NGO")
    org.countries.add(bundled_country("MD"))
    org.members.add(user)
    return user


@pytest.fixture
def trusted_ua(groups):
    user = _user("ua-trusted", groups[0])
    org = Organization.objects.create(name="Trusted Ukrainian NGO", can_publish=True)
    org.countries.add(bundled_country("UA"))
    org.members.add(user)
    return user


@pytest.fixture
def moderator(groups):
    return _user("moderator", groups[0], groups[1])


@pytest.fixture
def partner(db):
    return get_user_model().objects.create_user("partner", password="a long passphrase 42")
