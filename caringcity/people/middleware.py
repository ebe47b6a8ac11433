"""Two-factor for organisers and admins."""

import re

from allauth.mfa.utils import is_mfa_enabled
from django.shortcuts import redirect
from django.urls import reverse

from caringcity.people.selectors import user_has_elevated_role


class RequireTwoFactorMiddleware:
    """Organisers and admins of any commons must set up an authenticator app before going on.

    allauth then asks for a code at every sign-in. Only the pages needed to set it up, sign out
    and change language stay open until then.
    """

    allowed_prefixes = ("/accounts/", "/static/", "/language/", "/media/", "/two-factor-needed/")
    # Public, read-only documents anyone may fetch signed in or not (the open directory's API).
    public_paths = re.compile(r"^/c/[^/]+/directory/oruk(/|$)")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(self.allowed_prefixes)
            and not self.public_paths.match(request.path)
            and needs_two_factor(user)
            and not is_mfa_enabled(user)
        ):
            return redirect(reverse("people:two_factor_required"))
        return self.get_response(request)


def needs_two_factor(user):
    return user.is_staff or user_has_elevated_role(user)
