"""Demo evaluation: the starter framework with values, the commons' social climate survey beside
the published questionnaires, two survey rounds with enough answers to show change, the platform's
indicators, reflections, and a report. Each part builds its own piece, in this order."""

from importlib import import_module

PARTS = ["demo_framework", "demo_instruments", "demo_surveys", "demo_indicators", "demo_results", "demo_reports"]


def build(ctx):
    for part in PARTS:
        import_module(f"caringcity.evaluation.{part}").build(ctx)
