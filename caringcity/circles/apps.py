from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CirclesConfig(AppConfig):
    name = "caringcity.circles"
    label = "circles"
    verbose_name = _("Circles and decisions")

    def ready(self):
        from caringcity.circles import hooks, rules  # noqa: F401
