"""Demo questionnaires: the Clapton commons' social climate survey (five parts, three questions
each, some reverse scored), beside the published questionnaires. Safe to run twice. Puts it in
``ctx["climate"]`` for the surveys demo."""

from caringcity.evaluation.services.instruments import starter_climate_ensure


def build(ctx):
    commons = ctx["commons"]["clapton"]
    organiser = ctx["people"]["organiser"].user
    ctx["climate"] = starter_climate_ensure(actor=organiser, commons=commons)
