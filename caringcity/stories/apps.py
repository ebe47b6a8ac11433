from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    name = "caringcity.stories"
    label = "stories"
    verbose_name = _("Stories")

    def ready(self):
        from caringcity.stories import hooks, rules  # noqa: F401
        # Each part's views register their tabs when imported; import them all at start-up.
        from caringcity.stories.views import coding, home, interviews, summaries, transcripts  # noqa: F401
