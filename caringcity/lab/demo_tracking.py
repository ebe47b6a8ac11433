"""Demo lab, tracking part (fills in ctx["lab"]): where three policies of the recovery plan are
pursued, with dated updates and evidence, and the Clapton care pilot as a demonstration project.

Runs after the plans part (``ctx["lab"]["policies"]`` with "care_hubs", "partnerships" and
"coproduction"); without it there is nothing to track and it does nothing. Safe to run twice."""

import datetime

from django.core.files.base import ContentFile
from django.utils import timezone

# A tiny valid PDF standing in for the council's minutes.
MINUTES_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
               b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _target(policy, name, kind, **fields):
    from caringcity.lab.models import Target

    target, _ = Target.objects.update_or_create(policy=policy, name=name, defaults={"kind": kind, **fields})
    return target


def _update(target, on, status, summary, progress=None, by=None, evidence=()):
    from caringcity.lab.models import Evidence, StatusUpdate

    update, _ = StatusUpdate.objects.update_or_create(target=target, on=on, status=status,
                                                      defaults={"summary": summary, "progress": progress, "by": by})
    for item in evidence:
        item = dict(item)
        content = item.pop("content", None)
        evidence_row, made = Evidence.objects.get_or_create(update=update, kind=item["kind"], title=item.get("title", ""),
                                                           ref=item.get("ref", {}), defaults={"url": item.get("url", "")})
        if content and not evidence_row.file:
            evidence_row.file.save("evidence.pdf", ContentFile(content), save=True)
    return update


def _clapton_decision(ctx):
    """A decision of a Clapton circle anyone in Clapton may read (the first in force, not confidential)."""
    from caringcity.circles.selectors.decisions import latest_versions

    clapton = ctx.get("commons", {}).get("clapton")
    if clapton is None:
        return None
    version = (latest_versions().filter(decision__circle__commons=clapton, decision__circle__team__isnull=True, confidential=False)
               .select_related("decision").order_by("decision__number").first())
    return version.decision if version else None


