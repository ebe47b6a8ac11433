"""Demo stories, coding part: nested themes, about ten coded passages across Gloria's and Arthur's
transcripts and Gloria's approved summary, a quote bank of three (one named from Gloria, approved;
one anonymised from Arthur, approved by phone and recorded by Kemal; one waiting for approval), and
Gloria's approved quote in the evaluation demo report. Safe to run twice. Runs last of the stories
parts: it needs ctx["stories"]["interviews"] and ["transcripts"]; without them it builds nothing."""

import re

from django.utils import timezone

from caringcity.stories.models import Code, Passage, ReviewHow, StoryQuote, SummaryState, Use
from caringcity.stories.selectors.coding import approved_summary_version, current_agreements

THEMES = [
    # (name, colour, description, children)
    ("Being there", "#00703c", "Showing up for someone, again and again.", [
        ("Small daily help", "#1d70b8", "Shopping, meals, bins, a knock on the door: the small things done every day."),
        ("Feeling useful", "#4c2c92", "What caring gives back: purpose, pride, a reason to get up."),
    ]),
    ("What gets in the way", "#d4351c", "Anything that makes caring harder than it needs to be.", [
        ("Paperwork", "#85530a", "Forms, letters, phone queues and offices."),
        ("Money", "#912b88", "Costs, fares, benefits and not having enough."),
    ]),
    ("Finding each other", "#28a197", "How people who care came to know each other.", []),
]

# Words that point at a theme, tried in order; the sentence holding the first one found is coded.
CLUES = {
    "Small daily help": ["shopping", "soup", "meal", "bins", "dinner", "every day", "each morning", "help"],
    "Feeling useful": ["useful", "proud", "purpose", "get up", "matter", "glad"],
    "Paperwork": ["form", "paperwork", "letter", "council", "phone", "office", "appointment"],
    "Money": ["money", "pay", "£", "cost", "afford", "benefit", "pension", "bus"],
    "Finding each other": ["neighbour", "met", "church", "market", "lunch club", "knock", "street"],
}

PLAN = [  # (where, themes): about ten passages
    ("gloria", ["Small daily help"]), ("gloria", ["Feeling useful", "Small daily help"]), ("gloria", ["Paperwork"]),
    ("gloria", ["Finding each other"]),
    ("arthur", ["Money"]), ("arthur", ["Paperwork", "Money"]), ("arthur", ["Finding each other"]), ("arthur", ["Small daily help"]),
    ("gloria_summary", ["Feeling useful"]), ("gloria_summary", ["What gets in the way"]),
]

SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _sentences(text):
    for match in SENTENCE.finditer(text):
        chunk = match.group(0)
        stripped = chunk.strip()
        if len(stripped) >= 12:
            start = match.start() + (len(chunk) - len(chunk.lstrip()))
            yield start, start + len(stripped)


def _pick(texts, themes, used):
    """(holder, start, end) of a sentence not used yet: one with a clue for the first theme, else
    the first unused sentence of the longest texts."""
    for clue in CLUES.get(themes[0], []):
        for holder, text in texts:
            for start, end in _sentences(text):
                if (type(holder).__name__, holder.pk, start) not in used and clue.lower() in text[start:end].lower():
                    return holder, start, end
    for holder, text in sorted(texts, key=lambda item: -len(item[1])):
        for start, end in _sentences(text):
            if (type(holder).__name__, holder.pk, start) not in used:
                return holder, start, end
    return None


def _themes(project):
    codes = {}
    for order, (name, colour, description, children) in enumerate(THEMES):
        parent, _ = Code.objects.update_or_create(project=project, parent=None, name=name,
                                                  defaults={"colour": colour, "description": description, "order": order})
        codes[name] = parent
        for child_order, (child, child_colour, child_description) in enumerate(children):
            codes[child], _ = Code.objects.update_or_create(project=project, parent=parent, name=child,
                                                            defaults={"colour": child_colour, "description": child_description,
                                                                      "order": child_order})
    return codes


def _texts(stories, key):
    """[(holder, text)]: the turns of a transcript (speaking turns of the person first), or the
    approved summary version."""
    if key.endswith("_summary"):
        interview = stories["interviews"].get(key[: -len("_summary")])
        version = approved_summary_version(interview) if interview is not None else None
        return [(version, version.text)] if version is not None else []
    transcript = stories.get("transcripts", {}).get(key)
    if isinstance(transcript, (list, tuple)):  # several transcripts of one interview: code the first
        transcript = transcript[0] if transcript else None
    if transcript is None or not hasattr(transcript, "turns"):
        return []
    turns = list(transcript.turns.all().order_by("order"))
    respondent = stories["interviews"][key].respondent
    first = (respondent.preferred_name or respondent.name.split()[0]).lower()
    theirs = [t for t in turns if first in (t.speaker or "").lower()]
    others = [t for t in turns if t not in theirs]
    return [(turn, turn.text) for turn in theirs + others]


