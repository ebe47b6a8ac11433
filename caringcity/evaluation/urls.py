"""Each part of the app keeps its own url list next to its views. Pages live under
``/c/<commons>/evaluation/``."""

from caringcity.evaluation.views import framework, home, indicators, instruments, reports, results, surveys

app_name = "evaluation"

urlpatterns = [
    *home.urlpatterns,
    *surveys.urlpatterns,
    *framework.urlpatterns,
    *instruments.urlpatterns,
    *indicators.urlpatterns,
    *results.urlpatterns,
    *reports.urlpatterns,
]
