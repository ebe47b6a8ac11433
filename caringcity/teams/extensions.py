"""Where apps above teams plug in without teams importing them.

``register_member_left(fn)``: ``fn(member, actor)`` runs inside the transaction that ends
someone's membership (left, trial ended), so later apps can let go of what they held for them.

``register_team_panel(template, context_fn)``: ``context_fn(request, team)`` returns a dict for the
template, or None to show nothing. It must use a constant number of queries."""

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable
    order: int


_PANELS: list[Panel] = []


def register_team_panel(template, context_fn, order=100):
    if any(p.template == template for p in _PANELS):
        return
    _PANELS.append(Panel(template, context_fn, order))
    _PANELS.sort(key=lambda p: p.order)


def team_panels(request, team):
    """[(template, context)] for the panels that have something to show."""
    result = []
    for panel in _PANELS:
        ctx = panel.context(request, team)
        if ctx is not None:
            result.append((panel.template, ctx))
    return result


_MEMBER_LEFT: list[Callable] = []


def register_member_left(fn):
    if fn not in _MEMBER_LEFT:
        _MEMBER_LEFT.append(fn)


def member_left(member, actor):
    for fn in _MEMBER_LEFT:
        fn(member, actor)
