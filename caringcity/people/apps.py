from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "caringcity.people"
    label = "people"
    verbose_name = _("People")

    def ready(self):
        from caringcity.people import profiles  # noqa: F401  (registers the profile privacy parts)
