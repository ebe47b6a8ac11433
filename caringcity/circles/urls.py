"""Each part of the app keeps its own url list next to its views."""

from caringcity.circles.views import decisions, everyday, meetings, proposals, structure

app_name = "circles"

urlpatterns = [
    *structure.urlpatterns,
    *proposals.urlpatterns,
    *decisions.urlpatterns,
    *everyday.urlpatterns,
    *meetings.urlpatterns,
]
