"""Demo circles and decisions. Structure comes first: every other part works in its circles."""

from importlib import import_module

PARTS = ["demo_structure", "demo_proposals", "demo_decisions", "demo_everyday", "demo_meetings"]


def build(ctx):
    for part in PARTS:
        import_module(f"caringcity.circles.{part}").build(ctx)
