"""instruments pages. See docs/evaluation-instruments.md."""

urlpatterns = []
