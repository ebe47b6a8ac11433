"""Demo rota and care records. The rota comes first: the records are written about its visits."""

from importlib import import_module

PARTS = ["demo_rota", "demo_logs", "demo_notes", "demo_feeds"]


def build(ctx):
    for part in PARTS:
        import_module(f"caringcity.visits.{part}").build(ctx)
