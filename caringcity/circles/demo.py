"""Demo circles and decisions. Structure comes first: every other part works in its circles."""

from importlib import import_module

PARTS = ["demo_structure", "demo_proposals", "demo_decisions", "demo_everyday", "demo_meetings"]


def build(ctx):
    for part in PARTS:
        try:
            module = import_module(f"caringcity.circles.{part}")
        except ModuleNotFoundError as exc:
            if exc.name != f"caringcity.circles.{part}":
                raise
            continue
        module.build(ctx)
