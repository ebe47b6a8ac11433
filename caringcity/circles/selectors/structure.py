"""Reads for the structure of circles: the tree of a commons' circles (for the list, the diagram
and its text alternative), one circle's people and hats, the rotation of hats over time, and
the panel on a care team's page. Each function runs a fixed number of queries, whatever the
number of circles, people or terms."""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from caringcity.circles.access import TEAM_STAKEHOLDER, circle_standing
from caringcity.circles.models import (
    Circle,
    CircleHatKind,
    CircleHatTerm,
    CircleKind,
    Participant,
    ParticipantKind,
    Stakeholder,
    TermStatus,
)
from caringcity.circles.selectors.visibility import circles_visible_to
from caringcity.people.models import Proxy

KIND_ORDER = {kind: i for i, kind in enumerate([CircleKind.MEMBERS, CircleKind.GENERAL, CircleKind.LOCAL, CircleKind.WORKING,
                                                CircleKind.TEAM])}
HAT_ORDER = {kind: i for i, kind in enumerate(CircleHatKind.values)}


def _circle_key(circle):
    return (KIND_ORDER.get(circle.kind, 9), circle.name.lower())


def _term_key(term):
    return (HAT_ORDER.get(term.kind, 99), term.starts, term.created)


# --- the tree of circles --------------------------------------------------------------------------
@dataclass
class Node:
    circle: Circle
    depth: int = 0
    children: list = field(default_factory=list)
    hidden_teams: int = 0  # team circles under this one that the user may not see
    leader: object = None  # Person wearing the leader hat (links down from the parent circle)
    delegate: object = None  # Person wearing the delegate hat (links up to the parent circle)
    people: int | None = None  # current participants (None for a team circle: its people are the team)
    parent: object = None  # the parent Node, when the user sees it


def circle_tree(user, commons):
    """The open circles of the commons that the user may see, as a list of root Nodes (the
    members' circle, then any circle without an open parent). Team circles the user may not see
    are counted on their parent (``hidden_teams``), never named. Four queries."""
    circles = sorted(Circle.objects.open().filter(commons=commons).select_related("team")
                     .annotate(people_now=Count("participants", filter=Q(participants__left__isnull=True))), key=_circle_key)
    visible = set(circles_visible_to(user, commons).values_list("pk", flat=True))
    links = {}
    for term in CircleHatTerm.objects.held().filter(circle__commons=commons, circle__ended__isnull=True,
                                                    kind__in=[CircleHatKind.LEADER, CircleHatKind.DELEGATE]).select_related("holder"):
        links[(term.circle_id, term.kind)] = term.holder
    nodes = {c.pk: Node(c, leader=links.get((c.pk, CircleHatKind.LEADER)), delegate=links.get((c.pk, CircleHatKind.DELEGATE)),
                        people=None if c.is_team else c.people_now) for c in circles if c.pk in visible}
    roots = []
    for circle in circles:
        parent = nodes.get(circle.parent_id)
        if circle.pk not in nodes:
            if parent is not None:
                parent.hidden_teams += 1
            continue
        node = nodes[circle.pk]
        if parent is None:
            roots.append(node)
        else:
            node.parent = parent
            parent.children.append(node)

    def depth(node, level):
        node.depth = level
        for child in node.children:
            depth(child, level + 1)

    for root in roots:
        depth(root, 0)
    return roots


def walk(roots):
    """Every Node of the tree, parents before their children."""
    for node in roots:
        yield node
        yield from walk(node.children)


def ended_circles(user, commons):
    return circles_visible_to(user, commons).filter(ended__isnull=False).select_related("parent").order_by("-ended", "name")


def hidden_label(count):
    return ngettext("%(n)s care team", "%(n)s care teams", count) % {"n": count}


# --- the diagram: a tree drawn by hand, no script ---------------------------------------------------
BOX_W, BOX_H, HIDDEN_H, GAP_X, GAP_Y, PAD = 246, 96, 56, 22, 56, 14
NAME_CHARS = 28


def _short(text, size=NAME_CHARS):
    return text if len(text) <= size else text[: size - 1].rstrip() + "…"


