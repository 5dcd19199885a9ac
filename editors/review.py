"""Who may change which country's records, and how an editor's change waits for review.

Moderators (superusers and holders of ``editors.publish_changes``) and members of an organisation trusted to publish
change records directly. Other editors' changes to anything the public sees become change requests: a new record is
saved unpublished (or, for records without a published flag, kept in the request until it is published), and a change
or deletion of a public record is kept aside until a moderator publishes it.

Shared records (sources, recommendations) belong to no single country: only moderators change them directly, except
a source cited by nothing but the records of a trusted organisation's own countries. Every other editor's change to
one is a change request.

A change request is frozen when it is made: it carries the values the moderator sees, and publishing writes exactly
those. Editing a draft that waits for review replaces its request with a new one.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone

from countries.models import Country

from .models import ChangeRequest

SKIPPED_FIELDS = {"id", "created_at", "updated_at", "published", "source_row"}
# Records without a published flag that the public sees only through a reviewed record citing them: a new one is
# saved at once so that an editor can cite it in the change they submit.
HIDDEN_UNTIL_CITED = {"countries.citation"}


def is_moderator(user) -> bool:
    return bool(user and user.is_active and (user.is_superuser or user.has_perm("editors.publish_changes")))


def _trusted(user) -> bool:
    return bool(user and user.is_authenticated and user.organizations.filter(can_publish=True).exists())


def is_shared(model) -> bool:
    """Records that belong to no one country: sources and recommendations."""
    return getattr(model, "country_lookup", "country") is None or not _has_country_path(model)


def _has_country_path(model) -> bool:
    first = country_path(model).split("__")[0]
    return any(f.name == first for f in model._meta.get_fields())


def source_country_ids(source) -> set[int | None]:
    """The countries whose records cite a source; None stands for region-wide citations and recommendations."""
    if source.pk is None:
        return set()
    ids = set(source.citations.values_list("country_id", flat=True))
    if source.recommendations.exists():
        ids.add(None)
    return ids


def publishes_directly(user, obj=None) -> bool:
    """Whether a user's change to `obj` (or, without `obj`, to their countries' facts) skips review: trust in one
    organisation reaches only the countries that organisation covers."""
    if is_moderator(user):
        return True
    if not _trusted(user):
        return False
    if obj is None:
        return True
    if not is_shared(type(obj)):
        return publishes_for_country(user, country_id_of(obj))
    if type(obj)._meta.label_lower != "countries.source":
        return False
    cited_by = source_country_ids(obj)
    return None not in cited_by and cited_by <= trusted_country_ids(user)


def publishes_for_country(user, country_id: int | None) -> bool:
    """Whether a user may publish a country's changes: moderators, and members of an organisation that is trusted
    to publish and covers that country (trust in one organisation does not reach another's countries)."""
    if is_moderator(user):
        return True
    if not user or not user.is_authenticated or country_id is None:
        return False
    return user.organizations.filter(can_publish=True, countries=country_id).exists()


def trusted_country_ids(user) -> set[int]:
    """The countries covered by an organisation of the user's that is trusted to publish."""
    if not user or not user.is_authenticated:
        return set()
    return set(Country.objects.filter(organizations__members=user, organizations__can_publish=True)
               .values_list("pk", flat=True))


def editable_country_ids(user) -> set[int] | None:
    """The countries a user may change; None means every country."""
    if is_moderator(user):
        return None
    if not user or not user.is_authenticated:
        return set()
    return set(Country.objects.filter(organizations__members=user).values_list("pk", flat=True))


def country_path(model) -> str:
    """The lookup from a record to the country that decides who may change it."""
    return getattr(model, "country_lookup", "country")


def country_id_of(obj) -> int | None:
    path = country_path(type(obj)).split("__")
    value = obj
    for part in path[:-1]:
        value = getattr(value, part, None)
        if value is None:
            return None
    return getattr(value, f"{path[-1]}_id", None)


def scope(queryset, user):
    ids = editable_country_ids(user)
    if ids is None:
        return queryset
    if is_shared(queryset.model):
        # Every editor sees the shared lists and may propose changes to them; none lands without review.
        return queryset if ids else queryset.none()
    return queryset.filter(**{f"{country_path(queryset.model)}__in": ids})


def can_edit(user, obj) -> bool:
    ids = editable_country_ids(user)
    if ids is None:
        return True
    if is_shared(type(obj)):
        return bool(ids)
    return country_id_of(obj) in ids


def reference_errors(obj, m2m: dict | None = None) -> dict:
    """A record may cite only its own country's law and citations (or region-wide ones, with no country)."""
    country_id = country_id_of(obj) if not is_shared(type(obj)) else None
    if country_id is None:
        return {}
    errors = {}
    law = getattr(obj, "law", None) if any(f.name == "law" for f in type(obj)._meta.concrete_fields) else None
    if law is not None and law.country_id != country_id and type(obj)._meta.label_lower != "legislation.article":
        errors["law"] = ["This law belongs to another country."]
    citations = (m2m or {}).get("citations")
    if citations is not None:
        from countries.models import Citation

        ids = [getattr(c, "pk", c) for c in citations]
        foreign = Citation.objects.filter(pk__in=ids).exclude(country__isnull=True).exclude(country_id=country_id)
        if foreign.exists():
            errors["citations"] = [
                "Citations {} are about another country.".format(", ".join(str(pk) for pk in foreign.values_list("pk", flat=True)))
            ]
    return errors


def check_references(obj, m2m: dict | None = None) -> None:
    errors = reference_errors(obj, m2m)
    if errors:
        raise ValidationError(errors)


def is_public(obj) -> bool:
    """Whether the public can see the record as it is stored now."""
    return getattr(obj, "published", True)


def _encode(value):
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple, set, models.QuerySet)):
        return sorted(_encode(item) for item in value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def editable_fields(model):
    return [f for f in model._meta.concrete_fields if f.editable and f.name not in SKIPPED_FIELDS]


def differences(obj, m2m: dict | None = None) -> dict:
    """Fields where an unsaved instance (and proposed many-to-many sets) differ from the stored record."""
    stored = type(obj)._default_manager.filter(pk=obj.pk).first()
    changes = {}
    for field in editable_fields(type(obj)):
        new = _encode(getattr(obj, field.attname))
        old = _encode(getattr(stored, field.attname)) if stored else None
        if new != old:
            changes[field.attname] = new
    for name, values in (m2m or {}).items():
        new = _encode(values)
        old = _encode(getattr(stored, name).all()) if stored else []
        if new != old:
            changes[name] = new
    return changes


def snapshot(obj, m2m: dict | None = None) -> dict:
    """Every editable value of a record (and its proposed many-to-many sets): what a moderator reviews."""
    data = {field.attname: _encode(getattr(obj, field.attname)) for field in editable_fields(type(obj))}
    for field in type(obj)._meta.many_to_many:
        if m2m is not None and field.name in m2m:
            data[field.name] = _encode(m2m[field.name])
        elif obj.pk is not None:
            data[field.name] = _encode(getattr(obj, field.name).all())
    return data


def _request_country_id(obj) -> int | None:
    if is_shared(type(obj)):
        return None
    return country_id_of(obj)


def _request(user, obj, action, data=None) -> ChangeRequest:
    return ChangeRequest.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk or 0,
        country_id=_request_country_id(obj),
        action=action,
        data=data or {},
        summary=str(obj)[:300],
        author=user,
    )


