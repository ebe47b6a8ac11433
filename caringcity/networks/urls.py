"""Each part of the app keeps its own url list next to its views. Pages live under
``/c/<commons>/networks/``; the public Open Referral UK API under ``/c/<commons>/directory/oruk/``."""

from caringcity.networks.views import analysis, caremaps, community, directory, exchange, places

app_name = "networks"

urlpatterns = [
    *community.urlpatterns,
    *caremaps.urlpatterns,
    *analysis.urlpatterns,
    *places.urlpatterns,
    *directory.urlpatterns,
    *exchange.urlpatterns,
]