def diagram(roots):
    """Geometry for the structure SVG: boxes (circles and counts of hidden care teams), the lines
    between them, and the size. Leaves take the next free slot from left to right; a parent sits
    centred over its children; each level of the tree is one row."""
    boxes, lines = [], []
    state = {"slot": 0, "depth": 0}

    def top(level):
        return PAD + level * (BOX_H + GAP_Y)

    def leaf_x():
        x = PAD + state["slot"] * (BOX_W + GAP_X)
        state["slot"] += 1
        return x

    def place(node, level):
        state["depth"] = max(state["depth"], level)
        kids = []
        for child in node.children:
            kids.append(place(child, level + 1))
        if node.hidden_teams:
            x = leaf_x()
            y = top(level + 1)
            state["depth"] = max(state["depth"], level + 1)
            boxes.append({"hidden": True, "x": x, "y": y, "w": BOX_W, "h": HIDDEN_H, "cx": x + BOX_W // 2,
                          "lines": [hidden_label(node.hidden_teams), _("you are not in them")], "title": hidden_label(node.hidden_teams)})
            kids.append((x + BOX_W // 2, y))
        x = (kids[0][0] + kids[-1][0]) // 2 - BOX_W // 2 if kids else leaf_x()
        y = top(level)
        circle = node.circle
        leader = node.leader.display_name if node.leader else _("not chosen yet")
        kind = circle.get_kind_display()
        lines_of_text = [] if kind.lower() == circle.name.lower() else [kind]
        if node.parent is not None or circle.parent_id:
            delegate = node.delegate.display_name if node.delegate else _("not chosen yet")
            lines_of_text.append("↓ " + _("Leader: %(name)s") % {"name": leader})
            lines_of_text.append("↑ " + _("Delegate: %(name)s") % {"name": delegate})
        else:
            lines_of_text.append(_("Leader: %(name)s") % {"name": leader})
        height = min(BOX_H, 34 + 19 * len(lines_of_text))  # as tall as its lines
        boxes.append({"hidden": False, "x": x, "y": y, "w": BOX_W, "h": height, "cx": x + BOX_W // 2, "node": node,
                      "name": _short(circle.name), "lines": [_short(t, 34) for t in lines_of_text], "title": circle.name,
                      "team": circle.is_team})
        for kx, ky in kids:
            lines.append({"x1": x + BOX_W // 2, "y1": y + height, "x2": kx, "y2": ky})
        return (x + BOX_W // 2, y)

    for root in roots:
        place(root, 0)
    width = PAD * 2 + max(state["slot"], 1) * (BOX_W + GAP_X) - GAP_X
    height = PAD * 2 + (state["depth"] + 1) * (BOX_H + GAP_Y) - GAP_Y
    for box in boxes:
        box["text_x"] = box["x"] + 12
        box["rows"] = [{"y": box["y"] + (40 if box.get("name") else 24) + i * 19, "text": text} for i, text in enumerate(box["lines"])]
        box["name_y"] = box["y"] + 21
    return {"width": width, "height": height, "boxes": boxes, "lines": lines, "count": sum(1 for b in boxes if not b["hidden"]),
            "summary": " ".join(_describe(node) for node in walk(roots))}


def _describe(node):
    """One sentence about a circle and its links, for the diagram's description."""
    nobody = _("not chosen yet")
    facts = {"name": node.circle.name, "kind": node.circle.get_kind_display(),
             "leader": node.leader.display_name if node.leader else nobody,
             "delegate": node.delegate.display_name if node.delegate else nobody}
    if node.parent is None:
        text = _("%(name)s (%(kind)s): leader %(leader)s.") % facts
    else:
        text = _("%(name)s (%(kind)s), under %(parent)s: leader %(leader)s, delegate %(delegate)s.") % {
            **facts, "parent": node.parent.circle.name}
    if node.hidden_teams:
        text += " " + _("Under it: %(teams)s you are not in.") % {"teams": hidden_label(node.hidden_teams)}
    return text


# --- one circle: people, hats, sub-circles --------------------------------------------------------
@dataclass
class Place:
    person: object
    kind: str
    stakeholder: str
    participant: object = None  # the Participant row (None in a team circle)
    hats: list = field(default_factory=list)  # CircleHatTerm worn now

    @property
    def stakeholder_label(self):
        return Stakeholder(self.stakeholder).label if self.stakeholder in Stakeholder.values else ""


def people_in(circle):
    """[Place] of the people in the circle now. For a team circle: the owner, their proxies and
    the team's current members, all full participants (as ``access.place_of`` says)."""
    if not circle.is_team:
        return [Place(p.person, p.kind, p.stakeholder, p)
                for p in Participant.objects.current().filter(circle=circle).select_related("person")]
    team = circle.team
    places = {team.owner_id: Place(team.owner, ParticipantKind.FULL, Stakeholder.SUPPORTED)}
    for proxy in Proxy.objects.current().filter(commons=team.commons, principal_id=team.owner_id).select_related("proxy"):
        places.setdefault(proxy.proxy_id, Place(proxy.proxy, ParticipantKind.FULL, Stakeholder.FAMILY))
    for member in team.members.current().select_related("person"):
        places.setdefault(member.person_id, Place(member.person, ParticipantKind.FULL, TEAM_STAKEHOLDER.get(member.kind, Stakeholder.OTHER)))
    return sorted(places.values(), key=lambda place: place.person.name.lower())


def people_groups(places):
    """[(kind, label, explanation, [Place])] for full, learning and guests (empty groups left out)."""
    explain = {
        ParticipantKind.FULL: _("They take part in every round and give consent."),
        ParticipantKind.LEARNING: _("They are learning how the circle works: they ask questions and give reactions, but do not give consent yet."),
        ParticipantKind.GUEST: _("They come to help with something: they ask questions and give reactions."),
    }
    groups = []
    for kind in ParticipantKind.values:
        members = [place for place in places if place.kind == kind]
        if members:
            groups.append((kind, ParticipantKind(kind).label, explain[kind], members))
    return groups


def hats_now(circle):
    """Terms worn now, in hat order, with the holder and back-stop."""
    return sorted(CircleHatTerm.objects.held().filter(circle=circle).select_related("circle", "holder", "backstop"), key=_term_key)


def nominations(circle):
    return sorted(CircleHatTerm.objects.filter(circle=circle, status=TermStatus.NOMINATED)
                  .select_related("holder", "backstop", "nominated_by", "proposal"), key=_term_key)


def due_for_review(terms, today=None):
    """The terms (of ``hats_now``) whose review date or end has come."""
    today = today or timezone.localdate()
    return [term for term in terms if term.review_on <= today or term.ends <= today]


def sub_circles(user, circle):
    """(open circles under this one that the user may see, how many team circles are hidden)."""
    children = sorted(Circle.objects.open().filter(parent=circle).select_related("team"), key=_circle_key)
    visible = set(circles_visible_to(user, circle.commons).filter(parent=circle).values_list("pk", flat=True))
    shown = [child for child in children if child.pk in visible]
    return shown, len(children) - len(shown)


def circle_page(user, circle):
    """Everything the circle page shows, in a fixed number of queries."""
    places = people_in(circle)
    held = hats_now(circle)
    by_person = {}
    for term in held:
        by_person.setdefault(term.holder_id, []).append(term)
    for place in places:
        place.hats = by_person.get(place.person.pk, [])
    children, hidden = sub_circles(user, circle)
    return {
        "groups": people_groups(places),
        "people_count": len(places),
        "held": held,
        "due": due_for_review(held),
        "nominations": nominations(circle),
        "children": children,
        "hidden_teams": hidden,
        "hidden_label": hidden_label(hidden) if hidden else "",
        "today": timezone.localdate(),
    }


# --- hats over time -------------------------------------------------------------------------------
def hat_rotation(circle):
    """Every term that was worn in the circle (held now or ended), in hat order, oldest first."""
    return sorted(CircleHatTerm.objects.filter(circle=circle, status__in=[TermStatus.HELD, TermStatus.ENDED])
                  .select_related("holder", "backstop"), key=_term_key)


def _month(day):
    return date(day.year, day.month, 1)


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, 1)


T_LABEL_W, T_PLOT_W, T_ROW_H, T_TOP, T_BAR_H = 215, 560, 40, 34, 24


def timeline(terms, today=None):
    """Geometry for the hat rotation SVG: one row per hat, one bar per term, from its start to the
    day it ended (or to the end of the term, for hats worn now). None when there is nothing to draw."""
    if not terms:
        return None
    today = today or timezone.localdate()
    first = _month(min(term.starts for term in terms))
    last_day = max([today] + [term.ended_on or term.ends for term in terms])
    last = _add_months(_month(last_day), 1)
    span = max((last - first).days, 1)

    def x(day):
        return round(T_LABEL_W + (min(max(day, first), last) - first).days / span * T_PLOT_W, 1)

    months = (last.year - first.year) * 12 + last.month - first.month
    step = 3 if months <= 24 else 6 if months <= 48 else 12
    ticks, tick = [], first
    while tick <= last:
        ticks.append({"x": x(tick), "date": tick})
        tick = _add_months(tick, step)
    kinds = sorted({term.kind for term in terms}, key=lambda kind: HAT_ORDER.get(kind, 99))
    rows = []
    for i, kind in enumerate(kinds):
        y = T_TOP + i * T_ROW_H
        bars = []
        for term in (t for t in terms if t.kind == kind):
            held = term.status == TermStatus.HELD
            end = term.ended_on or (min(today, term.ends) if held else term.ends)
            x1, x2 = x(term.starts), x(end)
            bar = {"x": x1, "w": max(round(x2 - x1, 1), 2), "y": y + (T_ROW_H - T_BAR_H) // 2, "h": T_BAR_H, "held": held,
                   "name": term.holder.display_name, "text_x": x1 + 6, "text_y": y + T_ROW_H // 2 + 5}
            bar["show_name"] = bar["w"] >= len(bar["name"]) * 8 + 10
            if held and term.ends > today:
                bar["rest_x"], bar["rest_w"] = x2, max(round(x(term.ends) - x2, 1), 0)
            bars.append(bar)
        rows.append({"label": CircleHatKind(kind).label, "y": y + T_ROW_H // 2 + 5, "line_y": y + T_ROW_H, "bars": bars})
    height = T_TOP + len(rows) * T_ROW_H + 10
    return {"width": T_LABEL_W + T_PLOT_W + 20, "height": height, "rows": rows, "ticks": ticks, "tick_y": 18,
            "today_x": x(today), "plot_x": T_LABEL_W, "top": T_TOP - 6, "bottom": height - 6}


# --- the panel on a care team's page --------------------------------------------------------------
def team_panel(user, team):
    """What the team page shows about the team's circle, or None for people who cannot see the team."""
    if not user.has_perm("teams.view_team", team):
        return None
    circle = Circle.objects.filter(team=team).select_related("parent", "commons").first()
    if circle is not None and circle.ended is not None:
        circle = None
    can_view = circle is not None and circle_standing(user, circle).can_view
    membership_is_organiser = False
    if circle is None:
        from caringcity.people import selectors as people

        membership = people.membership_of(user, team.commons)
        membership_is_organiser = bool(membership and membership.is_organiser)
    return {"circle": circle, "can_view_circle": can_view, "can_link": membership_is_organiser}


# --- for evaluation surveys ---
def open_circles(commons):
    """The commons' circles that have not ended, care teams' circles left out (a team's people are
    asked as team members), by name."""
    from caringcity.circles.models import Circle

    return Circle.objects.open().filter(commons=commons, team__isnull=True).order_by("name")


def survey_circle_people(commons, *, circle_ids=None):
    """[(person_id, circle_id)] for the current participants of the commons' open circles (not care
    teams' circles; only ``circle_ids`` when given). One query."""
    from caringcity.circles.models import Participant

    circles = open_circles(commons)
    if circle_ids is not None:
        circles = circles.filter(pk__in=circle_ids)
    return list(Participant.objects.current().filter(circle__in=circles)
                .values_list("person_id", "circle_id").order_by("pk"))
