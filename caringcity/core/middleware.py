"""Request id and the person's own language."""

import contextvars
import uuid

from django.conf import settings
from django.utils import translation

_request_id = contextvars.ContextVar("request_id", default="")


def current_request_id():
    return _request_id.get()


class RequestIdMiddleware:
    """Gives each request an id (or keeps a well-formed one from the proxy) for logs and audit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        rid = incoming if incoming.isalnum() and 8 <= len(incoming) <= 64 else uuid.uuid4().hex
        request.request_id = rid
        token = _request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class UserLanguageMiddleware:
    """A signed-in person's chosen language wins over the browser's, on every device."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in self.codes:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)
