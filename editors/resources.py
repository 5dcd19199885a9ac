"""Spreadsheet import and export (CSV, XLSX) of an organisation's laws, thresholds, sanctions and assessments.

Rows are validated with the models' own rules; an editor's rows may only concern their countries, and what they change
goes through review like an edit in the admin.
"""

from django.core.exceptions import ValidationError
from import_export import fields, resources, widgets

from countries.formulae import restore
from countries.models import Assessment, Citation, Country, Indicator, IndicatorValue, country_code
from legislation.models import Alternative, Article, Law, Sanction, Substance, Threshold

from . import review

FACT_EXCLUDE = ("created_at", "updated_at", "source_row")


class CountryWidget(widgets.ForeignKeyWidget):
    def clean(self, value, row=None, **kwargs):
        return super().clean(country_code(value) if isinstance(value, str) else value, row, **kwargs)


class FactResource(resources.ModelResource):
    country = fields.Field(attribute="country", column_name="country", widget=CountryWidget(Country, "iso2"))
    citations = fields.Field(attribute="citations", column_name="citations",
                             widget=widgets.ManyToManyWidget(Citation, separator="|", field="pk"))

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user

    def import_data(self, dataset, **kwargs):
        """All or nothing: one invalid row and no row of the file is written."""
        kwargs.setdefault("rollback_on_validation_errors", True)
        kwargs.setdefault("use_transactions", True)
        return super().import_data(dataset, **kwargs)

    def before_import_row(self, row, **kwargs):
        # A file we exported carries text that looked like a formula with an apostrophe in front; take it off.
        for key in list(row.keys()):
            row[key] = restore(row[key])

    def get_queryset(self):
        queryset = super().get_queryset()
        return review.scope(queryset, self.user) if self.user is not None else queryset

    def import_instance(self, instance, row, **kwargs):
        super().import_instance(instance, row, **kwargs)
        if self.user is not None and instance.country_id and not review.can_edit(self.user, instance):
            raise ValidationError({"country": f"You may not change records of {instance.country.iso2}."})
        m2m = {field.attribute: field.clean(row) for field in self.get_import_fields()
               if field.attribute == "citations" and field.column_name in row}
        review.check_references(instance, m2m)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        m2m = {field.attribute: field.clean(row) for field in self.get_import_fields()
               if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row}
        if self.user is None:
            instance.save(force_insert=is_create)
            for name, values in m2m.items():
                getattr(instance, name).set(values)
        else:
            review.save(self.user, instance, m2m)
        self.after_save_instance(instance, row, **kwargs)

    def save_m2m(self, instance, row, **kwargs):
        """Many-to-many values are saved with the record in save_instance, so a change waiting for review keeps them."""

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        exclude = FACT_EXCLUDE


class LawResource(FactResource):
    class Meta(FactResource.Meta):
        model = Law
        exclude = FACT_EXCLUDE


class ThresholdResource(FactResource):
    substance = fields.Field(attribute="substance", column_name="substance",
                             widget=widgets.ForeignKeyWidget(Substance, "slug"))
    law = fields.Field(attribute="law", column_name="law", widget=widgets.ForeignKeyWidget(Law, "pk"))
    article = fields.Field(attribute="article", column_name="article", widget=widgets.ForeignKeyWidget(Article, "pk"))

    class Meta(FactResource.Meta):
        model = Threshold
        exclude = FACT_EXCLUDE


class SanctionResource(FactResource):
    substance = fields.Field(attribute="substance", column_name="substance",
                             widget=widgets.ForeignKeyWidget(Substance, "slug"))
    alternatives = fields.Field(attribute="alternatives", column_name="alternatives",
                                widget=widgets.ManyToManyWidget(Alternative, separator="|", field="slug"))

    class Meta(FactResource.Meta):
        model = Sanction
        exclude = FACT_EXCLUDE


class AssessmentResource(FactResource):
    indicator = fields.Field(attribute="indicator", column_name="indicator",
                             widget=widgets.ForeignKeyWidget(Indicator, "slug"))
    value = fields.Field(attribute="value", column_name="value", widget=widgets.ForeignKeyWidget(IndicatorValue, "pk"))

    class Meta(FactResource.Meta):
        model = Assessment
        exclude = FACT_EXCLUDE
