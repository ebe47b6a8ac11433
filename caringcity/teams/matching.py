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
rank in well under 200 ms (see bench/). The rows are read as light ``Candidate`` records rather
than model instances: building 2,000 profile and person models costs more than all the scoring.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from caringcity.core.geo import centroids_for, distance_km
from caringcity.people.models import GivingSupportProfile, Membership
from caringcity.people.profiles import APPROACH_FIELDS, SLOTS, slot_label
from caringcity.teams.models import CURRENT_STATUSES, TeamMember

WEIGHTS = {"times": 0.35, "skills": 0.30, "distance": 0.20, "approach": 0.15}


@dataclass(frozen=True, slots=True)
class CandidatePerson:
    """The little of a Person that ranking and the match page show."""

    id: int
    uuid: object
    name: str
    preferred_name: str
    languages: str

    @property
    def display_name(self):
        return self.preferred_name or self.name

    def __str__(self):
        return self.display_name


@dataclass(frozen=True, slots=True)
class Candidate:
    """A Giving Support profile as ranking reads it, built from one row of ``candidate_rows``."""

    id: int
    uuid: object
    person: CandidatePerson
    skills: str
    area_postcode: str
    area_km: object
    availability: list
    independent: bool
    rate_pence: int | None
    gender: str
    approach: tuple


@dataclass
class Match:
    profile: Candidate | GivingSupportProfile
    score: float = 0.0
    reasons: list = field(default_factory=list)
    excluded: list = field(default_factory=list)
    distance: float | None = None

    @property
    def percent(self):
        return round(self.score * 100)


def _words(text):
    return {w.strip().lower() for w in (text or "").split(",") if w.strip()}


_SLOT_ORDER = {slot: i for i, slot in enumerate(SLOTS)}
_ROW = ["pk", "uuid", "skills", "area_postcode", "area_km", "availability", "independent", "rate_pence", "gender",
        *APPROACH_FIELDS, "person_id", "person__uuid", "person__name", "person__preferred_name", "person__languages"]


def candidates(team):
    """Giving Support profiles that may be offered to this team: open to matching, of active
    members of the team's commons, not the owner, not already in (or invited to, or asking to
    join) the team."""
    in_team = TeamMember.objects.filter(team=team, status__in=[*CURRENT_STATUSES, "invited", "requested"]).values("person")
    return (
        GivingSupportProfile.objects.filter(
            commons=team.commons, open_to_matching=True,
            person__memberships__commons=team.commons, person__memberships__status=Membership.Status.ACTIVE,
        )
        .exclude(person__in=in_team).exclude(person=team.owner)
        .select_related("person")
    )


def candidate_rows(team):
    """``candidates`` as light records, in one query."""
    return [
        Candidate(pk, uuid, CandidatePerson(person_id, p_uuid, name, preferred, languages), skills, postcode, area_km,
                  availability, independent, rate, gender, (a1, a2, a3, a4, a5, a6))
        for (pk, uuid, skills, postcode, area_km, availability, independent, rate, gender, a1, a2, a3, a4, a5, a6,
             person_id, p_uuid, name, preferred, languages) in candidates(team).values_list(*_ROW)
    ]


