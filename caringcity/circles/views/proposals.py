"""Views of the proposals part (filled in by that part)."""

urlpatterns = []
