"""Demo framework: Clapton's theory of change in two versions made from the starter framework.
Version 1 (retired) is the starter as the organisers first adopted it; version 2 (in use) is what
the Clapton circle, team owners and volunteers changed at a workshop. ``ctx["framework"]`` is the
version in use. Safe to run twice: it builds only what is missing."""

from caringcity.evaluation.models import Framework, FrameworkStatus, Method, Outcome
from caringcity.evaluation.services import framework as services

WHO_1 = "Kemal and Amara (organisers), from the starter framework, with the Clapton circle at its first meeting."
WHAT_1 = "Our first framework: the starter framework that comes with Caring City, as it is."
WHO_2 = "The Clapton circle, three team owners (one on paper, with his daughter), four volunteers and two care workers, at the spring workshop."
WHAT_2 = ("Team owners asked us to ask about feeling useful, not only about being helped: we added an outcome for that. "
          "We also put our neighbourhood care map beside the loneliness questions.")


def build(ctx):
    commons = ctx["commons"]["clapton"]
    actor = ctx["people"]["organiser"].user
    # the instruments part's demo runs after this one; the starter needs its climate survey now
    from caringcity.evaluation.services.instruments import starter_climate_ensure

    starter_climate_ensure(actor=actor, commons=commons)
    name = services.starter_data()["name"]
    versions = {f.version: f for f in Framework.objects.filter(commons=commons, name=name)}
    first = versions.get(1)
    if first is None:
        draft = Framework.objects.filter(commons=commons, status=FrameworkStatus.DRAFT).first()
        if draft is not None:  # someone left a draft: the demo's versions come first
            services.framework_remove(actor=actor, framework=draft)
        first = services.framework_from_starter(actor=actor, commons=commons)
        services.framework_change(actor=actor, framework=first, name=name, what_changed=WHAT_1, who_shaped_it=WHO_1)
        services.framework_put_in_use(actor=actor, framework=first)
    second = versions.get(2)
    if second is None:
        first.refresh_from_db()
        second = services.framework_copy(actor=actor, framework=first, what_changed=WHAT_2, who_shaped_it=WHO_2)
        _workshop_changes(actor, second)
        services.framework_put_in_use(actor=actor, framework=second)
    elif second.status == FrameworkStatus.DRAFT:
        services.framework_put_in_use(actor=actor, framework=second)
    second.refresh_from_db()
    ctx["framework"] = second


def _workshop_changes(actor, framework):
    """What the spring workshop changed: a new outcome with its indicators."""
    tree = services.selectors.framework_tree(framework)
    belonging = tree.domains[1]
    leads = [o for o in tree.outputs if o.name in ("Roles (hats) shared in each team", "Workshops and gatherings where everyone has a say")]
    outcome = services.element_add(
        actor=actor, framework=framework, kind="outcome", parent=belonging, outputs=leads,
        data={"name": "People feel useful, not only helped",
              "description": "Team owners give as well as get: they hold a hat, share what they know, or help someone else."})
    services.element_add(actor=actor, framework=framework, kind="indicator", parent=outcome, data={
        "name": "Hats held by team owners and their families", "method": Method.METRIC, "measure_key": "shared_hats",
        "description": "The share of team roles held by someone other than the person who started the team.", "target": "Going up"})
    services.element_add(actor=actor, framework=framework, kind="indicator", parent=outcome, data={
        "name": "What team owners tell us", "method": Method.INTERVIEWS,
        "description": "In the yearly conversations, team owners say what they gave as well as what they got.",
        "target": "Most team owners name something they gave"})
    # the loneliness outcome moves up, to come first in its domain
    lonely = Outcome.objects.get(domain=belonging, name="People feel less alone")
    services.element_move(actor=actor, element=lonely, kind="outcome", up=True)
