"""The demo as ``manage.py demo`` builds it, for the circles and networks demo tests and the
circles browser tests: every app's demo in INSTALLED_APPS order, or only the apps before circles
(people, teams, visits) and the circles parts before a given one."""

from importlib import import_module

from caringcity.circles import demo as circles_demo
from caringcity.core.extensions import app_modules


def load_demo(ctx=None, *, before=None):
    """Build the demo into ``ctx`` (a new one if None) and return it. With ``before`` (a part of
    ``caringcity.circles.demo.PARTS``, such as ``"demo_decisions"``), only the apps before circles
    and the circles parts that run before that one are built, so a test can build that part
    itself; without it, every app's demo."""
    ctx = {"signins": []} if ctx is None else ctx
    if before is None:  # every app's demo, as ``manage.py demo`` runs them
        for module in app_modules("demo"):
            module.build(ctx)
        return ctx
    for module in app_modules("demo"):  # the apps before circles (people, teams, visits), in order
        if module is circles_demo:
            break
        module.build(ctx)
    parts = circles_demo.PARTS
    assert before in parts, f"{before!r} is not a part of the circles demo"
    for part in parts[: parts.index(before)]:
        import_module(f"caringcity.circles.{part}").build(ctx)
    return ctx
