"""Pages that belong to no domain: language, account overview, about, glossary, errors."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from caringcity.core.services import user_set_language


@require_POST
def set_language(request):
    """Change the interface language; remembered on the person's login (so on every device) and
    in a cookie for people who are not signed in."""
    code = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if code in dict(settings.LANGUAGES):
        translation.activate(code)
        if request.user.is_authenticated:
            user_set_language(user=request.user, language=code)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=365 * 24 * 3600, samesite="Lax",
            secure=settings.LANGUAGE_COOKIE_SECURE if hasattr(settings, "LANGUAGE_COOKIE_SECURE") else False,
        )
    return response


@login_required
def account(request):
    return render(request, "core/account.html")


def about(request):
    return render(request, "core/about.html")


def glossary(request):
    return render(request, "core/glossary.html")


def error_404(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_500(request):
    return render(request, "errors/500.html", status=500)


def error_403(request, exception=None):
    return render(request, "errors/404.html", status=404)


def error_400(request, exception=None):
    return render(request, "errors/400.html", status=400)
