"""indicators pages. See docs/evaluation-indicators.md."""

urlpatterns = []
