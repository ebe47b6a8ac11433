"""Reads of the coding part (see docs/stories-coding.md): themes (codes) with their counts, the
coding page of one interview, the passages of one theme across interviews, and the quote bank.

Material comes only from ``material_interviews(project)`` (draft or agreed); anything that leaves
the research team (quotes offered to reports, exports) only from ``usable_interviews``. Every read
here runs a fixed number of queries whatever the data."""

import uuid as uuidlib
from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q
from django.utils.translation import gettext as _

from caringcity.stories.models import (
    Agreement, Code, InterviewState, Passage, StoryQuote, SummaryState, Turn, Use,
)
from caringcity.stories.selectors.interviews import material_interviews

# An accessible palette: each colour has a name, and the name is always shown next to it. Every
# colour has a contrast of at least 4.5:1 against white text and 3:1 against the page.
PALETTE = [
    ("#1d70b8", "Blue"),
    ("#00703c", "Green"),
    ("#d4351c", "Red"),
    ("#4c2c92", "Purple"),
    ("#912b88", "Pink"),
    ("#85530a", "Brown"),
    ("#28a197", "Turquoise"),
    ("#505a5f", "Grey"),
    ("#0b0c0c", "Black"),
    ("#b58840", "Ochre"),
]


def palette_choices():
    from django.utils.translation import gettext_lazy

    names = {"Blue": gettext_lazy("Blue"), "Green": gettext_lazy("Green"), "Red": gettext_lazy("Red"),
             "Purple": gettext_lazy("Purple"), "Pink": gettext_lazy("Pink"), "Brown": gettext_lazy("Brown"),
             "Turquoise": gettext_lazy("Turquoise"), "Grey": gettext_lazy("Grey"), "Black": gettext_lazy("Black"),
             "Ochre": gettext_lazy("Ochre")}
    return [(value, names[name]) for value, name in PALETTE]


def colour_name(value):
    """The name of a colour of the palette, or "Own colour" for one that came from a codebook."""
    for colour, label in palette_choices():
        if colour.lower() == (value or "").lower():
            return str(label)
    return _("Own colour")


# --- themes ---------------------------------------------------------------------------------------------

def _material_passages_q():
    """Passages the team may open now: on a turn, or on the approved version of an approved summary,
    of an interview in draft or agreed."""
    return Q(passages__interview__state__in=[InterviewState.DRAFT, InterviewState.AGREED]) & (
        Q(passages__turn__isnull=False)
        | Q(passages__summary_version__summary__state=SummaryState.APPROVED,
            passages__summary_version__summary__approved_version=F("passages__summary_version")))


def project_codes(project):
    """The project's themes, each with ``passage_count``: its passages in material the team may
    open now (not closed, not taken down). One query."""
    return (Code.objects.filter(project=project)
            .annotate(passage_count=Count("passages", filter=_material_passages_q(), distinct=True)))


def code_tree(codes):
    """``[(code, depth)]`` in reading order (parents before their children, siblings by order and
    name) from codes already fetched. No query."""
    by_parent = {}
    for code in codes:
        by_parent.setdefault(code.parent_id, []).append(code)
    for siblings in by_parent.values():
        siblings.sort(key=lambda c: (c.order, c.name.lower()))
    result, seen = [], set()

    def walk(parent_id, depth):
        for code in by_parent.get(parent_id, []):
            if code.pk in seen:
                continue
            seen.add(code.pk)
            result.append((code, depth))
            walk(code.pk, depth + 1)

    walk(None, 0)
    ids = {c.pk for c in codes}
    for code in codes:  # a parent outside the set: show at the top
        if code.pk not in seen and code.parent_id not in ids:
            seen.add(code.pk)
            result.append((code, 0))
            walk(code.pk, 1)
    return result


def descendants(code, codes):
    """The pks of every code under ``code`` among ``codes``."""
    children = {}
    for other in codes:
        children.setdefault(other.parent_id, []).append(other.pk)
    found, todo = set(), [code.pk]
    while todo:
        for child in children.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def theme_choices(project):
    """Choices for a theme field: indented names in tree order. One query."""
    return [(str(code.uuid), ("— " * depth) + code.name) for code, depth in code_tree(list(Code.objects.filter(project=project)))]


