"""Demo proposals in the cast's circles, made through the proposals services by the people
themselves (so every round, answer and audit event is real):

Clapton North local circle
- "Welcome pack for new volunteers": adopted. Doreen objected with a reason (a long booklet puts
  off volunteers who read little English); the circle changed the text AND shortened the term
  (version 2) and the consent round ran again. Arthur's "consent with a concern" was entered on
  paper by Janet, the secretary.
- "Paying for taxis to evening visits": Rosa's objection (it costs more than the whole local
  budget) could not be resolved, so Ayo passed it to the General circle, where it is in the
  questions round (Gloria has asked a question).
- Open ones in each round: "A summer street party on Chatsworth Road" (questions, with a question
  asked), "Monthly coffee morning at the Lea Bridge hub" (reactions), "A buddy for each new
  volunteer's first three visits" (consent round: Doreen can answer, and Janet can enter
  Arthur's answer), and "A stall at the fireworks night" (withdrawn).
- Rosa nominated for the welcoming hat (a hat proposal; Zeynep, a learning participant, wears it
  now and would be her back-stop), waiting in the consent round (made by the structure part's
  ``term_nominate``, when it is there).

Clapton Park local circle
- "Sunday lunch club at the Chatsworth Road market": Ayşe objected (Sunday is the care workers'
  day with their families); the circle is working through it.

Safe to run again: each story is made once, found by its circle and title."""

from datetime import timedelta

from django.utils import timezone

from caringcity.circles.models import (
    CircleHatKind,
    CircleHatTerm,
    ConsentAnswer,
    How,
    Proposal,
    ResolutionTool,
    TermStatus,
)
from caringcity.circles.selectors import proposals as selectors
from caringcity.circles.services import proposals as services
from caringcity.core.models import User

C, CONCERN, OBJECT = ConsentAnswer.CONSENT, ConsentAnswer.CONCERN, ConsentAnswer.OBJECT


def _days(n):
    return timezone.localdate() + timedelta(days=n)


def _u(person):
    """A fresh login for the person (so no standing cached by an earlier demo step is reused)."""
    return User.objects.get(pk=person.user_id)


def _hat(circle, kind):
    term = CircleHatTerm.objects.filter(circle=circle, kind=kind, status=TermStatus.HELD).select_related("holder").first()
    return term.holder if term is not None and term.holder.user_id else None


def _facilitator(circle, people):
    return _u(_hat(circle, CircleHatKind.FACILITATOR) or _hat(circle, CircleHatKind.LEADER) or people["organiser"])


def _secretary(circle, people):
    holder = _hat(circle, CircleHatKind.SECRETARY)
    return _u(holder) if holder else _facilitator(circle, people)


def _existing(circle, title):
    return Proposal.objects.filter(circle=circle, title=title).first()


def _bring(circle, person, title, domain_item, driver, text, review_days, term_days=None):
    return services.proposal_create(actor=_u(person), circle=circle, title=title, driver=driver, text=text, review_on=_days(review_days),
                                    term_ends=_days(term_days) if term_days else None, domain_item=domain_item)


def _move(circle, people, proposal, *moves):
    for move in moves:
        services.proposal_move(actor=_facilitator(circle, people), proposal=proposal, move=move)


def _answer(circle, people, proposal, answers=None, entered=None, only=None):
    """Full participants answer (``answers``: person -> (answer, text); plain consent otherwise).
    People without a login, and those in ``entered`` (person -> how), have their answer entered
    by the secretary. ``only``: answer for these people only."""
    answers, entered = answers or {}, entered or {}
    secretary = _secretary(circle, people)
    for person in selectors.full_participants(circle):
        if only is not None and person not in only:
            continue
        answer, text = answers.get(person, (C, ""))
        how = entered.get(person) or (None if person.user_id else How.MEETING)
        if how is None or person.pk == secretary.person.pk:
            services.proposal_answer(actor=_u(person), proposal=proposal, answer=answer, text=text)
        else:
            services.proposal_answer(actor=secretary, proposal=proposal, person=person, answer=answer, text=text, how=how)


def _close(circle, people, proposal):
    return services.proposal_close(actor=_facilitator(circle, people), proposal=proposal)


# --- the stories ----------------------------------------------------------------------------------
WELCOME_V2 = ("Every new volunteer gets a one-page welcome sheet with pictures at their first meeting, in English, Turkish and "
              "Bengali: who to call, what a first visit looks like, and how to claim bus fares back. A buddy goes through it with "
              "them. We try it for six months, then look at it again.")


