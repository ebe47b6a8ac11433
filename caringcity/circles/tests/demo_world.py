"""The demo as ``manage.py demo`` builds it, for the circles demo tests and the circles browser
tests: every other app's demo (people, teams, visits) in INSTALLED_APPS order, then the circles
demo's parts in the order ``caringcity.circles.demo`` runs them."""

from importlib import import_module

from caringcity.circles import demo as circles_demo
from caringcity.core.extensions import app_modules


def load_demo(ctx=None, *, before=None):
    """Build the demo into ``ctx`` (a new one if None) and return it. With ``before`` (a part of
    ``caringcity.circles.demo.PARTS``, such as ``"demo_decisions"``), only the circles parts that
    run before that one are built, so a test can build that part itself; without it, all of them."""
    ctx = {"signins": []} if ctx is None else ctx
    for module in app_modules("demo"):
        if module is not circles_demo:
            module.build(ctx)
    if before is None:
        circles_demo.build(ctx)
        return ctx
    parts = circles_demo.PARTS
    assert before in parts, f"{before!r} is not a part of the circles demo"
    for part in parts[: parts.index(before)]:
        import_module(f"caringcity.circles.{part}").build(ctx)
    return ctx
