from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    name = "caringcity.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")

    def ready(self):
        from caringcity.evaluation import hooks, rules  # noqa: F401
        # Each part's views register their tabs when imported; import them all at start-up.
        from caringcity.evaluation.views import framework, home, indicators, instruments, reports, results, surveys  # noqa: F401