# --- pieces of a text with its coded passages -------------------------------------------------------

@dataclass
class Piece:
    text: str
    passages: list  # the passages covering this piece (empty: plain text)
    last: bool = False  # the last piece of a run covered by the same passages: show theme names here

    @property
    def theme_names(self):
        names = []
        for passage in self.passages:
            for code in passage.codes.all():
                if code.name not in names:
                    names.append(code.name)
        return names


def pieces(text, passages):
    """Split ``text`` at every passage boundary; each piece knows the passages covering it."""
    cuts = {0, len(text)}
    good = [p for p in passages if 0 <= p.start < p.end <= len(text)]
    for passage in good:
        cuts.update((passage.start, passage.end))
    cuts = sorted(cuts)
    result = []
    for begin, end in zip(cuts, cuts[1:]):
        covering = [p for p in good if p.start <= begin and end <= p.end]
        result.append(Piece(text[begin:end], covering))
    for index, piece in enumerate(result):
        following = result[index + 1].passages if index + 1 < len(result) else None
        piece.last = bool(piece.passages) and following != piece.passages
    return result


def approved_summary_version(interview):
    """The approved version of the interview's summary, or None (no summary, not approved)."""
    summary = getattr(interview, "summary", None) if _has_summary(interview) else None
    if summary is not None and summary.state == SummaryState.APPROVED and summary.approved_version_id:
        return summary.approved_version
    return None


def _has_summary(interview):
    from django.core.exceptions import ObjectDoesNotExist

    try:
        interview.summary
    except ObjectDoesNotExist:
        return False
    return True


def _passages_qs():
    return Passage.objects.prefetch_related(Prefetch("codes", queryset=Code.objects.order_by("order", "name")))


def coding_page(interview):
    """What the coding page of one interview shows: its transcripts with their turns (each turn's
    text in pieces, with its coded passages) and the approved summary version, if any. A fixed
    number of queries."""
    turns = list(Turn.objects.filter(transcript__interview=interview).select_related("transcript")
                 .prefetch_related(Prefetch("passages", queryset=_passages_qs().filter(interview=interview)))
                 .order_by("transcript__created", "transcript_id", "order"))
    transcripts = []
    for turn in turns:
        if not transcripts or transcripts[-1]["transcript"].pk != turn.transcript_id:
            transcripts.append({"transcript": turn.transcript, "turns": []})
        passages = list(turn.passages.all())
        transcripts[-1]["turns"].append({"turn": turn, "pieces": pieces(turn.text, passages), "passages": passages})
    summary = None
    version = approved_summary_version(interview)
    if version is not None:
        passages = list(_passages_qs().filter(interview=interview, summary_version=version))
        summary = {"version": version, "pieces": pieces(version.text, passages), "passages": passages}
    return {"transcripts": transcripts, "summary": summary}


def interviews_to_code(project):
    """The interviews whose material the team may code now, with how many passages each has."""
    return (material_interviews(project).select_related("respondent")
            .annotate(passage_count=Count("passages", distinct=True)).order_by("-held_on", "title"))


# --- passages of a theme ------------------------------------------------------------------------------

CONTEXT_CHARS = 160


def _context(text, start, end):
    before = text[max(0, start - CONTEXT_CHARS):start]
    after = text[end:end + CONTEXT_CHARS]
    return {"before": ("…" if start > CONTEXT_CHARS else "") + before, "words": text[start:end],
            "after": after + ("…" if end + CONTEXT_CHARS < len(text) else "")}


def theme_passages(code):
    """Every passage carrying ``code`` in material the team may open now, with its interview and
    the words around it (for a summary: only while the version is the approved one). A fixed
    number of queries."""
    passages = (_passages_qs().filter(codes=code, interview__in=material_interviews(code.project))
                .select_related("interview__respondent", "turn__transcript", "summary_version__summary")
                .order_by("interview__held_on", "interview__title", "turn__transcript__created", "turn__order",
                          "summary_version__number", "start"))
    result = []
    for passage in passages:
        if passage.turn_id:
            text, where = passage.turn.text, passage.turn.speaker
        else:
            summary = passage.summary_version.summary
            if summary.state != SummaryState.APPROVED or summary.approved_version_id != passage.summary_version_id:
                continue
            text, where = passage.summary_version.text, _("Approved summary")
        if not (0 <= passage.start < passage.end <= len(text)):
            continue
        result.append({"passage": passage, "interview": passage.interview, "where": where,
                       **_context(text, passage.start, passage.end)})
    return result


