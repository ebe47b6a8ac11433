"""The landing page of "How we're doing". Each part adds what it has for this person as a section
of the page "home" (``register_section("home", order, template, context_fn)``): surveys waiting
for them, results just shared with them, figures at a glance, reports."""

from django.contrib.auth.decorators import login_required
from django.urls import path

from caringcity.evaluation.views.base import E, member_commons, page_sections, register_tab, render_evaluation
from django.utils.translation import gettext_lazy

register_tab(0, gettext_lazy("Overview"), "home")


@login_required
def home(request, slug):
    commons = member_commons(request, slug)
    return render_evaluation(request, "evaluation/home.html", commons,
                             {"sections": page_sections("home", request, commons, None)})


urlpatterns = [path(E, home, name="home")]
