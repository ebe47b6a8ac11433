"""Reads about interviews. The research team sees every interview record of its project but those
taken down, and works on the material of those in draft or agreed (``material_interviews``);
anything *used* beyond the team (quotes, summaries shown to others, exports that leave) comes only
from ``usable_interviews``."""

import re

from django.db.models import Max, OuterRef, Prefetch, Q, Subquery
from django.utils.translation import gettext_lazy as _

from caringcity.people import selectors as people
from caringcity.people.models import Membership, Person, Proxy
from caringcity.stories.access import stories_standing
from caringcity.stories.models import (Agreement, Closure, Interview, InterviewState, Researcher, SummaryVersion, TakeDown,
                                       Turn)


def team_interviews(project):
    """The interviews the project's team works on (twin of rule "stories.research_interview"
    restricted to one project): all but taken-down ones."""
    return Interview.objects.filter(project=project).exclude(state=InterviewState.TAKEN_DOWN)


def usable_interviews(queryset=None):
    """Interviews whose material may be used now: agreed, not closed, not taken down."""
    return (queryset if queryset is not None else Interview.objects.all()).filter(state=InterviewState.AGREED)


def material_interviews(project):
    """Interviews whose material the team may open now: in draft or agreed (not closed, not taken down)."""
    return Interview.objects.filter(project=project, state__in=[InterviewState.DRAFT, InterviewState.AGREED])


# --- the interviews part's reads (docs/stories-interviews.md) -----------------------------------------

SEARCH_MIN = 2  # letters a search needs
SNIPPETS_PER_INTERVIEW = 3
SNIPPET_WIDTH = 60  # characters either side of the words found


def members_of(commons):
    """People who are active members of the commons (with or without a login), by name."""
    return (Person.objects.filter(memberships__commons=commons, memberships__status=Membership.Status.ACTIVE)
            .distinct().order_by("name"))


def current_team(project):
    return (Researcher.objects.filter(project=project, ended_at__isnull=True).select_related("person")
            .order_by("role", "person__name"))


def past_team(project):
    return Researcher.objects.filter(project=project, ended_at__isnull=False).select_related("person").order_by("-ended_at")


def interview_list(project):
    """The team's list: every interview of the project but taken-down ones, in a fixed number of queries."""
    return (team_interviews(project).select_related("respondent")
            .prefetch_related(Prefetch("interviewers", queryset=Person.objects.order_by("name")))
            .order_by("-held_on", "title"))


def taken_down(project):
    """Taken-down interviews of the project: only when (never their title or who)."""
    return (Interview.objects.filter(project=project, state=InterviewState.TAKEN_DOWN)
            .only("uuid", "taken_down_at").order_by("-taken_down_at"))


def agreement_in_force(interview):
    """The newest agreement not withdrawn, or None (twin of ``services.interviews.current_agreement``)."""
    return (Agreement.objects.filter(interview=interview, withdrawn_at__isnull=True)
            .select_related("recorded_by").order_by("-created").first())


def interview_record(interview):
    """What the record page shows besides the interview: agreements (newest first), closures, the take-down."""
    return {
        "agreement": agreement_in_force(interview),
        "agreements": list(Agreement.objects.filter(interview=interview).select_related("recorded_by").order_by("-created")),
        "closures": list(Closure.objects.filter(interview=interview).select_related("recorded_by").order_by("-starts_on", "-created")),
        "take_down": TakeDown.objects.filter(interview=interview).select_related("recorded_by").first(),
        "interviewers": list(interview.interviewers.order_by("name")),
    }


def my_interviews(user, commons):
    """Interviews the user gave, or gave by someone they are a current proxy for (twin of rule
    "stories.own_interview"), with the project, newest first. Taken-down ones stay, so the person
    sees that they were taken down."""
    standing = stories_standing(user, commons)
    if not standing.is_member:
        return Interview.objects.none()
    principals = Proxy.objects.current().filter(commons=commons, proxy=standing.person).values("principal_id")
    return (Interview.objects.filter(commons=commons)
            .filter(Q(respondent=standing.person) | Q(respondent__in=principals))
            .select_related("project", "respondent").order_by("-held_on", "title"))


LOOK_LABELS = {
    "record": _("the interview record"), "search": _("words of it in a search"), "transcript": _("the transcript"),
    "summary": _("the summary"), "recording": _("the recording"), "export": _("an export of the project"),
    "agreement": _("the signed agreement form"), "printed": _("a printout"), "passage": _("highlighted passages"),
    "quote": _("quotes"),
}


def who_looked(interview):
    """Looks by others at this interview's material (the people app's access log of the person,
    part "interviews", this interview only), newest first, each with ``look_label`` in words."""
    events = people.access_log(interview.commons, interview.respondent)
    looks = [e for e in events if e.part == "interviews" and e.object_id == str(interview.uuid)]
    for event in looks:
        event.look_label = LOOK_LABELS.get(event.reason, _("its material"))
    return looks


# --- search -----------------------------------------------------------------------------------------

def _snippet(text, words):
    """(before, found, after) around the first place ``words`` occur in ``text`` (case ignored), or None."""
    match = re.search(re.escape(words), text, flags=re.IGNORECASE)
    if match is None:
        return None
    start, end = match.span()
    before = text[max(0, start - SNIPPET_WIDTH):start]
    after = text[end:end + SNIPPET_WIDTH]
    if start > SNIPPET_WIDTH:
        before = "…" + before.split(" ", 1)[-1] if " " in before else "…" + before
    if end + SNIPPET_WIDTH < len(text):
        after = (after.rsplit(" ", 1)[0] if " " in after else after) + "…"
    return before, match.group(0), after


def search(project, words):
    """The project's interviews whose title, transcript turns or summary (newest version) contain
    ``words``, only among ``material_interviews`` (never closed or taken down). Three queries
    whatever the data. Returns [{"interview", "hits": [{"where", "speaker", "at", "before", "found", "after"}]}]."""
    words = " ".join((words or "").split())
    if len(words) < SEARCH_MIN:
        return []
    material = material_interviews(project)
    interviews = {i.pk: i for i in material.select_related("respondent", "commons").order_by("-held_on", "title")}
    if not interviews:
        return []
    hits = {pk: [] for pk in interviews}
    for interview in interviews.values():
        snippet = _snippet(interview.title, words)
        if snippet:
            hits[interview.pk].append({"where": "title", "snippet": snippet})
    turns = (Turn.objects.filter(transcript__interview_id__in=list(interviews), text__icontains=words)
             .values("transcript__interview_id", "speaker", "start", "text").order_by("transcript__interview_id", "transcript__created", "order"))
    for turn in turns:
        found = hits[turn["transcript__interview_id"]]
        snippet = _snippet(turn["text"], words)
        if snippet and sum(h["where"] == "transcript" for h in found) < SNIPPETS_PER_INTERVIEW:
            found.append({"where": "transcript", "speaker": turn["speaker"], "at": turn["start"], "snippet": snippet})
    newest = SummaryVersion.objects.filter(summary=OuterRef("summary")).values("summary").annotate(n=Max("number")).values("n")
    versions = (SummaryVersion.objects.filter(summary__interview_id__in=list(interviews), text__icontains=words)
                .annotate(newest=Subquery(newest)).values("summary__interview_id", "number", "newest", "text"))
    for version in versions:
        if version["number"] == version["newest"]:
            snippet = _snippet(version["text"], words)
            if snippet:
                hits[version["summary__interview_id"]].append({"where": "summary", "snippet": snippet})
    return [{"interview": interview, "hits": hits[pk]} for pk, interview in interviews.items() if hits[pk]]
