from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "caringcity.lab"
    label = "lab"
    verbose_name = _("Co-production lab")

    def ready(self):
        from caringcity.lab import hooks, rules  # noqa: F401
        # Each part's views register their tabs when imported; import them all at start-up.
        from caringcity.lab.views import events, home, partnerships, plans, public, tracking  # noqa: F401
