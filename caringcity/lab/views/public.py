"""The public landing page of a commons' lab, open to anyone without signing in. Each part adds
what it has as a section of the page "public_home" and its own public pages in its own views
module (registering a link on the public bar with ``register_public_tab``)."""

from django.urls import path
from django.utils.translation import gettext_lazy

from caringcity.lab.selectors.glossary import terms_for
from caringcity.lab.views.base import PUBLIC, page_sections, public_commons, register_public_tab, render_public

register_public_tab(0, gettext_lazy("About"), "public_home")


def public_home(request, slug):
    commons = public_commons(slug)
    return render_public(request, "lab/public/home.html", commons,
                         {"sections": page_sections("public_home", request, commons, None)})


register_public_tab(90, gettext_lazy("Words we use"), "public_glossary")


def public_glossary(request, slug):
    """Every glossary word with its plain meaning; other pages link to an entry by its anchor."""
    commons = public_commons(slug)
    return render_public(request, "lab/public/glossary.html", commons, {"terms": terms_for(commons)})


urlpatterns = [
    path(PUBLIC, public_home, name="public_home"),
    path(PUBLIC + "words/", public_glossary, name="public_glossary"),
]
