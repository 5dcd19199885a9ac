"""The Jinja2 environment for the country profile page.

The profile is the largest page PolicyHub renders: some 1,400 template nodes, most of them in loops over facts. Django's
template language spends most of a cache miss walking them; Jinja2 compiles the page to Python once. The page's
surroundings (base.html) and every other page stay in Django templates; the profile's helpers are the same functions
the Django templates use, so each exists once.
"""

from functools import lru_cache

from django.template.defaultfilters import capfirst, date
from django.template.loader import get_template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment, Undefined, pass_context

from countries.models import current_language
from opendata.templatetags import opendata
from profiles.templatetags import policyhub
from recommendations.templatetags import progress

# Template functions an app above this one lends the page (editors: the "report a correction" link); see install().
HELPERS: dict = {}


def install(**helpers) -> None:
    """Called from an app's ready(): makes a function of that app available to the profile template by name."""
    HELPERS.update(helpers)


def url(name: str, *args) -> str:
    return reverse(name, args=args)


def django_include(name: str, **context) -> str:
    """A Django template partial other pages share, rendered inside the profile (the what-if answer, the follow form,
    a disagreement between government and civil society)."""
    return get_template(name, using="django").render(context)


@pass_context
def region_map(context, fills: dict, **options):
    return policyhub.region_map(context, fills, **options)


@pass_context
def export_links(context, table: str = "", label: str = ""):
    return opendata.export_links(context, table, label)


def per_language(function):
    """A translation function answering each message once per language and process: the page asks for the same few
    hundred strings on every render, and each look-up through Django's catalogues costs more than the string."""

    @lru_cache(maxsize=4096)
    def translate(language, *args):
        return function(*args)

    def lookup(*args):
        return translate(current_language(), *args)

    return lookup


def environment(**options) -> Environment:
    # Undefined renders as nothing in development and production alike, as a Django template does.
    options["undefined"] = Undefined
    env = Environment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(
        per_language(gettext), per_language(ngettext), newstyle=True,
        pgettext=per_language(pgettext), npgettext=per_language(npgettext),
    )
    env.globals.update(
        url=url, django_include=django_include, region_map=region_map, export_links=export_links,
        refs=policyhub.refs, grade_badge=policyhub.grade_badge, swatch=policyhub.swatch,
        jsonld_script=opendata.jsonld_script, recommendation_ref=progress.recommendation_ref, **HELPERS,
    )
    env.filters.update(
        date=date, capfirst=capfirst, localize=localize, label_at=policyhub.label_at,
        quote_rendering=policyhub.quote_rendering, status_colour=progress.status_colour,
    )
    return env
