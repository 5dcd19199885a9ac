from django import forms
from django.utils.translation import gettext_lazy as _

from countries.models import Country


class FollowForm(forms.Form):
    email = forms.EmailField(label=_("Your email"), max_length=254)
    country = forms.CharField(label=_("Country"), required=False, max_length=2,
                              help_text=_("Empty: every change in the region."))
    # Left empty by people; filled by form-filling robots, whose requests are then dropped without a message sent.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def clean_country(self) -> Country | None:
        code = self.cleaned_data["country"].strip().upper()
        if not code:
            return None
        country = Country.objects.focus().filter(iso2=code).first()
        if country is None:
            raise forms.ValidationError(_("There is no country with the code %(code)s to follow.") % {"code": code})
        return country
