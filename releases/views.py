import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from countries.http import data_conditional
from countries.models import reads_russian

from .models import Release
from .schema import TABLES_BY_NAME
from .selectors import release_summary
from .services import LICENCE_URL, TITLE_EN, TITLE_RU, release_file

# Text files open in the browser as text; the rest download under their own names.
TEXT_FILES = {".md", ".cff", ".txt", ".csv"}


@data_conditional
def data(request):
    releases = list(Release.objects.order_by("-number"))
    request._latest_release = release_summary(releases[0] if releases else None) or None
    russian = reads_russian()
    for release in releases:
        release.change_rows = [
            (TABLES_BY_NAME[name].ru if russian else TABLES_BY_NAME[name].en, counts)
            for name, counts in release.changelog.get("tables", {}).items() if name in TABLES_BY_NAME
        ]
    newest = releases[0] if releases else None
    cite = None
    if newest is not None:
        url = request.build_absolute_uri(reverse("release-file", args=[newest.number, newest.zip_name]))
        cite = _("PolicyHub (%(year)s). %(title)s, data release %(number)s [data set], %(date)s. CC BY 4.0. %(url)s") % {
            "year": newest.date.year, "title": TITLE_RU if russian else TITLE_EN, "number": newest.number,
            "date": newest.date.isoformat(), "url": url,
        }
    return render(request, "releases/data.html", {
        "releases": releases, "cite": cite, "licence_url": LICENCE_URL + ("deed.ru" if russian else ""),
    })


def release_download(request, number: int, name: str):
    """A file of a release, from media storage."""
    release = get_object_or_404(Release, number=number)
    handle = release_file(release, name)
    if handle is None:
        raise Http404(_("Release %(number)s has no file %(name)s.") % {"number": number, "name": name})
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix in TEXT_FILES:
        content_type = "text/plain; charset=utf-8" if suffix != ".csv" else "text/csv; charset=utf-8"
        response = FileResponse(handle, content_type=content_type)
    else:
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        response = FileResponse(handle, content_type=content_type, as_attachment=suffix == ".zip",
                                filename=name.rsplit("/", 1)[-1])
    # A release never changes: its files may be kept for good.
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response