def _welcome_pack(north, p):
    title = "Welcome pack for new volunteers"
    proposal = _existing(north, title)
    if proposal is not None:
        return proposal
    proposal = _bring(north, p["member"], title, "Welcoming and training local volunteers",
                      "New volunteers tell us they did not know who to call, what to expect at a first visit, or how to get their bus "
                      "fares back. Two of the last five left within a month.",
                      "Every new volunteer gets a welcome pack at their first meeting: a 12-page booklet about the commons, our "
                      "values, who to call, safeguarding, expenses and the rota. We use it for a year, then look at it again.",
                      review_days=300, term_days=365)
    question = services.proposal_ask(actor=_u(p["zeynep"]), proposal=proposal,
                                     text="Will the pack be in Turkish too? Some new volunteers read Turkish better than English.")
    services.proposal_reply(actor=_u(p["member"]), proposal=proposal, question=question,
                            reply="Yes. Volunteers have offered to translate it into Turkish and Bengali.")
    _move(north, p, proposal, "to_reactions")
    services.proposal_react(actor=_u(p["zeynep"]), proposal=proposal, text="I would have loved this when I started.")
    services.proposal_react(actor=_u(p["doreen"]), proposal=proposal, text="Good idea, but twelve pages is a lot to read.")
    _move(north, p, proposal, "to_consent")
    _answer(north, p, proposal, answers={
        p["doreen"]: (OBJECT, "A 12-page booklet would put off the volunteers we most need – people who read little English. "
                              "If they feel lost at the start they leave, and the people we support lose their visits."),
        p["paper"]: (CONCERN, "The print must be large enough for me to read it too."),
    }, entered={p["paper"]: How.PAPER})
    _close(north, p, proposal)
    objection = selectors.open_objections(proposal)[0]
    services.proposal_resolve(
        actor=_facilitator(north, p), proposal=proposal,
        resolutions=[{"objection": objection, "tools": [ResolutionTool.AMEND, ResolutionTool.SHORTEN],
                      "note": "Doreen agreed to one page with pictures, in three languages, with a buddy, and a six-month trial first."}],
        text=WELCOME_V2, review_on=_days(150), term_ends=_days(182), measure="",
        note="Shorter and in pictures, so people who read little English can use it; a six-month trial instead of a year.")
    _answer(north, p, proposal, answers={p["paper"]: (CONCERN, "Please print it in large type, so I can read it too.")},
            entered={p["paper"]: How.PAPER})
    _close(north, p, proposal)
    return proposal


def _taxis(north, general, p):
    title = "Paying for taxis to evening visits"
    proposal = _existing(north, title)
    if proposal is not None:
        return proposal, proposal.passed_to.first()
    proposal = _bring(north, p["proxy"], title, "Spending the local budget (up to £500 a year)",
                      "Evening visits to Arthur end after dark, and two volunteers do not feel safe walking home.",
                      "The circle pays for a taxi home after any evening visit that ends after 8pm, from the local budget.",
                      review_days=180)
    _move(north, p, proposal, "to_reactions")
    services.proposal_react(actor=_u(p["member"]), proposal=proposal, text="Safety matters. But how much would it cost?")
    _move(north, p, proposal, "to_consent")
    _answer(north, p, proposal, answers={
        p["member"]: (OBJECT, "Taxis after every evening visit would cost about £1,200 a year – more than our whole £500 local "
                              "budget. Nothing would be left for welcoming volunteers and local events, which this circle is for."),
    }, entered={p["paper"]: How.PHONE})
    _close(north, p, proposal)
    passed = services.proposal_pass_up(
        actor=_facilitator(north, p), proposal=proposal,
        note="We could not find a way to pay for this within the local budget. It needs the commons' budget, which the General circle decides.")
    services.proposal_ask(actor=_u(p["gloria"]), proposal=passed, text="Could the Clapton Park circle share the cost for its evening visits too?")
    return proposal, passed