# --- quotes --------------------------------------------------------------------------------------------

def current_agreements(interview_ids):
    """{interview pk: its agreement in force (the newest not withdrawn)}. One query."""
    result = {}
    for agreement in (Agreement.objects.filter(interview_id__in=list(interview_ids), withdrawn_at__isnull=True)
                      .order_by("interview_id", "-created", "-pk")):
        result.setdefault(agreement.interview_id, agreement)
    return result


USE_NEEDS = {StoryQuote.QuoteUse.NAMED: Use.QUOTE_NAMED, StoryQuote.QuoteUse.ANONYMISED: Use.QUOTE_ANONYMOUS}


def _words(text):
    return " ".join((text or "").split())


def quote_problem(quote, agreement, summary=None):
    """Why the quote may not be used now, in plain words; None when it may. ``agreement`` is the
    interview's agreement in force (or None); ``summary`` its Summary when the quote comes from a
    summary. The one place the rule is written (twins: ``usable_quotes`` and the rule
    "stories.usable_quote")."""
    if quote.withdrawn_at is not None:
        return _("Withdrawn.")
    if quote.interview.state != InterviewState.AGREED:
        return {InterviewState.DRAFT: _("The interview has no agreement now."),
                InterviewState.CLOSED: _("The interview is closed for now."),
                InterviewState.TAKEN_DOWN: _("The interview was taken down.")}.get(quote.interview.state, _("The interview cannot be used."))
    if agreement is None or not agreement.allows(USE_NEEDS.get(quote.use)):
        return _("Their agreement does not allow this use now.")
    if quote.approved_at is None:
        return _("Waiting for the person's approval.")
    version_id = quote.passage.summary_version_id if quote.passage_id and quote.passage else None
    if version_id:
        if summary is None or summary.state != SummaryState.APPROVED or summary.approved_version is None:
            return _("Their summary is no longer approved.")
        if _words(quote.text) not in _words(summary.approved_version.text):
            return _("The words are no longer in their approved summary.")
    return None


def _quotes_qs():
    return StoryQuote.objects.select_related("interview__project", "interview__respondent", "passage__summary_version",
                                             "approved_by", "interview__summary__approved_version")


def with_problems(quotes):
    """``[(quote, problem)]`` for quotes already fetched with ``_quotes_qs``. One query (agreements)."""
    quotes = list(quotes)
    agreements = current_agreements({q.interview_id for q in quotes})
    result = []
    for quote in quotes:
        summary = quote.interview.summary if _has_summary(quote.interview) else None
        result.append((quote, quote_problem(quote, agreements.get(quote.interview_id), summary)))
    return result


def usable_quotes(commons, project=None):
    """The quotes that may be used now in ``commons`` (or one project): the interview is usable
    (agreed), its agreement in force allows the quote's use, the person approved the quote, it is
    not withdrawn and, for a quote from a summary, the summary is still approved with these words.
    A queryset; three queries to build it (candidates, agreements, then the final one by the
    caller). Twin of the rule "stories.usable_quote"."""
    candidates = _quotes_qs().filter(interview__commons=commons, interview__state=InterviewState.AGREED,
                                     approved_at__isnull=False, withdrawn_at__isnull=True)
    if project is not None:
        candidates = candidates.filter(interview__project=project)
    good = [quote.pk for quote, problem in with_problems(candidates) if problem is None]
    return _quotes_qs().filter(pk__in=good).order_by("-approved_at", "-created")


def quote_bank(project):
    """The project's quote bank as the team sees it: quotes of material it may open now (not closed,
    not taken down), each with why it may not be used (None: usable). A fixed number of queries."""
    quotes = _quotes_qs().filter(interview__in=material_interviews(project)).order_by("withdrawn_at", "-approved_at", "-created")
    return with_problems(quotes)


def parse_uuids(values):
    good = []
    for value in values:
        try:
            good.append(uuidlib.UUID(str(value)))
        except ValueError:
            continue
    return good
