from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose otherwise (language cookie set by the switcher).

    A browser's Accept-Language is ignored on purpose: a commune laptop with an English browser
    must still show the platform in Vietnamese, the official language of the documents.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class InputHygieneMiddleware:
    """Issue 19 (ASVS V5): one refusal for every page and endpoint, before any view runs.

    A NUL or another control character in the path, the query string, a form field or a JSON
    string, a query value longer than ``QUERY_MAX_CHARS`` or a field longer than
    ``DANCHU_MAX_FIELD_CHARS`` is answered 400 with a Vietnamese message (a page, or
    ``{"detail": …}`` under /api/), so such text never reaches a form, a query or the database.
    Per-field limits (names, codes) are the forms' and serializers' own ``max_length``.
    """

    QUERY_MAX_CHARS = 10_000

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        problem = self.problem(request)
        if problem is not None:
            return bad_request(request, problem)
        return self.get_response(request)

    def problem(self, request: HttpRequest) -> str | None:
        from django.conf import settings

        from danchu.core.text import refusal

        field_max = int(getattr(settings, "DANCHU_MAX_FIELD_CHARS", 200_000))
        if found := refusal(request.path, max_length=self.QUERY_MAX_CHARS, multiline=False):
            return found
        for key, values in request.GET.lists():
            for value in [key, *values]:
                if found := refusal(value, max_length=self.QUERY_MAX_CHARS, multiline=False):
                    return found
        if request.method not in {"POST", "PUT", "PATCH", "DELETE"}:
            return None
        content_type = request.content_type or ""
        if content_type in {"application/x-www-form-urlencoded", "multipart/form-data"}:
            try:
                fields = request.POST
            except Exception:  # a malformed body is the view's 400, not ours
                return None
            for key, values in fields.lists():
                for value in [key, *values]:
                    if found := refusal(value, max_length=field_max):
                        return found
        elif content_type.endswith("json"):
            return _json_problem(request, field_max)
        return None


def _json_problem(request: HttpRequest, field_max: int) -> str | None:
    import json

    from danchu.core.text import refusal

    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return None  # the parser answers 400 itself
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if found := refusal(item, max_length=field_max):
                return found
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return None


def bad_request(request: HttpRequest, message: str) -> HttpResponse:
    """A 400 answer in Vietnamese: JSON under /api/, the error page elsewhere."""
    from django.http import JsonResponse
    from django.template.loader import render_to_string

    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": message}, status=400, json_dumps_params={"ensure_ascii": False}
        )
    html = render_to_string("400.html", {"message": message})
    return HttpResponse(html, status=400)


class SecurityHeadersMiddleware:
    """Issue 19 (ASVS V14.4): Content-Security-Policy and Permissions-Policy on every answer.

    The policy allows no inline script: pages use only files under /static/ (behaviour is wired
    by ``danchu/web/static/danchu/app.js`` from ``data-`` attributes). Inline ``style=""``
    attributes are allowed (``style-src-attr``), never ``<style>`` elements or scripts.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        if policy := getattr(settings, "CONTENT_SECURITY_POLICY", ""):
            response.headers.setdefault("Content-Security-Policy", policy)
        if permissions := getattr(settings, "PERMISSIONS_POLICY", ""):
            response.headers.setdefault("Permissions-Policy", permissions)
        return response
