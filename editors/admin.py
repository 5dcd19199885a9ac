from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from countries.models import Assessment, Citation
from legislation.models import Article, Law, Sanction, Threshold
from recommendations.models import Progress

from . import countries_admin, grid, legislation_admin, recommendations_admin, review  # noqa: F401 (the content admins register themselves)
from .models import ApiToken, ChangeRequest, Organization

RESTORABLE = [Law, Article, Threshold, Sanction, Assessment, Progress, Citation]


@admin.register(Organization)
class OrganizationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country_list", "can_publish"]
    search_fields = ["name"]
    filter_horizontal = ["countries", "members"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    @admin.display(description="countries")
    def country_list(self, obj):
        return ", ".join(c.iso2 for c in obj.countries.all())


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """API keys: made here and shown once; only their first characters are kept in view.

    A moderator may make keys for editors and partners, not for superusers or other moderators (a key acts as its
    user); only superusers see and revoke every key.
    """

    list_display = ["prefix", "user", "name", "created_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "name", "prefix"]
    fields = ["user", "name"]

    def _mintable_users(self, request):
        users = get_user_model().objects.filter(is_active=True)
        if request.user.is_superuser:
            return users
        above = users.filter(
            Q(is_superuser=True) | Q(groups__permissions__codename="publish_changes")
            | Q(user_permissions__codename="publish_changes")
        ).exclude(pk=request.user.pk)
        return users.exclude(pk__in=above.values("pk"))

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(Q(user__in=self._mintable_users(request)) | Q(user=request.user))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            kwargs["queryset"] = self._mintable_users(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return False  # a key is made or revoked, never edited

    def save_model(self, request, obj, form, change):
        if not self._mintable_users(request).filter(pk=obj.user_id).exists():
            raise PermissionDenied
        token, key = ApiToken.issue(user=obj.user, name=obj.name)
        obj.pk, obj.prefix, obj.digest, obj.created_at = token.pk, token.prefix, token.digest, token.created_at
        self.message_user(request, f"The new key for {obj.user} is {key} — copy it now: it is not kept and will not "
                                   "be shown again.", messages.WARNING)


class PendingFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", "All"), *ChangeRequest.Status.choices]

    def choices(self, changelist):
        value = self.value() or ChangeRequest.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {"selected": value == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                   "display": title}

    def queryset(self, request, queryset):
        value = self.value() or ChangeRequest.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """The pending-review list: each editor's change next to the published values."""

    list_display = ["created_at", "author", "country", "action", "record_type", "summary", "status"]
    list_filter = [PendingFilter, "action", "country"]
    list_select_related = ["author", "country", "content_type"]
    search_fields = ["summary", "author__username"]
    readonly_fields = ["author", "country", "action", "record_type", "summary", "status", "created_at", "reviewed_by",
                       "reviewed_at", "changes"]
    fields = readonly_fields + ["review_note"]
    change_list_template = "admin/editors/changerequest_list.html"
    actions = ["publish_selected", "reject_selected"]

    def get_queryset(self, request):
        return review.scope(super().get_queryset(request), request.user)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return review.is_moderator(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def get_actions(self, request):
        return super().get_actions(request) if review.is_moderator(request.user) else {}

    @admin.display(description="record")
    def record_type(self, obj):
        return obj.content_type.model_class()._meta.verbose_name

    @admin.display(description="changes against the published values")
    def changes(self, obj):
        rows = review.describe(obj)
        return format_html(
            '<table><thead><tr><th>field</th><th>published</th><th>proposed</th></tr></thead><tbody>{}</tbody></table>',
            format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td></tr>", rows),
        )

    @admin.action(description="Publish the selected changes")
    def publish_selected(self, request, queryset):
        done = 0
        for change in queryset.filter(status=ChangeRequest.Status.PENDING):
            try:
                if review.publish(change, request.user):
                    done += 1
            except Exception as error:  # a draft that no longer validates is reported, the others still go ahead
                messages.error(request, f"Change #{change.pk} ({change.summary}) could not be published: {error}")
        self.message_user(request, f"{done} change(s) published.")

    @admin.action(description="Reject the selected changes")
    def reject_selected(self, request, queryset):
        changes = list(queryset.filter(status=ChangeRequest.Status.PENDING))
        for change in changes:
            review.reject(change, request.user)
        self.message_user(request, f"{len(changes)} change(s) rejected.")

    def save_model(self, request, obj, form, change):
        if "review_note" in form.changed_data:
            super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path("deleted/", self.admin_site.admin_view(self.deleted_view), name="editors_deleted"),
            path("grid/", self.admin_site.admin_view(grid.grid_view), name="editors_grid"),
            *super().get_urls(),
        ]

    def deleted_view(self, request):
        """Records deleted from the editor's countries, each with a button that brings it back."""
        if request.method == "POST":
            model = next((m for m in RESTORABLE if m._meta.label_lower == request.POST.get("model")), None)
            if model is None:
                raise PermissionDenied
            record = get_object_or_404(model.history.model, history_id=request.POST.get("history_id"), history_type="-")
            obj = review.restore(record, request.user)
            self.message_user(request, f"Restored “{obj}”.")
            return HttpResponseRedirect(reverse("admin:editors_deleted"))
        ids = review.editable_country_ids(request.user)
        groups = []
        for model in RESTORABLE:
            records = model.history.filter(history_type="-").order_by("-history_date")
            if ids is not None:
                path_ = review.country_path(model).replace("__country", "__country_id")
                if path_ == "country":
                    records = records.filter(country_id__in=ids)
                else:
                    live_ids = Law.objects.filter(country__in=ids).values_list("pk", flat=True)
                    records = records.filter(law_id__in=live_ids)
            records = records.exclude(id__in=model.objects.values("pk"))[:100]
            if records:
                groups.append((model._meta, model._meta.label_lower, records))
        context = {**self.admin_site.each_context(request), "title": "Deleted records", "groups": groups}
        return TemplateResponse(request, "admin/editors/deleted.html", context)
