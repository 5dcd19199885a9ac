from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from countries.clientip import client_ip
from countries.models import Country, reads_russian

from . import services
from .forms import FollowForm


def _language() -> str:
    return "ru" if reads_russian() else "en"


def _over_rate(request) -> bool:
    """At most ALERTS_FOLLOWS_PER_HOUR follow requests per client address."""
    key = f"alerts:follow:{client_ip(request)}"
    cache.add(key, 0, 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, 3600)
        count = 1
    return count > settings.ALERTS_FOLLOWS_PER_HOUR


# The form sits on pages that are stored and served to every visitor, so it carries no CSRF token. Nothing here acts
# for a logged-in user: a forged request can only ask for a confirmation message, which anyone can do anyway, and
# nothing more is sent until the address's owner confirms.
@csrf_exempt
@require_http_methods(["GET", "POST"])
def follow(request):
    countries = Country.objects.focus()
    if request.method == "GET":
        form = FollowForm(initial={"country": request.GET.get("country", "").upper()[:2]})
        return render(request, "alerts/follow.html", {"form": form, "countries": countries})
    form = FollowForm(request.POST)
    if not form.is_valid():
        return render(request, "alerts/follow.html", {"form": form, "countries": countries}, status=400)
    if _over_rate(request):
        form.add_error(None, _("Too many requests from your address; try again in an hour."))
        return render(request, "alerts/follow.html", {"form": form, "countries": countries}, status=429)
    country = form.cleaned_data["country"]
    if not form.cleaned_data["website"]:
        services.follow(email=form.cleaned_data["email"], country=country, language=_language())
    # The same answer whatever happened, so the page tells no one whether an address already follows.
    return render(request, "alerts/follow_sent.html", {"email": form.cleaned_data["email"], "country": country})


@require_http_methods(["GET", "POST"])
def confirm(request, token: str):
    """The link shows a button: mail scanners that open every link must not confirm on the reader's behalf."""
    try:
        subscription = services.subscription_for_confirmation(token)
    except services.LinkError as error:
        return render(request, "alerts/link_error.html", {"message": str(error)}, status=400)
    if request.method == "POST":
        services.confirm(subscription)
    return render(request, "alerts/confirm.html", {
        "subscription": subscription,
        "unsubscribe_url": services.unsubscribe_url(subscription.email, _language()),
    })


@csrf_exempt  # RFC 8058: mail programs POST to the List-Unsubscribe address with no cookie or token
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token: str):
    """The link shows a button and only a POST unsubscribes: mail scanners that open every link in a message must
    not unsubscribe the reader. Mail programs' one click (RFC 8058) is a POST to the same address."""
    try:
        email = services.email_for_unsubscribe(token)
    except services.LinkError as error:
        return render(request, "alerts/link_error.html", {"message": str(error)}, status=400)
    if request.method != "POST":
        return render(request, "alerts/unsubscribe.html", {"email": email})
    count = services.unsubscribe(email=email)
    return render(request, "alerts/unsubscribed.html", {"email": email, "count": count})