def _supersede(obj, by: ChangeRequest) -> None:
    """Pending requests for the same draft are closed: the moderator reviews the newest one only."""
    ChangeRequest.objects.filter(
        content_type=by.content_type, object_id=obj.pk, status=ChangeRequest.Status.PENDING,
        action=ChangeRequest.Action.CREATE,
    ).exclude(pk=by.pk).update(
        status=ChangeRequest.Status.REJECTED, review_note=f"Superseded by #{by.pk}: the draft changed after it was submitted.",
        reviewed_at=timezone.now(),
    )


def check_country(user, obj) -> None:
    if not can_edit(user, obj):
        raise PermissionDenied("You may change only the records of your organisation's countries.")


@transaction.atomic
def save(user, obj, m2m: dict | None = None) -> ChangeRequest | None:
    """Save an editor's new or changed record: at once for publishers, as a change request otherwise.

    Returns the change request, or None when the record was saved as it is.
    """
    check_country(user, obj)
    check_references(obj, m2m)
    stored = type(obj)._default_manager.select_for_update(of=("self",)).filter(pk=obj.pk).first() if obj.pk else None
    if stored is not None:
        check_country(user, stored)
    direct = publishes_directly(user, stored if stored is not None else obj)
    obj._history_user = user
    publishable = hasattr(obj, "published")
    if publishable and not direct:
        obj.published = stored.published if stored is not None else False
    if direct:
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        return None
    if stored is not None and not is_public(stored):
        # A draft: the editor keeps working on it, and what waits for review is this version.
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        waiting = ChangeRequest.objects.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True), object_id=obj.pk,
            status=ChangeRequest.Status.PENDING, action=ChangeRequest.Action.CREATE,
        ).exists()
        if not waiting:
            return None
        change = _request(user, obj, ChangeRequest.Action.CREATE, snapshot(obj, m2m))
        _supersede(obj, change)
        return change
    if stored is None:
        if not publishable and type(obj)._meta.label_lower in HIDDEN_UNTIL_CITED:
            obj.save()
            for name, values in (m2m or {}).items():
                getattr(obj, name).set(values)
            return None
        if not publishable:
            # No published flag to hide it behind: the record is made only when a moderator publishes it.
            return _request(user, obj, ChangeRequest.Action.CREATE, snapshot(obj, m2m))
        obj.published = False
        obj.save()
        for name, values in (m2m or {}).items():
            getattr(obj, name).set(values)
        return _request(user, obj, ChangeRequest.Action.CREATE, snapshot(obj, m2m))
    changes = differences(obj, m2m)
    if not changes:
        return None
    return _request(user, stored, ChangeRequest.Action.UPDATE, changes)


