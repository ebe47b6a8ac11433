from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "caringcity.visits"
    label = "visits"
    verbose_name = _("Rota and care records")

    def ready(self):
        from caringcity.visits import hooks  # noqa: F401
