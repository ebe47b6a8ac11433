"""Views of the decisions part (filled in by that part)."""

urlpatterns = []
