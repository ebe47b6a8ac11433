"""surveys pages. See docs/evaluation-surveys.md."""

urlpatterns = []
