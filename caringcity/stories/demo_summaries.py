"""Demo stories, summaries part (fills in ctx["stories"]["summaries"]).

Runs after the interviews and transcripts parts. Three summaries in different review states, all
made through the services (so versions, links and the audit trail are real):

- Gloria's: drafted from the built-in extractive summary, revised, sent by private link; she added
  a sentence and approved it with the link.
- Doreen's: with her now, by private link. Private links are shown once and only their hash is kept;
  for the demo only, Doreen's link uses a known token so the README can give it:
  ``/stories/review/demo-doreen-2026/``.
- Arthur's: sent as a printed copy; Janet, his daughter and proxy, wrote down the changes he marked
  on it. Waiting for the team to take them in.

Safe to run twice: a summary that exists is left as it is.
"""

from django.utils.formats import date_format

from caringcity.stories.models import Summary, SummaryVersion

DEMO_DOREEN_TOKEN = "demo-doreen-2026"  # demo only: real tokens are random and shown once


def _intro(interview):
    person = interview.respondent
    name = person.preferred_name or person.name
    when = f" on {date_format(interview.held_on, 'j F Y')}" if interview.held_on else ""
    return f"This is a summary of our conversation with {name}{when}, mostly in {name}'s own words."


def _draft(services, actor, interview):
    """Start from the extractive summary (or a blank page when there is no transcript) and save the
    team's revision: an opening sentence before the person's own words."""
    has_words = any(text.strip() for _speaker, text in services.interview_turns(interview))
    summary, _notice = services.summary_start(actor=actor, interview=interview, start_from="extractive" if has_words else "blank")
    first = summary.versions.order_by("number").last()
    body = first.text if first else "We talked about how care works around here, and what helps."
    services.summary_save(actor=actor, summary=summary, text=_intro(interview) + "\n\n" + body,
                          note="Added an opening sentence; kept the person's own words as they are.")
    return summary


def build(ctx):
    stories = ctx.get("stories") or {}
    interviews, transcripts = stories.get("interviews"), stories.get("transcripts")
    if not interviews or not transcripts or not all(key in interviews for key in ("gloria", "doreen", "arthur")):
        return  # the interviews and transcripts parts have not built theirs
    from caringcity.stories.selectors import summaries as selectors
    from caringcity.stories.services import summaries as services

    researcher = ctx["people"]["researcher"].user
    janet = ctx["people"]["proxy"].user
    made = {}

    gloria = interviews["gloria"]
    summary = Summary.objects.filter(interview=gloria).first()
    if summary is None:
        summary = _draft(services, researcher, gloria)
        _link, token = services.summary_send(actor=researcher, summary=summary, how="link")
        link = selectors.review_link_for_token(token)
        seen = summary.versions.order_by("number").last().number
        services.review_add(link=link, addition="I would like to add: the neighbours who helped me became like family to me.",
                            seen=seen)
        services.review_approve(link=selectors.review_link_for_token(token), seen=seen + 1)
    made["gloria"] = summary

    doreen = interviews["doreen"]
    summary = Summary.objects.filter(interview=doreen).first()
    if summary is None:
        summary = _draft(services, researcher, doreen)
        services.summary_send(actor=researcher, summary=summary, how="link", token=DEMO_DOREEN_TOKEN)
    made["doreen"] = summary

    arthur = interviews["arthur"]
    summary = Summary.objects.filter(interview=arthur).first()
    if summary is None:
        summary = _draft(services, researcher, arthur)
        services.summary_send(actor=researcher, summary=summary, how="printed")
        sent = summary.versions.order_by("number").last()
        intro = _intro(arthur)  # on paper he crossed out "mostly" and wrote a sentence beside it
        changed = sent.text.replace(intro, intro.replace("mostly in", "in") + " He wants people to know his neighbours matter to him.", 1)
        services.my_summary_change(actor=janet, summary=summary, kind=SummaryVersion.Kind.SUGGESTION, text=changed,
                                   seen=sent.number, how="printed")
    made["arthur"] = summary

    stories["summaries"] = made
    ctx["stories"] = stories
