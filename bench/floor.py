"""The floor: a Django view that returns stored bytes, so a benchmark can tell what an endpoint costs above Django itself.

The benchmark fetches each endpoint once and writes its body and content type to BENCH_FLOOR_DIR as <name>.body and
<name>.type; each worker reads a file the first time it is asked for it.
"""

import os
from pathlib import Path

from django.http import Http404, HttpResponse

_stored: dict[str, tuple[bytes, str]] = {}


def stored(name: str) -> tuple[bytes, str] | None:
    if name not in _stored:
        folder = Path(os.environ.get("BENCH_FLOOR_DIR", ""))
        body, kind = folder / f"{name}.body", folder / f"{name}.type"
        if not body.is_file() or not kind.is_file():
            return None
        _stored[name] = body.read_bytes(), kind.read_text().strip()
    return _stored[name]


def floor(request, name: str) -> HttpResponse:
    found = stored(name)
    if found is None:
        raise Http404(name)
    body, content_type = found
    return HttpResponse(body, content_type=content_type)