def rank(request, profiles=None):
    """Return (ranked matches, excluded matches) for a MatchRequest."""
    profiles = list(profiles) if profiles is not None else candidate_rows(request.team)
    points = centroids_for([request.postcode] + [p.area_postcode for p in profiles if p.area_postcode])
    origin = points.get(request.postcode)
    needed = {s for s in (request.slots or []) if s in _SLOT_ORDER}
    labels = {s: slot_label(s) for s in needed}
    skills, languages = set(request.skill_list), set(request.language_list)
    asked = len(skills) + len(languages)
    wanted_approach = [getattr(request, f) for f in APPROACH_FIELDS]
    max_km = float(request.max_km or 0)
    gender = request.gender.strip().lower()
    # Each message is translated once per ranking, not once per person: gettext is the slow part.
    say = {
        "paid": _("only paid workers were asked for"),
        "volunteer": _("only volunteers were asked for"),
        "gender": _("a %(gender)s was asked for") % {"gender": request.gender} if gender else "",
        "too_far": _("%(km).1f km away, further than %(max).1f km"),
        "beyond_reach": _("%(km).1f km away, further than they travel (%(reach).1f km)"),
        "km": _("%(km).1f km from where support happens"),
        "no_km": _("distance unknown (postcode not found)"),
        "free": _("free at %(n)s of %(total)s needed times"),
        "skills": _("skills: %(got)s of %(asked)s"),
        "speaks": _("speaks: %(got)s"),
        "none": _("none"),
        "no_language": _("none of the languages asked"),
        "approach": _("support approach %(pct)s%% alike"),
    }
    distances = {}
    ranked, excluded = [], []
    for profile in profiles:
        m = Match(profile)
        # --- hard filters
        if request.paid == "paid" and not profile.independent and profile.rate_pence is None:
            m.excluded.append(say["paid"])
        if request.paid == "volunteer" and (profile.independent or profile.rate_pence):
            m.excluded.append(say["volunteer"])
        if gender and profile.gender.strip().lower() != gender:
            m.excluded.append(say["gender"])
        place = points.get(profile.area_postcode) if profile.area_postcode else None
        if origin and place:
            if place not in distances:
                distances[place] = distance_km(origin, place)
            m.distance = distances[place]
            area_km = float(profile.area_km or 0)
            reach = min(max_km, area_km or max_km) if max_km else area_km
            if max_km and m.distance > max_km:
                m.excluded.append(say["too_far"] % {"km": m.distance, "max": max_km})
            elif area_km and m.distance > area_km:
                m.excluded.append(say["beyond_reach"] % {"km": m.distance, "reach": area_km})
            distance_score = max(0.0, 1 - m.distance / reach) if reach else 0.5
            m.reasons.append(say["km"] % {"km": m.distance})
        else:
            distance_score = 0.5
            m.reasons.append(say["no_km"])
        if m.excluded:
            excluded.append(m)
            continue
        # --- times
        if needed:
            overlap = sorted(needed.intersection(profile.availability or ()), key=_SLOT_ORDER.__getitem__)
            times_score = len(overlap) / len(needed)
            m.reasons.append(say["free"] % {"n": len(overlap), "total": len(needed)}
                             + (f" ({', '.join(labels[s] for s in overlap[:4])}{'…' if len(overlap) > 4 else ''})" if overlap else ""))
        else:
            times_score = 0.5
        # --- skills and languages
        if asked:
            got_skills = sorted(skills & _words(profile.skills)) if skills else []
            got_languages = sorted(languages & _words(profile.person.languages)) if languages else []
            skills_score = (len(got_skills) + len(got_languages)) / asked
            if skills:
                m.reasons.append(say["skills"] % {"got": ", ".join(got_skills) or say["none"], "asked": len(skills)})
            if languages:
                m.reasons.append(say["speaks"] % {"got": ", ".join(got_languages) or say["no_language"]})
        else:
            skills_score = 0.5
        # --- approach
        pairs = [(a, b) for a, b in zip(wanted_approach, profile.approach, strict=True) if a and b]
        if pairs:
            approach_score = 1 - sum(abs(a - b) for a, b in pairs) / (4 * len(pairs))
            m.reasons.append(say["approach"] % {"pct": round(approach_score * 100)})
        else:
            approach_score = 0.5
        m.score = (WEIGHTS["times"] * times_score + WEIGHTS["skills"] * skills_score
                   + WEIGHTS["distance"] * distance_score + WEIGHTS["approach"] * approach_score)
        ranked.append(m)
    ranked.sort(key=lambda m: (-m.score, m.distance if m.distance is not None else 1e9, m.profile.person.name))
    return ranked, excluded