def _open_ones(north, p):
    made = {}
    title = "A summer street party on Chatsworth Road"
    made["questions"] = _existing(north, title)
    if made["questions"] is None:
        made["questions"] = _bring(north, p["doreen"], title, "Local events",
                                   "Many of us only meet at meetings. A street party would let neighbours meet the people we support.",
                                   "The circle holds a street party on Chatsworth Road on a Saturday in July, with food from the market.",
                                   review_days=240)
        services.proposal_ask(actor=_u(p["zeynep"]), proposal=made["questions"],
                              text="Would we need the council's permission to close the street?")

    title = "Monthly coffee morning at the Lea Bridge hub"
    made["reactions"] = _existing(north, title)
    if made["reactions"] is None:
        made["reactions"] = _bring(north, p["zeynep"], title, "Local events",
                                   "People getting support say evenings are hard for them; mornings are easier.",
                                   "A coffee morning at the Lea Bridge Community Hub on the first Tuesday of each month, open to everyone.",
                                   review_days=180)
        _move(north, p, made["reactions"], "to_reactions")
        services.proposal_react(actor=_u(p["doreen"]), proposal=made["reactions"], text="Yes please – mornings suit me much better.")

    title = "A buddy for each new volunteer's first three visits"
    made["consent"] = _existing(north, title)
    if made["consent"] is None:
        made["consent"] = _bring(north, p["member"], title, "Welcoming and training local volunteers",
                                 "New volunteers say their first visits are the hardest part.",
                                 "Each new volunteer goes on their first three visits with a buddy who has been with us for a year or more.",
                                 review_days=180)
        _move(north, p, made["consent"], "to_reactions", "to_consent")
        _answer(north, p, made["consent"], answers={p["proxy"]: (CONCERN, "Buddies need a short training first.")},
                only=[p["member"], p["ayo"], p["proxy"]])

    title = "A stall at the fireworks night"
    made["withdrawn"] = _existing(north, title)
    if made["withdrawn"] is None:
        made["withdrawn"] = _bring(north, p["member"], title, "Local events",
                                   "Fireworks night brings the whole neighbourhood out.",
                                   "The circle runs a tea stall at the fireworks night to tell people about the commons.",
                                   review_days=120)
        services.proposal_withdraw(actor=_u(p["member"]), proposal=made["withdrawn"],
                                   note="The Lea Bridge hub already runs a stall there and has asked us to help at theirs instead.")
    return made


def _lunch_club(park, p):
    title = "Sunday lunch club at the Chatsworth Road market"
    proposal = _existing(park, title)
    if proposal is not None:
        return proposal
    proposal = _bring(park, p["bengali"], title, "Local events",
                      "Several people we support eat alone every Sunday.",
                      "A lunch club every Sunday at the Chatsworth Road market, run by the circle's members in turn.",
                      review_days=180)
    _move(park, p, proposal, "to_reactions", "to_consent")
    _answer(park, p, proposal, answers={
        p["worker_ayse"]: (OBJECT, "Sunday is the one day most care workers have with their own families, so the workers in this "
                                   "circle could not come. The lunch club would be run without the people who do the care, which goes "
                                   "against our aim of doing things together."),
    }, entered={p["stan"]: How.PHONE})
    _close(park, p, proposal)
    return proposal


def _welcoming_hat(north, p):
    """Rosa nominated for the welcoming hat (Zeynep, a learning participant, wears it now and
    becomes her back-stop), waiting in the consent round."""
    term = CircleHatTerm.objects.filter(circle=north, kind=CircleHatKind.WELCOMING, holder=p["member"], proposal__isnull=False)
    term = term.select_related("proposal").first()
    if term is not None:
        return term.proposal
    from caringcity.circles.services.structure import term_nominate

    term = term_nominate(actor=_u(p["ayo"]), circle=north, kind=CircleHatKind.WELCOMING, holder=p["member"], backstop=p["zeynep"],
                         starts=_days(14), ends=_days(379), review_on=_days(196),
                         driver="Zeynep has welcomed new volunteers this year while she learns. The circle wants a full participant "
                                "to wear the hat, with Zeynep as her back-stop so she keeps learning.")
    proposal = term.proposal
    _move(north, p, proposal, "to_reactions", "to_consent")
    _answer(north, p, proposal, only=[p["ayo"], p["proxy"]])
    return proposal


def build(ctx):
    circles = ctx.get("circles")
    if not circles:
        ctx.setdefault("notes", []).append("Proposals demo skipped: it needs the circles made by the structure demo.")
        return
    p = ctx["people"]
    north, general, park = circles["north"], circles["general"], circles["park"]
    made = {"welcome": _welcome_pack(north, p)}
    made["taxis"], made["taxis_passed"] = _taxis(north, general, p)
    made.update(_open_ones(north, p))
    made["resolving"] = _lunch_club(park, p)
    made["hat"] = _welcoming_hat(north, p)
    ctx["proposals"] = made
    ctx.setdefault("notes", []).append(
        "Proposals: in Clapton North, sign in as doreen@example.org to answer the consent round on “A buddy for each new "
        "volunteer's first three visits”; as janet@example.org (the secretary) to enter Arthur's answer on paper; as "
        "ayo@example.org (the facilitator) to move proposals on. Everyone: “Proposals waiting for my answer” on the commons home.")
