"""results pages. See docs/evaluation-results.md."""

urlpatterns = []
