"""Views of the structure part (filled in by that part)."""

urlpatterns = []