@transaction.atomic
def delete(user, obj) -> ChangeRequest | None:
    check_country(user, obj)
    if publishes_directly(user, obj) or not is_public(obj):
        obj._history_user = user
        obj.delete()
        return None
    return _request(user, obj, ChangeRequest.Action.DELETE)


def _apply(obj, data: dict) -> None:
    m2m_names = {f.name for f in type(obj)._meta.many_to_many}
    fields = {f.attname: f for f in type(obj)._meta.concrete_fields}
    m2m = {}
    for name, value in data.items():
        if name in m2m_names:
            m2m[name] = value
        elif name in fields:
            setattr(obj, name, fields[name].to_python(value))
    obj.full_clean()
    obj.save()
    for name, values in m2m.items():
        getattr(obj, name).set(values)


@transaction.atomic
def publish(change: ChangeRequest, moderator) -> bool:
    """Write what the request holds; False when it was no longer pending (published, rejected or superseded)."""
    if not is_moderator(moderator):
        raise PermissionDenied("Only a moderator may publish changes.")
    change = ChangeRequest.objects.select_for_update(of=("self",)).get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        return False
    model = change.content_type.model_class()
    obj = model._default_manager.select_for_update(of=("self",)).filter(pk=change.object_id).first()
    if obj is None and change.action == ChangeRequest.Action.CREATE and change.object_id == 0:
        obj = model()
    if obj is not None:
        obj._history_user = moderator
        obj._change_reason = f"Published change #{change.pk} by {change.author}"
        if change.action == ChangeRequest.Action.CREATE:
            # What the moderator saw, not whatever the draft holds now.
            if hasattr(obj, "published"):
                obj.published = True
            if change.data:
                _apply(obj, change.data)
            else:
                obj.save()
            change.object_id = obj.pk
        elif change.action == ChangeRequest.Action.UPDATE:
            _apply(obj, change.data)
        else:
            obj.delete()
    change.status = ChangeRequest.Status.PUBLISHED
    change.reviewed_by = moderator
    change.reviewed_at = timezone.now()
    change.save()
    return True


