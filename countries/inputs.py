"""Query strings that no view should see: a NUL byte fails PostgreSQL's text parameters (SQLite takes it), so it is
refused with 400 before any view or stored answer, on either database."""

from django.http import HttpResponseBadRequest, JsonResponse


class RejectNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "%00" in query or "\x00" in query or any("\x00" in k or any("\x00" in v for v in vs)
                                                    for k, vs in request.GET.lists()):
            message = "Query parameters may not contain NUL characters."
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)
