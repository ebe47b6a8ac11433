"""Demo networks of care. Postcodes come first (so actors can be placed), then the neighbourhood
map, the personal care maps and the directory. ``ctx["actors"]`` is {name: Actor}."""

from importlib import import_module

PARTS = ["demo_places", "demo_community", "demo_caremaps", "demo_directory"]


def build(ctx):
    for part in PARTS:
        import_module(f"caringcity.networks.{part}").build(ctx)
