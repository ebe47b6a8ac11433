"""Each part of the app keeps its own url list next to its views. Pages live under
``/c/<commons>/stories/``; the private review link under ``/stories/review/<token>/``."""

from caringcity.stories.views import coding, home, interviews, summaries, transcripts

app_name = "stories"

urlpatterns = [
    *home.urlpatterns,
    *interviews.urlpatterns,
    *transcripts.urlpatterns,
    *summaries.urlpatterns,
    *coding.urlpatterns,
]
