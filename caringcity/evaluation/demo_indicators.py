"""Demo indicators: count every platform figure of the demo commons from what the other demos
recorded (visits, teams, hats, circles' decisions, the neighbourhood map). Safe to run again: a
refresh replaces every value. Puts the refresh in ``ctx["indicator_refresh"]``."""

from caringcity.evaluation.services.indicators import indicators_refresh


def build(ctx):
    refresh = indicators_refresh(commons=ctx["commons"]["clapton"])
    ctx["indicator_refresh"] = refresh
    ctx.setdefault("notes", []).append(
        f"Evaluation figures: {refresh.values_written} values counted from the demo's records (How we're doing → Figures).")
