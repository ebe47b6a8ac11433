"""Each part of the app keeps its own url list next to its views. Members' pages live under
``/c/<commons>/lab/``; the public pages (no sign-in) under ``/lab/<commons>/``."""

from caringcity.lab.views import events, home, partnerships, plans, public, tracking

app_name = "lab"

urlpatterns = [
    *home.urlpatterns,
    *public.urlpatterns,
    *plans.urlpatterns,
    *tracking.urlpatterns,
    *partnerships.urlpatterns,
    *events.urlpatterns,
]
