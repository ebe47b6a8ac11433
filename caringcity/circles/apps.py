from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "caringcity.circles"
    label = "circles"
    verbose_name = _("Circles and decisions")

    def ready(self):
        from caringcity.circles import hooks, rules  # noqa: F401
        # Each part's views register its tabs and logbook sections when imported; import them all
        # at start-up so a page never depends on which url was asked for first.
        from caringcity.circles.views import decisions, everyday, meetings, proposals, structure  # noqa: F401
