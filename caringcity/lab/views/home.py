"""The members' landing page of the lab. Each part adds what it has as a section of the page
"home" (plans and their progress, reviews coming up, decisions waiting for a sign-off, the next
events)."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from django.utils.translation import gettext_lazy

from caringcity.lab.views.base import L, member_commons, page_sections, register_tab, render_lab

register_tab(0, gettext_lazy("Overview"), "home")


@login_required
def home(request, slug):
    commons = member_commons(request, slug)
    return render_lab(request, "lab/home.html", commons, {"sections": page_sections("home", request, commons, None)})


urlpatterns = [path(L, home, name="home")]
