from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from .corrections import FACT_KINDS, token_error


class CorrectionForm(forms.Form):
    """What a reader says is wrong with a fact, the correct value and a source for it."""

    field = forms.ChoiceField(label=_("Which part is wrong?"), required=False)
    problem = forms.CharField(
        label=_("What is wrong?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For example: the threshold was changed by a 2024 amendment."),
    )
    proposed_value = forms.CharField(
        label=_("The correct value"), max_length=500,
        help_text=_("As the source states it, e.g. “0.5 g”, “administrative”, “2024-03-01”."),
    )
    source = forms.CharField(
        label=_("Source"), max_length=1000,
        help_text=_("A link, or a document reference such as the act, its number, article and date."),
    )
    email = forms.EmailField(
        label=_("Your email (optional)"), required=False,
        help_text=_("Only to tell you whether the correction was accepted; never shown or shared."),
    )
    # Never shown to people (hidden by the style sheet and from screen readers): programs that fill every field do.
    homepage = forms.CharField(label=_("Leave this empty"), required=False)
    opened = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [*FACT_KINDS[kind].fields, ("", _("something else"))]
        self.fields["homepage"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    def clean_source(self):
        source = self.cleaned_data["source"].strip()
        if source.lower().startswith(("http://", "https://", "www.")):
            try:
                URLValidator()(source if not source.lower().startswith("www.") else f"https://{source}")
            except forms.ValidationError:
                raise forms.ValidationError(_("This link is not a valid web address.")) from None
        elif len(source) < 5:
            raise forms.ValidationError(
                _("Give a link, or name the document well enough to find it (act, number, article, date)."))
        return source

    def clean(self):
        data = super().clean()
        if data.get("homepage"):
            raise forms.ValidationError(_("The field “Leave this empty” must be left empty. Nothing was sent."))
        error = token_error(data.get("opened", ""))
        if error:
            raise forms.ValidationError(error)
        return data
