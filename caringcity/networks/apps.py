from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "caringcity.networks"
    label = "networks"
    verbose_name = _("Networks of care")

    def ready(self):
        from caringcity.networks import hooks, rules  # noqa: F401
        # Each part's views register their tabs when imported; import them all at start-up so a
        # page never depends on which url was asked for first.
        from caringcity.networks.views import analysis, caremaps, community, directory, exchange, places  # noqa: F401
