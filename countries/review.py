"""The review every write through the API passes: installed by the editing app when it starts.

The API's write views live with the records they write (core and content apps), while who may change what, and how a
change waits for a moderator, belongs to the editing app above them. The editing app installs its review here, so
nothing below it imports it.
"""

from django.core.exceptions import ImproperlyConfigured

_installed = None


def install(review) -> None:
    """`review` offers editable_country_ids, can_edit, scope, save and delete (see editors.review)."""
    global _installed
    _installed = review


def __getattr__(name):
    if _installed is None:
        raise ImproperlyConfigured("No review is installed: add the editors app to INSTALLED_APPS.")
    return getattr(_installed, name)
