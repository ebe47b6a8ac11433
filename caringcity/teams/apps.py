from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeamsConfig(AppConfig):
    name = "caringcity.teams"
    label = "teams"
    verbose_name = _("Care teams")

    def ready(self):
        from caringcity.teams import privacy_hooks  # noqa: F401
