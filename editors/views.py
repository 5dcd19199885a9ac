from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from . import corrections
from .forms import CorrectionForm


def report_correction(request, kind: str, pk: int):
    """The form a reader sends to say a published fact is wrong."""
    fact = corrections.published_fact(kind=kind, pk=pk)
    status = 200
    if request.method == "POST":
        form = CorrectionForm(request.POST, kind=kind)
        if not corrections.within_rate(request):
            status = 429
            form.add_error(None, _("This address has sent many reports in the last hour. Please try again later."))
        elif form.is_valid():
            corrections.report(fact=fact, language=request.LANGUAGE_CODE, **{
                name: form.cleaned_data[name] for name in ("field", "problem", "proposed_value", "source", "email")
            })
            return redirect(reverse("correction-sent") + f"?country={fact.country.iso2.lower()}")
        else:
            status = 400
    else:
        form = CorrectionForm(kind=kind)
    return render(request, "editors/correction_form.html", {
        "form": form, "fact": fact, "fact_text": corrections.describe(fact), "country": fact.country,
        "kind_name": corrections.FACT_KINDS[kind].name,
        "opened": corrections.token_for_retry(request.POST.get("opened", "")) if request.method == "POST"
        else corrections.opened_token(),
    }, status=status)


def correction_sent(request):
    code = request.GET.get("country", "")[:2]
    return render(request, "editors/correction_sent.html", {"country_code": code if code.isalpha() else ""})
