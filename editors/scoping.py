"""Admin behaviour shared by every record an NGO editor keeps: country scope, review and restore."""

import zipfile

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ImportForm

from countries.formulae import neutralised
from countries.models import Citation, Country
from legislation.models import Article, Law

from . import corrections, review
from .models import Correction

DRAFT_MESSAGE = "Your change to “%s” is waiting for review; the public sees the published version until a moderator publishes it."


class ReviewedAdminMixin:
    """Editors see and change only their organisation's countries; without the right to publish, their changes wait."""

    def get_queryset(self, request):
        return review.scope(super().get_queryset(request), request.user)

    def _allowed(self, request, obj) -> bool:
        return obj is None or review.can_edit(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._allowed(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._allowed(request, obj)

    # Labels and help texts in the editor's language, by field name (the admin runs in Russian under /ru/admin/).
    field_labels: dict = {}
    field_help: dict = {}

    def get_form(self, request, obj=None, change=False, **kwargs):
        labels = {name: capfirst(label) for name, label in self.field_labels.items()}  # as Django labels fields
        kwargs = {"labels": labels, "help_texts": self.field_help, **kwargs}
        form = super().get_form(request, obj, change, **kwargs)
        proposed = self._proposed_initial(request, obj, form)

        class ReferencesInScope(form):
            """A record cites only its own country's law and citations, whoever saves it."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                if not self.is_bound:
                    self.initial.update(proposed)

            def _post_clean(self):
                super()._post_clean()
                m2m = {"citations": self.cleaned_data["citations"]} if "citations" in self.cleaned_data else None
                for name, errors in review.reference_errors(self.instance, m2m).items():
                    self.add_error(name if name in self.fields else None, errors)

        return ReferencesInScope

    def _correction(self, request, obj) -> Correction | None:
        """The reader's correction named in ?correction=, when it is about this very record."""
        pk = request.GET.get("correction", "")
        if obj is None or not pk.isdigit():
            return None
        if not hasattr(request, "_policyhub_correction"):
            request._policyhub_correction = Correction.objects.filter(
                pk=pk, content_type__app_label=obj._meta.app_label, content_type__model=obj._meta.model_name,
                object_id=obj.pk,
            ).select_related("content_type").first()
        return request._policyhub_correction

    def _proposed_initial(self, request, obj, form) -> dict:
        correction = self._correction(request, obj) if request.method == "GET" else None
        if correction is None:
            return {}
        if hasattr(request, "_policyhub_proposed"):  # the admin builds the form more than once per page
            return request._policyhub_proposed
        proposed = request._policyhub_proposed = corrections.proposed_initial(correction, form)
        if proposed:
            self.message_user(request, format_html(
                _("Filled in from a reader's correction: “{field}” is set to “{value}”. Check it against the reader's "
                  "source ({source}) before you save."),
                field=corrections.field_label(correction), value=correction.proposed_value, source=correction.source,
            ), messages.WARNING)
        else:
            self.message_user(request, format_html(
                _("A reader proposes “{value}” for “{field}” (source: {source}). It could not be filled in for you: "
                  "enter it yourself if the source confirms it."),
                field=corrections.field_label(correction), value=correction.proposed_value, source=correction.source,
            ), messages.WARNING)
        return proposed

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and "correction" not in request.GET and object_id.isdigit():
            opts = self.model._meta
            waiting = list(Correction.objects.filter(
                content_type__app_label=opts.app_label, content_type__model=opts.model_name, object_id=object_id,
                status=Correction.Status.NEW,
            ).values_list("pk", flat=True))
            for pk in waiting:
                self.message_user(request, format_html(
                    _('A reader reported this record as wrong: <a href="{}">see the correction</a>.'),
                    reverse("admin:editors_correction_change", args=[pk]),
                ), messages.INFO)
        return super().change_view(request, object_id, form_url, extra_context)

    def has_add_permission(self, request):
        # Recommendations are the meetings' own wording: moderators add them.
        if review.is_shared(self.model) and self.model._meta.label_lower != "countries.source":
            return review.is_moderator(request.user) and super().has_add_permission(request)
        return super().has_add_permission(request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        ids = review.editable_country_ids(request.user)
        if ids is not None:
            if db_field.related_model is Country:
                kwargs["queryset"] = Country.objects.filter(pk__in=ids)
            elif db_field.related_model is Law:
                kwargs["queryset"] = Law.objects.filter(country__in=ids)
            elif db_field.related_model is Article:
                kwargs["queryset"] = Article.objects.filter(law__country__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        ids = review.editable_country_ids(request.user)
        if ids is not None and db_field.related_model is Citation:
            # The editor's countries' citations and region-wide ones, which any country's fact may cite.
            kwargs["queryset"] = Citation.objects.filter(Q(country__in=ids) | Q(country__isnull=True))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not review.publishes_directly(request.user) and hasattr(self.model, "published"):
            fields.append("published")
        return fields

    def save_model(self, request, obj, form, change):
        m2m = {name: form.cleaned_data[name] for name in form.cleaned_data
               if name in {f.name for f in self.model._meta.many_to_many}}
        drafted = review.save(request.user, obj, m2m)
        # The record and its many-to-many values were handled above; the form must not save them again.
        form.save_m2m = lambda: None
        if drafted is not None and (drafted.action != drafted.Action.CREATE or obj.pk is None):
            request._policyhub_drafted = drafted

    def save_formset(self, request, form, formset, change):
        if review.is_moderator(request.user):
            return super().save_formset(request, form, formset, change)
        formset.save(commit=False)
        for obj in formset.deleted_objects:
            review.delete(request.user, obj)
        for inline_form in formset.forms:
            obj = inline_form.instance
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            review.save(request.user, obj)
        return None

    def delete_model(self, request, obj):
        drafted = review.delete(request.user, obj)
        if drafted is not None:
            request._policyhub_drafted = drafted

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for obj in queryset:
                self.delete_model(request, obj)

    def _draft_response(self, request):
        drafted = getattr(request, "_policyhub_drafted", None)
        if drafted is None:
            return None
        self.message_user(request, DRAFT_MESSAGE % drafted.summary, messages.INFO)
        opts = self.model._meta
        return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))

    def response_add(self, request, obj, post_url_continue=None):
        return self._draft_response(request) or super().response_add(request, obj, post_url_continue)

    def save_related(self, request, form, formsets, change):
        if form.instance.pk is None:  # kept in a change request until published: nothing to attach inlines to
            return None
        return super().save_related(request, form, formsets, change)

    def response_change(self, request, obj):
        response = self._draft_response(request) or super().response_change(request, obj)
        correction = self._correction(request, obj)
        if correction is not None and "_continue" not in request.POST and "_addanother" not in request.POST:
            # Back to the reader's report, where the reviewer accepts it and the reader is told.
            return HttpResponseRedirect(reverse("admin:editors_correction_change", args=[correction.pk]))
        return response

    def response_delete(self, request, obj_display, obj_id):
        return self._draft_response(request) or super().response_delete(request, obj_display, obj_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = self.model.history.model
        record = history.objects.filter(pk=version_id).first()
        if record is not None and not review.can_edit(request.user, record.instance):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        record = self.model.history.filter(id=object_id).order_by("-history_date").first()
        if record is not None and not review.can_edit(request.user, record.instance):
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


class CountryAutocompleteForEditors:
    """For the Country admin: the country pickers of other admins offer an editor only their own countries."""

    def get_search_results(self, request, queryset, search_term):
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        ids = review.editable_country_ids(request.user)
        if match is not None and match.url_name == "autocomplete" and ids is not None:
            queryset = queryset.filter(pk__in=ids)
        return queryset, distinct


class CountryFilterForEditors(admin.SimpleListFilter):
    """The country filter lists only the countries the editor works on."""

    title = gettext_lazy("country")
    parameter_name = "country"

    def lookups(self, request, model_admin):
        ids = review.editable_country_ids(request.user)
        countries = Country.objects.all() if ids is None else Country.objects.filter(pk__in=ids)
        return [(c.iso2, c.name) for c in countries.order_by("name_en")]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{f"{review.country_path(queryset.model)}__iso2": self.value()})
        return queryset


class FormulaSafe:
    """Exports neutralise text a spreadsheet would run as a formula (countries.formulae)."""

    def export_data(self, dataset, **kwargs):
        return super().export_data(neutralised(dataset), **kwargs)


class SafeCSV(FormulaSafe, CSV):
    pass


class SafeXLSX(FormulaSafe, XLSX):
    pass


class LimitedImportForm(ImportForm):
    """Refuses files larger than IMPORT_MAX_BYTES, and XLSX files (zip archives) that would unpack to more than
    IMPORT_MAX_UNPACKED_BYTES: a 3.5 MB workbook can expand to hundreds of megabytes while it is parsed."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        limit, unpacked_limit = settings.IMPORT_MAX_BYTES, settings.IMPORT_MAX_UNPACKED_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1e6:.1f} MB; files of at most {limit / 1e6:.1f} MB can be imported. "
                "Split it into smaller files.")
        head = upload.read(4)
        upload.seek(0)
        if head == b"PK\x03\x04":
            try:
                with zipfile.ZipFile(upload) as archive:
                    unpacked = sum(member.file_size for member in archive.infolist())
            except zipfile.BadZipFile as error:
                raise forms.ValidationError("The file is not a readable XLSX workbook.") from error
            finally:
                upload.seek(0)
            if unpacked > unpacked_limit:
                raise forms.ValidationError(
                    f"The workbook unpacks to {unpacked / 1e6:.0f} MB; at most {unpacked_limit / 1e6:.0f} MB can be "
                    "imported. Remove unused sheets, formatting or rows, or split it.")
        return upload


class SpreadsheetMixin(ImportExportMixin):
    """CSV and XLSX export of what the editor sees, and import with a preview, validated row by row."""

    formats = [SafeCSV, SafeXLSX]
    import_form_class = LimitedImportForm

    def get_resource_kwargs(self, request, *args, **kwargs):
        return {**kwargs, "user": request.user}
