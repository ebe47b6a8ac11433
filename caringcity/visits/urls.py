"""Each part of the app keeps its own url list next to its views."""

from caringcity.visits.views import concerns, feeds, logs, medication, notes, rota

app_name = "visits"

urlpatterns = [
    *rota.urlpatterns,
    *feeds.urlpatterns,
    *logs.urlpatterns,
    *medication.urlpatterns,
    *notes.urlpatterns,
    *concerns.urlpatterns,
]
