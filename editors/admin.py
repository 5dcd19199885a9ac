from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from countries.models import Assessment, Citation
from legislation.models import Article, Law, Sanction, Threshold
from recommendations.models import Progress

from . import corrections, countries_admin, grid, legislation_admin, recommendations_admin, review  # noqa: F401
from .models import ApiToken, ChangeRequest, Correction, Organization
from .scoping import CountryFilterForEditors

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
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("all", _("All")), *ChangeRequest.Status.choices]

    def choices(self, changelist):
        value = self.value() or ChangeRequest.Status.PENDING
        for lookup, title in self.lookup_choices:
            yield {"selected": value == lookup, "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                   "display": title}

    def queryset(self, request, queryset):
        value = self.value() or ChangeRequest.Status.PENDING
        return queryset if value == "all" else queryset.filter(status=value)


class DecisionForm(forms.ModelForm):
    """A reviewer's note, required when they reject (the reject button is named `_reject`)."""

    reason_field = ""

    def clean(self):
        data = super().clean()
        if "_reject" in self.data and not (data.get(self.reason_field) or "").strip():
            self.add_error(self.reason_field, _("Say why you reject it: the reason is kept with the record."))
        return data


class ChangeRequestForm(DecisionForm):
    reason_field = "review_note"

    class Meta:
        model = ChangeRequest
        fields = ["review_note"]
        labels = {"review_note": capfirst(gettext_lazy("reason or note"))}
        help_texts = {"review_note": gettext_lazy("Required to reject: the editor who made the change reads it.")}


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """The pending-review list: each editor's change next to the published values, published or rejected from the
    list (several at once) or from its own page."""

    form = ChangeRequestForm
    list_display = ["created_at", "author", "country", "action", "record_type", "summary", "status"]
    list_filter = [PendingFilter, "action", CountryFilterForEditors]
    list_select_related = ["author", "country", "content_type"]
    search_fields = ["summary", "author__username"]
    readonly_fields = ["author", "country", "action", "record_type", "summary", "status", "created_at", "reviewed_by",
                       "reviewed_at", "changes"]
    fields = readonly_fields + ["review_note"]
    change_list_template = "admin/editors/changerequest_list.html"
    change_form_template = "admin/editors/review_change_form.html"
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

    @admin.display(description=gettext_lazy("record"))
    def record_type(self, obj):
        return obj.content_type.model_class()._meta.verbose_name

    @admin.display(description=gettext_lazy("changes against the published values"))
    def changes(self, obj):
        rows = review.describe(obj)
        return format_html(
            '<table class="review-diff"><thead><tr><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>',
            _("field"), _("published now"), _("proposed"),
            format_html_join("", "<tr><th>{}</th><td><del>{}</del></td><td><ins>{}</ins></td></tr>", rows),
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        change = self.get_object(request, object_id)
        decision = None
        if change is not None and change.status == ChangeRequest.Status.PENDING and review.is_moderator(request.user):
            decision = {"accept_name": "_publish", "accept_label": _("Publish"), "reject_label": _("Reject"),
                        "reject_help": _("To reject, give the reason above.")}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "decision": decision})

    def response_change(self, request, obj):
        if "_publish" in request.POST or "_reject" in request.POST:
            return HttpResponseRedirect(reverse("admin:editors_changerequest_changelist"))
        return super().response_change(request, obj)

    @admin.action(description=gettext_lazy("Publish the selected changes"))
    def publish_selected(self, request, queryset):
        done = 0
        for change in queryset.filter(status=ChangeRequest.Status.PENDING):
            try:
                if review.publish(change, request.user):
                    done += 1
            except Exception as error:  # a draft that no longer validates is reported, the others still go ahead
                messages.error(request, f"Change #{change.pk} ({change.summary}) could not be published: {error}")
        self.message_user(request, f"{done} change(s) published.")

    @admin.action(description=gettext_lazy("Reject the selected changes"))
    def reject_selected(self, request, queryset):
        changes = list(queryset.filter(status=ChangeRequest.Status.PENDING))
        for change in changes:
            review.reject(change, request.user)
        self.message_user(request, f"{len(changes)} change(s) rejected.")

    def save_model(self, request, obj, form, change):
        if "_publish" in request.POST:
            try:
                done = review.publish(obj, request.user)
            except (ValidationError, ValueError) as error:  # a draft that no longer validates is reported
                messages.error(request, _("Change #%(pk)s could not be published: %(error)s") % {"pk": obj.pk, "error": error})
            else:
                if done:
                    messages.success(request, _("Published: “%(summary)s”.") % {"summary": obj.summary})
                else:
                    messages.warning(request, _("This change had already been reviewed."))
        elif "_reject" in request.POST:
            review.reject(obj, request.user, form.cleaned_data["review_note"].strip())
            messages.success(request, _("Rejected: “%(summary)s”.") % {"summary": obj.summary})
        elif "review_note" in form.changed_data:
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


