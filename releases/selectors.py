from django.core.cache import cache

from countries.http import data_version

from .models import Release

LATEST_SECONDS = 3600


def latest_release(*, request) -> dict | None:
    """The newest release's number, date and zip name, for the footer of every page.

    Kept in the cache per data version (cutting a release bumps it), so a page pays a query only for the first
    render after a change; a view that has read the releases already leaves the answer on the request.
    """
    if hasattr(request, "_latest_release"):
        return request._latest_release
    key = f"releases:latest:{data_version(request).version}"
    found = cache.get(key)
    if found is None:
        release = Release.objects.order_by("-number").only("number", "date").first()
        found = release_summary(release)
        cache.set(key, found, LATEST_SECONDS)
    request._latest_release = found or None
    return request._latest_release


def release_summary(release: Release | None) -> dict:
    if release is None:
        return {}
    return {"number": release.number, "date": release.date, "zip": release.zip_name}