@transaction.atomic
def reject(change: ChangeRequest, moderator, note: str = "") -> None:
    if not is_moderator(moderator):
        raise PermissionDenied("Only a moderator may reject changes.")
    change = ChangeRequest.objects.select_for_update(of=("self",)).get(pk=change.pk)
    if change.status != ChangeRequest.Status.PENDING:
        return
    model = change.content_type.model_class()
    if change.action == ChangeRequest.Action.CREATE and hasattr(model, "published"):
        obj = model._default_manager.filter(pk=change.object_id, published=False).first()
        if obj is not None:
            obj._history_user = moderator
            obj.delete()
    change.status = ChangeRequest.Status.REJECTED
    change.reviewed_by = moderator
    change.reviewed_at = timezone.now()
    change.review_note = note
    change.save()


def describe(change: ChangeRequest) -> list[tuple[str, str, str]]:
    """(field, published value, proposed value) for each field a change request touches."""
    model = change.content_type.model_class()
    obj = model._default_manager.filter(pk=change.object_id).first()
    if change.action == ChangeRequest.Action.CREATE and change.data:
        obj = model()  # a new record is shown as it was submitted, whatever its draft holds now
    if obj is None:
        return [("", "(record no longer exists)", "")]
    if change.action == ChangeRequest.Action.DELETE:
        return [("", str(obj), "(deleted)")]
    if change.action == ChangeRequest.Action.CREATE and not change.data:
        return [(str(f.verbose_name), "", _display(f, getattr(obj, f.attname))) for f in editable_fields(model)
                if getattr(obj, f.attname) not in (None, "")]
    rows = []
    for name, value in change.data.items():
        field = next((f for f in model._meta.get_fields() if getattr(f, "attname", f.name) == name), None)
        if field is None:
            continue
        if field.many_to_many:
            current = ", ".join(str(o) for o in getattr(obj, name).all()) if obj.pk else ""
            proposed = ", ".join(str(o) for o in field.related_model._default_manager.filter(pk__in=value))
        else:
            current = _display(field, getattr(obj, field.attname))
            proposed = _display(field, field.to_python(value))
        if change.action == ChangeRequest.Action.CREATE:
            current = ""
        rows.append((str(field.verbose_name), current, proposed))
    return rows


def _display(field, value) -> str:
    if value in (None, ""):
        return "—"
    if field.is_relation and field.related_model is not None:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    return str(value)


def restore(record, user):
    """Bring back a deleted record from its history, with the citations it had before it was deleted."""
    model = record.instance_type
    obj = record.instance
    check_country(user, obj)
    if model._default_manager.filter(pk=obj.pk).exists():
        return obj
    previous = record.prev_record
    m2m = {}
    for field in model._meta.many_to_many:
        source = previous if previous is not None else record
        through = getattr(source, field.name, None)
        if through is not None:
            m2m[field.name] = [getattr(row, f"{field.m2m_reverse_field_name()}_id") for row in through.all()]
    obj._state.adding = True
    hidden = type(obj)._meta.label_lower in HIDDEN_UNTIL_CITED
    if not publishes_directly(user, obj) and not hasattr(obj, "published") and not hidden:
        # Nothing to hide it behind until it is reviewed: the restore waits in a request, like a new record.
        obj._state.adding, obj.pk = True, None
        return _request(user, obj, ChangeRequest.Action.CREATE, snapshot(obj, m2m)) and obj
    with transaction.atomic():
        if not publishes_directly(user) and hasattr(obj, "published"):
            obj.published = False
        obj._history_user = user
        obj._change_reason = "Restored"
        obj.save(force_insert=True)
        if getattr(record, "created_at", None):  # keep the original creation time rather than the restore's
            model._default_manager.filter(pk=obj.pk).update(created_at=record.created_at)
        for name, values in m2m.items():
            getattr(obj, name).set(values)
        if not publishes_directly(user) and hasattr(obj, "published"):
            _request(user, obj, ChangeRequest.Action.CREATE, snapshot(obj, m2m))
    return obj