def build(ctx):
    from caringcity.lab.models import Activity, DemoProject, Status, TargetKind
    from caringcity.lab.services.tracking import _follow_latest

    lab = ctx.get("lab") or {}
    if "policies" not in lab:
        return  # the plans part makes the policies; without them there is nothing to track
    network, groups, people, policies = lab["commons"], lab["groups"], lab["people"], lab["policies"]
    today = timezone.localdate()
    kemal, rosa = people.get("organiser"), people.get("member")
    clapton = ctx.get("commons", {}).get("clapton")
    report = ctx.get("report")
    decision = _clapton_decision(ctx)

    care_hubs, partnerships, coproduction = policies["care_hubs"], policies["partnerships"], policies["coproduction"]
    london = _target(care_hubs, "The London Plan (next full review)", TargetKind.LONDON_PLAN,
                     lead_person=kemal, lead_group=groups["clapton_commons"], next_review=today + datetime.timedelta(days=90))
    _update(london, datetime.date(2024, 11, 12), Status.RAISED, "We asked the Mayor's planning team to name community-led care hubs "
            "as social infrastructure in the next London Plan.", progress=10, by=kemal,
            evidence=[{"kind": "link", "title": "Our response to the London Plan consultation",
                       "url": "https://www.london.gov.uk/programmes-strategies/planning/london-plan"}])
    _update(london, datetime.date(2025, 6, 3), Status.CONSIDERING, "The planning team met us and said care hubs will be looked at "
            "in the review of the social infrastructure policy.", progress=25, by=kemal)

    hackney = _target(care_hubs, "Hackney Local Plan 2033", TargetKind.LOCAL_PLAN, institution=groups["council"],
                      lead_person=rosa, lead_group=groups["clapton_commons"], next_review=today + datetime.timedelta(days=10))
    raised_evidence = [{"kind": "link", "title": "Notes of the Clapton care hub workshop", "url": "https://example.org/clapton-workshop-notes"}]
    if decision is not None:
        raised_evidence.append({"kind": "circle_decision", "ref": {"commons": clapton.slug, "decision": str(decision.uuid)}})
    _update(hackney, datetime.date(2023, 3, 18), Status.RAISED, "Clapton neighbours asked for a care hub at the community "
            "workshop, and took it to the council's local plan consultation.", progress=10, by=rosa, evidence=raised_evidence)
    _update(hackney, datetime.date(2024, 1, 22), Status.CONSIDERING, "The council's planners asked for evidence that a care hub "
            "works. The care pilot is gathering it.", progress=30, by=rosa)
    adopted_evidence = [{"kind": "document", "title": "Planning committee minutes, 9 September 2025", "content": MINUTES_PDF}]
    if report is not None:
        adopted_evidence.append({"kind": "evaluation_report", "ref": {"commons": report.commons.slug, "report": str(report.uuid)}})
    _update(hackney, datetime.date(2025, 9, 9), Status.PARTLY_ADOPTED, "The local plan now names community care hubs as social "
            "infrastructure. Money to run them is not in it yet.", progress=60, by=kemal, evidence=adopted_evidence)

    commissioning = _target(partnerships, "Hackney adult social care commissioning", TargetKind.COMMISSIONING,
                            institution=groups["council"], lead_person=kemal, lead_group=groups["university"],
                            next_review=today - datetime.timedelta(days=5))
    _update(commissioning, datetime.date(2025, 2, 14), Status.RAISED, "We shared the service specification from the care pilot "
            "with the council's commissioners.", progress=10, by=kemal)

    nel = _target(coproduction, "North East London health inequalities strategy", TargetKind.HEALTH_STRATEGY,
                  institution=groups["health"], lead_group=groups["tenants"], next_review=today + datetime.timedelta(days=180))
    _update(nel, datetime.date(2024, 5, 7), Status.CONSIDERING, "The health partnership invited the network to its workshop on "
            "who is around the table.", progress=30, by=rosa)
    _update(nel, datetime.date(2025, 4, 30), Status.ADOPTED, "The strategy commits to co-production with community groups, "
            "with money for people's time.", progress=80, by=rosa,
            evidence=[{"kind": "link", "title": "The strategy, section 4: working with communities", "url": "https://www.eastlondonhcp.nhs.uk/"}])

    for target in (london, hackney, commissioning, nel):
        _follow_latest(target)
    lab["targets"] = {"london_plan": london, "hackney_local_plan": hackney, "commissioning": commissioning, "health_strategy": nel}

    pilot, _ = DemoProject.objects.update_or_create(commons=network, name="Clapton care pilot", defaults={
        "summary": "Five people receiving care were put at the heart of their own care, each with a self-managing team of "
                   "family, friends, paid care workers, volunteers and local groups. Around the teams grew a neighbourhood care commons.",
        "aims": "Show that community-led care works and what it costs.\nWrite a service specification councils can use to "
                "commission it.\nShare a playbook so other groups can start.",
        "starts_on": datetime.date(2023, 4, 1), "ends_on": datetime.date(2024, 9, 30), "public": True,
        "evaluation": {"commons": report.commons.slug, "report": str(report.uuid)} if report is not None else {}})
    pilot.partners.set([groups[key] for key in ("clapton_commons", "council", "health", "university")])
    pilot.policies.set([care_hubs, partnerships])
    for on, title, notes in [
        (datetime.date(2023, 4, 20), "The first self-managing team meets", "Around one person's kitchen table, with her daughter and two neighbours."),
        (datetime.date(2023, 10, 5), "Five teams running", "Each team plans its own rota and visits."),
        (datetime.date(2024, 6, 12), "Evaluation framework agreed", "Written together with team owners, workers and the university."),
        (datetime.date(2024, 9, 26), "Service specification shared with the council", "For commissioning commons-based care."),
    ]:
        Activity.objects.update_or_create(project=pilot, title=title, defaults={"on": on, "notes": notes})
    lab["projects"] = {"care_pilot": pilot}
    ctx.setdefault("notes", []).append(
        "Lab tracking: policy 3 (care hubs) is partly adopted in the Hackney Local Plan 2033, with its influence trail on the "
        "public policy page; the Clapton care pilot shows it in practice. Hackney commissioning is overdue for review.")
