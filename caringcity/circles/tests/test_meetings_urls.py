"""The meetings pages link to pages other parts of the circles app serve (the circle, the circle
list, a proposal, a decision). Built apart, those url names may be missing; then the meetings
tests use this urlconf: the site's own, with a plain placeholder page for each missing name.
Once the parts are together nothing is missing and the site's urlconf is used as it is.

(A urlconf, not tests: the fixture ``other_parts_urls`` is used by the meetings tests.)"""

import pytest
from django.http import HttpResponse
from django.urls import include, path

from caringcity.circles import urls as circles_urls

OTHER_PARTS = {
    "circle_list": "c/<slug:slug>/circles/",
    "circle_detail": "c/<slug:slug>/circles/<uuid:circle_uuid>/",
    "logbook": "c/<slug:slug>/circles/<uuid:circle_uuid>/logbook/",
    "proposal_detail": "c/<slug:slug>/circles/proposals/<uuid:proposal_uuid>/",
    "decision_detail": "c/<slug:slug>/circles/decisions/<uuid:decision_uuid>/",
}


def _placeholder(request, **kwargs):
    return HttpResponse("A page another part of the circles app serves.")


def missing_names():
    have = {p.name for p in circles_urls.urlpatterns}
    return [name for name in OTHER_PARTS if name not in have]


def _site_patterns():
    from config import urls as site

    return [p for p in site.urlpatterns if getattr(p, "urlconf_name", None) is not circles_urls]


placeholders = [path(OTHER_PARTS[name], _placeholder, name=name) for name in missing_names()]
urlpatterns = [
    *_site_patterns(),
    path("", include((circles_urls.urlpatterns + placeholders, "circles"))),
]


@pytest.fixture(autouse=True)
def other_parts_urls(settings):
    if missing_names():
        settings.ROOT_URLCONF = __name__
