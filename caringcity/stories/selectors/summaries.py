"""Reads of the summaries part (see docs/stories-summaries.md).

Who sees a summary:
- the research team, while the interview's material is open (draft or agreed): every version;
- the person interviewed (and their proxy): only the versions that have been with them, that is a
  team version sent to them (its ``how`` says how it went: link, printed copy, call) and the
  versions they wrote themselves (``how`` says how they gave it). Never a draft that was not sent.
- nobody else, ever, until the person approves it; after that only through
  ``approved_summary_text`` / ``usable_summaries`` (the coding part, the quote bank, exports), and
  only while the interview is usable and the approval stands.
"""


from django.db.models import Prefetch, Q
from django.utils import timezone

from caringcity.people.models import hash_token
from caringcity.stories.access import speaks_for, stories_standing
from caringcity.stories.models import Interview, InterviewState, ReviewLink, Summary, SummaryState, SummaryVersion

MATERIAL_STATES = (InterviewState.DRAFT, InterviewState.AGREED)  # the interview's material may be opened
PERSON_STATES = (SummaryState.WITH_PERSON, SummaryState.CHANGES)  # the person may change or approve it
TEAM_EDIT_STATES = (SummaryState.DRAFT, SummaryState.CHANGES, SummaryState.WITHDRAWN)  # the team may save a version
PERSON_KINDS = (SummaryVersion.Kind.SUGGESTION, SummaryVersion.Kind.ADDITION)


def token_hash(token):
    return hash_token(token or "")


# --- what is used: approved summaries of usable interviews ------------------------------------------

def usable_summaries(queryset=None):
    """Summaries that may be used (coded, quoted, exported): approved by the person and not
    withdrawn, of an interview that is usable now. Twin of ``approved_summary_text``."""
    queryset = queryset if queryset is not None else Summary.objects.all()
    return queryset.filter(state=SummaryState.APPROVED, approved_version__isnull=False,
                           interview__state=InterviewState.AGREED)


def approved_summary_text(interview):
    """The words of the version the person approved, or None while nothing may be used."""
    if not interview.usable:
        return None
    summary = Summary.objects.filter(interview=interview).select_related("approved_version").first()
    if summary is None or summary.state != SummaryState.APPROVED or summary.approved_version is None:
        return None
    return summary.approved_version.text


def approved_versions(queryset=None):
    """The approved versions of usable summaries (for coding and exports), with their interview."""
    return SummaryVersion.objects.filter(pk__in=usable_summaries(queryset).values("approved_version")).select_related("summary__interview")


# --- who sees which summary -------------------------------------------------------------------------

def person_versions(summary):
    """The versions the person may see, oldest first (from a prefetch when there is one)."""
    return [v for v in summary.versions.all() if v.how]


def person_version(summary):
    """The version the person reads now: the approved one once approved (or withdrawn), else the
    newest that has been with them. None when nothing was sent to them."""
    if summary.state in (SummaryState.APPROVED, SummaryState.WITHDRAWN) and summary.approved_version_id:
        for version in summary.versions.all():
            if version.pk == summary.approved_version_id:
                return version
    versions = person_versions(summary)
    return versions[-1] if versions else None


def latest_version(summary):
    versions = list(summary.versions.all())
    return versions[-1] if versions else None


def team_sees(user, summary):
    interview = summary.interview
    return interview.state in MATERIAL_STATES and user.has_perm("stories.research_interview", interview)


def person_sees(user, summary):
    """The person interviewed (or their proxy) sees their summary once a version has been with them,
    while the interview is in draft or agreed."""
    interview = summary.interview
    if interview.state not in MATERIAL_STATES or speaks_for(user, interview) is None:
        return False
    return summary.versions.exclude(how="").exists()


def _own_q(commons, person):
    from caringcity.people.models import Proxy

    principals = Proxy.objects.current().filter(commons=commons, proxy=person).values("principal")
    sent = SummaryVersion.objects.exclude(how="").values("summary")
    return (Q(interview__respondent=person) | Q(interview__respondent__in=principals)) & Q(pk__in=sent)


