"""URLconf for the decisions tests while this part is built on its own.

Pages inside a circle link (breadcrumbs) to the structure part's ``circles:circle_list`` and
``circles:circle_detail``. Until the parts are merged those names do not exist, so this adds plain
placeholders for them, and only for names the circles urls do not have: once the structure part
is merged it adds nothing and the project's own urls answer."""

from django.http import HttpResponse
from django.urls import include, path

from caringcity.circles import urls as circles
from config import urls as project

handler400, handler403, handler404, handler500 = project.handler400, project.handler403, project.handler404, project.handler500


def _placeholder(request, **kwargs):
    return HttpResponse("Circles (the structure part's page)")


_names = {getattr(p, "name", None) for p in circles.urlpatterns}
_missing = [
    path("c/<slug:slug>/circles/", _placeholder, name="circle_list"),
    path("c/<slug:slug>/circles/<uuid:circle_uuid>/", _placeholder, name="circle_detail"),
]
_extra = [p for p in _missing if p.name not in _names]

urlpatterns = [p for p in project.urlpatterns if getattr(p, "namespace", None) != "circles"]
urlpatterns.append(path("", include((circles.urlpatterns + _extra, "circles"))))