class CorrectionForm(DecisionForm):
    reason_field = "reason"

    class Meta:
        model = Correction
        fields = ["reason"]
        labels = {"reason": capfirst(gettext_lazy("reason for rejecting"))}
        help_texts = {"reason": gettext_lazy("Required to reject. The reader is sent it if they left their email.")}


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Readers' reports that a fact is wrong, in the queue of the organisation covering the country. The reviewer
    opens the fact with the proposed value filled in, saves it, then accepts (or rejects with a reason)."""

    form = CorrectionForm
    list_display = ["created_at", "country", "fact_link", "part", "proposed_value", "status", "organization"]
    list_filter = ["status", CountryFilterForEditors, "organization"]
    list_select_related = ["country", "content_type", "organization"]
    search_fields = ["fact_label", "proposed_value", "problem", "source", "email"]
    readonly_fields = ["fact_link", "country", "organization", "part", "current", "proposed_value", "problem",
                       "source_link", "email", "language", "created_at", "status", "reviewed_by", "reviewed_at",
                       "notified_at"]
    fields = readonly_fields + ["reason"]
    change_form_template = "admin/editors/review_change_form.html"

    def get_queryset(self, request):
        return review.scope(super().get_queryset(request), request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = review.editable_country_ids(request.user)
        if db_field.name == "organization" and ids is not None:
            kwargs["queryset"] = Organization.objects.filter(members=request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_list_filter(self, request):
        # An editor's queue holds only their own organisations: the organisation filter is the moderators'.
        return self.list_filter if review.is_moderator(request.user) else ["status", CountryFilterForEditors]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return review.is_moderator(request.user)  # spam that got through

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_staff

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return review.publishes_directly(request.user)
        return obj.status == Correction.Status.NEW and corrections.can_decide(request.user, obj)

    @admin.display(description=gettext_lazy("fact"), ordering="fact_label")
    def fact_link(self, obj):
        ct = obj.content_type
        url = reverse(f"admin:{ct.app_label}_{ct.model}_change", args=[obj.object_id])
        return format_html('<a href="{}">{}</a>', url, obj.fact_label)

    @admin.display(description=gettext_lazy("part said to be wrong"))
    def part(self, obj):
        return corrections.field_label(obj)

    @admin.display(description=gettext_lazy("value now"))
    def current(self, obj):
        return corrections.current_value(obj)

    @admin.display(description=gettext_lazy("source"))
    def source_link(self, obj):
        if obj.source.startswith(("http://", "https://")):
            return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.source, obj.source)
        return obj.source

    def change_view(self, request, object_id, form_url="", extra_context=None):
        correction = self.get_object(request, object_id)
        decision = None
        if correction is not None and correction.status == Correction.Status.NEW:
            decision = {"edit_url": corrections.edit_url(correction),
                        "edit_label": _("Open the fact with this value filled in")}
            if corrections.can_decide(request.user, correction):
                decision.update({"accept_name": "_accept", "accept_label": _("Accept"), "reject_label": _("Reject"),
                                 "reject_help": _("To reject, give the reason above.")})
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), "decision": decision})

    def save_model(self, request, obj, form, change):
        told = _(" The reader is told by email.") if obj.email else ""
        if "_accept" in request.POST:
            if corrections.accept(obj, request.user):
                messages.success(request, _("Correction accepted.") + told)
        elif "_reject" in request.POST:
            if corrections.reject(obj, request.user, form.cleaned_data["reason"]):
                messages.success(request, _("Correction rejected.") + told)

    def response_change(self, request, obj):
        return HttpResponseRedirect(reverse("admin:editors_correction_changelist"))
