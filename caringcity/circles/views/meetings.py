"""Views of the meetings part (filled in by that part)."""

urlpatterns = []
