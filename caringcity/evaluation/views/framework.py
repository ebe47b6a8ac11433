"""framework pages. See docs/evaluation-framework.md."""

urlpatterns = []
