"""Self-service matching that explains itself.

For a team's request it ranks the commons' Giving Support profiles that are open to matching.
Hard filters (distance, paid or volunteer, gender when asked) remove people and are shown as
such; the rest are scored from four parts, each with its reason:

    distance      1 at the same centroid, falling to 0 at the request's furthest distance
    times         the share of the needed times the person is free
    skills+langs  the share of the asked skills and languages they have
    approach      closeness of the six 1–5 scales (1 = identical, 0 = opposite)

Weights: times 0.35, skills and languages 0.30, distance 0.20, approach 0.15. A part that cannot
be measured (no postcode centroid, no scales filled in) counts as a neutral 0.5 and says so.
Everything is computed in Python over one query's rows (two queries in all), so 2,000 workers
rank in well under 200 ms (see bench/).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from caringcity.core.geo import centroids_for, distance_km
from caringcity.people.models import GivingSupportProfile, Membership
from caringcity.people.profiles import APPROACH_FIELDS, slot_label
from caringcity.teams.models import CURRENT_STATUSES, TeamMember

WEIGHTS = {"times": 0.35, "skills": 0.30, "distance": 0.20, "approach": 0.15}


@dataclass
class Match:
    profile: GivingSupportProfile
    score: float = 0.0
    reasons: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    distance: float | None = None

    @property
    def percent(self):
        return round(self.score * 100)


def _words(text):
    return {w.strip().lower() for w in (text or "").split(",") if w.strip()}


def candidates(team):
    in_team = TeamMember.objects.filter(team=team, status__in=[*CURRENT_STATUSES, "invited", "requested"]).values("person")
    return (
        GivingSupportProfile.objects.filter(
            commons=team.commons, open_to_matching=True,
            person__memberships__commons=team.commons, person__memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(person__in=in_team).exclude(person=team.owner)
        .select_related("person")
    )


def rank(request, profiles=None):
    """Return (ranked matches, excluded matches) for a MatchRequest."""
    profiles = list(profiles if profiles is not None else candidates(request.team))
    points = centroids_for([request.postcode] + [p.area_postcode for p in profiles if p.area_postcode])
    origin = points.get(request.postcode)
    needed = set(request.slots or [])
    skills, languages = set(request.skill_list), set(request.language_list)
    wanted_approach = [getattr(request, f) for f in APPROACH_FIELDS]
    max_km = float(request.max_km or 0)
    ranked, excluded = [], []
    for profile in profiles:
        m = Match(profile)
        # --- hard filters
        if request.paid == "paid" and not profile.independent and profile.rate_pence is None:
            m.excluded.append(_("only paid workers were asked for"))
        if request.paid == "volunteer" and (profile.independent or profile.rate_pence):
            m.excluded.append(_("only volunteers were asked for"))
        if request.gender and profile.gender.strip().lower() != request.gender.strip().lower():
            m.excluded.append(_("a %(gender)s was asked for") % {"gender": request.gender})
        place = points.get(profile.area_postcode) if profile.area_postcode else None
        if origin and place:
            m.distance = distance_km(origin, place)
            reach = min(max_km, float(profile.area_km or max_km)) if max_km else float(profile.area_km or 0)
            if max_km and m.distance > max_km:
                m.excluded.append(_("%(km).1f km away, further than %(max).1f km") % {"km": m.distance, "max": max_km})
            elif profile.area_km and m.distance > float(profile.area_km):
                m.excluded.append(_("%(km).1f km away, further than they travel (%(reach).1f km)") % {"km": m.distance, "reach": float(profile.area_km)})
            distance_score = max(0.0, 1 - m.distance / reach) if reach else 0.5
            m.reasons.append(_("%(km).1f km from where support happens") % {"km": m.distance})
        else:
            distance_score = 0.5
            m.reasons.append(_("distance unknown (postcode not found)"))
        if m.excluded:
            excluded.append(m)
            continue
        # --- times
        free = set(profile.availability or [])
        if needed:
            overlap = needed & free
            times_score = len(overlap) / len(needed)
            m.reasons.append(_("free at %(n)s of %(total)s needed times") % {"n": len(overlap), "total": len(needed)}
                             + (f" ({', '.join(slot_label(s) for s in sorted(overlap)[:4])}{'…' if len(overlap) > 4 else ''})" if overlap else ""))
        else:
            times_score = 0.5
        # --- skills and languages
        have_skills = _words(profile.skills)
        have_languages = _words(profile.person.languages)
        asked = len(skills) + len(languages)
        if asked:
            got_skills = sorted(skills & have_skills)
            got_languages = sorted(languages & have_languages)
            skills_score = (len(got_skills) + len(got_languages)) / asked
            if skills:
                m.reasons.append(_("skills: %(got)s of %(asked)s") % {"got": ", ".join(got_skills) or _("none"), "asked": len(skills)})
            if languages:
                m.reasons.append(_("speaks: %(got)s") % {"got": ", ".join(got_languages) or _("none of the languages asked")})
        else:
            skills_score = 0.5
        # --- approach
        pairs = [(a, b) for a, b in zip(wanted_approach, profile.approach, strict=True) if a and b]
        if pairs:
            approach_score = 1 - sum(abs(a - b) for a, b in pairs) / (4 * len(pairs))
            m.reasons.append(_("support approach %(pct)s%% alike") % {"pct": round(approach_score * 100)})
        else:
            approach_score = 0.5
        m.score = (WEIGHTS["times"] * times_score + WEIGHTS["skills"] * skills_score
                   + WEIGHTS["distance"] * distance_score + WEIGHTS["approach"] * approach_score)
        ranked.append(m)
    ranked.sort(key=lambda m: (-m.score, m.distance if m.distance is not None else 1e9, m.profile.person.name))
    return ranked, excluded
