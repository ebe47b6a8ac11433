from django.conf import settings


def caringcity(request):
    return {
        "LANGUAGES": settings.LANGUAGES,
        "current_commons": getattr(request, "commons", None),
        "current_membership": getattr(request, "membership", None),
    }
