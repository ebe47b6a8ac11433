"""reports pages. See docs/evaluation-reports.md."""

urlpatterns = []