def _passage(interview, holder, start, end, codes, who):
    is_turn = holder.__class__.__name__ == "Turn"
    text = holder.text
    passage, _ = Passage.objects.get_or_create(
        interview=interview, turn=holder if is_turn else None, summary_version=None if is_turn else holder,
        start=start, end=end, defaults={"text": text[start:end], "coded_by": who})
    passage.codes.set(codes)
    return passage


def _quote(passage, use, attribution, approve=None):
    """One quote of ``passage`` (made once); ``approve`` = (how, recorded by) records the approval."""
    quote = StoryQuote.objects.filter(passage=passage, use=use).first()
    if quote is None:
        quote = StoryQuote(interview=passage.interview, passage=passage, text=passage.text, use=use, attribution=attribution)
        version = passage.summary_version
        if version is not None and version.summary.state == SummaryState.APPROVED and version.summary.approved_version_id == version.pk:
            quote.approved_at = version.summary.approved_at or timezone.now()
            quote.approved_how = version.summary.approved_how if version.summary.approved_how in ReviewHow.values else ""
            quote.approved_by = version.summary.approval_recorded_by
        if approve is not None and quote.approved_at is None:
            quote.approved_at, quote.approved_how, quote.approved_by = timezone.now(), approve[0], approve[1]
        quote.save()
    return quote


def _use_for(interview, prefer):
    """The quote use ``prefer`` if the agreement allows it, else the other one it allows, else None."""
    agreement = current_agreements([interview.pk]).get(interview.pk)
    if agreement is None:
        return None
    order = [prefer] + [use for use in (StoryQuote.QuoteUse.NAMED, StoryQuote.QuoteUse.ANONYMISED) if use != prefer]
    needs = {StoryQuote.QuoteUse.NAMED: Use.QUOTE_NAMED, StoryQuote.QuoteUse.ANONYMISED: Use.QUOTE_ANONYMOUS}
    return next((use for use in order if agreement.allows(needs[use])), None)


def build(ctx):
    stories = ctx.get("stories") or {}
    interviews = stories.get("interviews") or {}
    if not stories.get("project") or not all(key in interviews for key in ("gloria", "arthur")) or "transcripts" not in stories:
        return  # the interviews and transcripts parts are not there yet: nothing to code
    project = stories["project"]
    people = ctx.get("people", {})
    ines, kemal = people.get("researcher"), people.get("organiser")
    codes = _themes(project)

    passages = {"gloria": [], "arthur": [], "gloria_summary": []}
    used = set()
    for key, themes in PLAN:
        texts = _texts(stories, key)
        picked = _pick(texts, themes, used) if texts else None
        if picked is None:
            continue
        holder, start, end = picked
        used.add((type(holder).__name__, holder.pk, start))
        interview = interviews[key.replace("_summary", "")]
        passages[key].append(_passage(interview, holder, start, end, [codes[name] for name in themes], ines))

    quotes = []
    gloria_from = passages["gloria_summary"] or passages["gloria"]
    gloria, arthur = interviews["gloria"], interviews["arthur"]
    use = _use_for(gloria, StoryQuote.QuoteUse.NAMED)
    if gloria_from and use:
        named = _quote(gloria_from[0], use, gloria.respondent.name if use == "named" else "Someone who cooks for her street",
                       approve=(ReviewHow.IN_PERSON, ines))
        quotes.append(named)
    use = _use_for(arthur, StoryQuote.QuoteUse.ANONYMISED)
    if passages["arthur"] and use:
        quotes.append(_quote(passages["arthur"][0], use,
                             arthur.respondent.name if use == "named" else "A retired bus driver in Clapton",
                             approve=(ReviewHow.PHONE, kemal)))
    use = _use_for(gloria, StoryQuote.QuoteUse.ANONYMISED)
    if len(passages["gloria"]) > 1 and use:
        quotes.append(_quote(passages["gloria"][1], use,
                             gloria.respondent.name if use == "named" else "A neighbour on Chatsworth Road"))
    stories["quotes"] = quotes

    report = ctx.get("report")
    if report is not None and quotes and quotes[0].approved_at is not None:
        entry = {"source": "stories", "id": str(quotes[0].uuid)}
        chosen = [e for e in (report.outside_quotes or []) if isinstance(e, dict)]
        if entry not in chosen:
            report.outside_quotes = chosen + [entry]
            report.save(update_fields=["outside_quotes"])
