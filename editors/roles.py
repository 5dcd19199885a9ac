"""The two staff roles: editors keep their organisation's countries, moderators review and publish."""

from django.contrib.auth.models import Group, Permission

EDITORS = "Editors"
MODERATORS = "Moderators"

# What an editor works on; view-only for the shared reference lists.
EDITED = {
    "countries": ["citation", "assessment", "source"],
    "legislation": ["law", "article", "threshold", "sanction"],
    "recommendations": ["progress", "recommendation"],
}
VIEWED = {
    "countries": ["country", "indicator", "indicatorvalue"],
    "profiles": ["brief"],
    "legislation": ["substance", "alternative"],
    "recommendations": ["theme", "addressee"],
    "editors": ["changerequest"],
}


def _permissions(models: dict[str, list[str]], actions: list[str]):
    codenames = [f"{action}_{model}" for models_ in models.values() for model in models_ for action in actions]
    return Permission.objects.filter(content_type__app_label__in=list(models), codename__in=codenames)


def ensure_groups() -> tuple[Group, Group]:
    editors, _ = Group.objects.get_or_create(name=EDITORS)
    editors.permissions.set([
        *_permissions(EDITED, ["add", "change", "delete", "view"]),
        *_permissions(VIEWED, ["view"]),
    ])
    moderators, _ = Group.objects.get_or_create(name=MODERATORS)
    moderators.permissions.set([
        *editors.permissions.all(),
        *_permissions({**EDITED, **VIEWED}, ["add", "change", "delete", "view"]),
        *_permissions({"editors": ["organization", "apitoken"]}, ["add", "delete", "view"]),
        *_permissions({"editors": ["organization"]}, ["change"]),
        *Permission.objects.filter(content_type__app_label="editors", codename="publish_changes"),
    ])
    return editors, moderators
