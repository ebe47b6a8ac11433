"""Views of the everyday part (filled in by that part)."""

urlpatterns = []