def summaries_visible_to(user, commons):
    """Queryset twin of rule "stories.view_summary": the summaries ``user`` may read in ``commons``."""
    standing = stories_standing(user, commons)
    if not standing.is_member:
        return Summary.objects.none()
    person = standing.person
    team = Summary.objects.filter(interview__project__researchers__person=person,
                                  interview__project__researchers__ended_at__isnull=True).values("pk")
    return Summary.objects.filter(Q(pk__in=team) | _own_q(commons, person),
                                  interview__commons=commons, interview__state__in=MATERIAL_STATES)


def own_summaries(user, commons):
    """Queryset twin of rule "stories.review_summary": the summaries of the person's own interviews
    (or of those they act for) that have been with them."""
    standing = stories_standing(user, commons)
    if not standing.is_member:
        return Summary.objects.none()
    return Summary.objects.filter(_own_q(commons, standing.person), interview__commons=commons,
                                  interview__state__in=MATERIAL_STATES)


def summaries_waiting_for(user, commons):
    """The person's summaries (or those of people they act for) waiting for them to read."""
    return (own_summaries(user, commons).filter(state__in=PERSON_STATES)
            .select_related("interview", "interview__respondent").order_by("interview__held_on", "interview__title"))


# --- pages --------------------------------------------------------------------------------------

def _versions_prefetch():
    return Prefetch("versions", queryset=SummaryVersion.objects.select_related("written_by", "recorded_by").order_by("number"))


def summary_for(interview):
    """The interview's summary with its versions (who wrote and recorded each) and links, or None."""
    return (Summary.objects.filter(interview=interview)
            .select_related("approved_version", "approval_recorded_by", "interview__respondent", "interview__project")
            .prefetch_related(_versions_prefetch(),
                              Prefetch("review_links", queryset=ReviewLink.objects.select_related("made_by").order_by("-created")))
            .first())


def project_summaries(project):
    """Every interview of the project the team may open, each with its summary (or None) and the
    number of versions, for the project's summaries page."""
    from django.db.models import Count

    interviews = (Interview.objects.filter(project=project, state__in=MATERIAL_STATES)
                  .select_related("respondent", "summary")
                  .annotate(version_count=Count("summary__versions"))
                  .order_by("-held_on", "title"))
    return list(interviews)


def active_links(summary):
    now = timezone.now()
    return [link for link in summary.review_links.all() if link.cancelled_at is None and link.expires_at > now]


def review_link_for_token(token):
    """The link of a private token, with its summary and interview, if it works now: not expired,
    not cancelled, the summary with the person, the interview in draft or agreed. Else None."""
    if not token or len(token) > 200:
        return None
    link = (ReviewLink.objects.filter(token_hash=token_hash(token), cancelled_at__isnull=True, expires_at__gt=timezone.now(),
                                      summary__state__in=PERSON_STATES, summary__interview__state__in=MATERIAL_STATES)
            .select_related("summary", "summary__interview", "summary__interview__respondent",
                            "summary__interview__commons", "summary__interview__project")
            .prefetch_related(Prefetch("summary__versions", queryset=SummaryVersion.objects.order_by("number")))
            .first())
    return link


def person_summary(user, commons, uuid):
    """A summary the signed-in person (or their proxy) may read, with its versions; else None."""
    summary = (Summary.objects.filter(uuid=uuid, interview__commons=commons)
               .select_related("interview", "interview__respondent", "interview__project", "interview__commons", "approved_version")
               .prefetch_related(_versions_prefetch()).first())
    if summary is None or not user.has_perm("stories.review_summary", summary):
        return None
    return summary


# --- what changed between two versions -------------------------------------------------------------

def word_diff(old, new):
    """A word-level comparison of two texts: [(op, words)] with op "same", "removed" or "added", in
    reading order (difflib over words; spaces and line breaks kept with the word before them)."""
    import difflib
    import re

    def words(text):
        return re.findall(r"\S+\s*", (text or "").replace("\r\n", "\n"))

    a, b = words(old), words(new)
    result = []
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            result.append(("same", "".join(b[j1:j2])))
            continue
        if op in ("replace", "delete"):
            result.append(("removed", "".join(a[i1:i2])))
        if op in ("replace", "insert"):
            result.append(("added", "".join(b[j1:j2])))
    return result


def diff_counts(parts):
    """(words removed, words added) of a ``word_diff``."""
    removed = sum(len(words.split()) for op, words in parts if op == "removed")
    added = sum(len(words.split()) for op, words in parts if op == "added")
    return removed, added
