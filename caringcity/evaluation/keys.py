"""The names the parts of evaluation use for each other's things. A framework's indicators point
at these, so they never change once released (a rename is a new key).

- ``INSTRUMENTS``: the published questionnaires defined in code (``instruments/``). A commons'
  own questionnaire is ``own-<uuid>`` (``OwnInstrument.key``).
- ``MEASURES``: what each published questionnaire reports. An own questionnaire reports
  ``factor-<factor key>`` for each factor and ``item-<item key>`` for each scale question.
- ``METRICS``: the indicators the platform computes from its own records (``indicators`` part).
"""

SWEMWBS = "swemwbs"
ONS4 = "ons4"
LONELINESS = "loneliness"
ASCOT = "ascot"  # licensed: offered only when the operator configures its licence

INSTRUMENTS = (SWEMWBS, ONS4, LONELINESS, ASCOT)
OWN_PREFIX = "own-"

MEASURES = {
    SWEMWBS: ("metric", "raw"),  # metric: the official raw-to-metric conversion; raw: 7-35
    ONS4: ("life_satisfaction", "worthwhile", "happiness", "anxiety"),  # per item, 0-10, with bands; no composite
    LONELINESS: ("ucla3", "direct"),  # ucla3: 3-9; direct: the ONS question, kept separate
    ASCOT: ("scrqol",),
}

CONTINUITY = "continuity"  # share of an owner's visits by people they know
COVER_RATE = "cover_rate"  # share of planned visits that had someone
GIFTED_SHARE = "gifted_share"  # gifted hours against paid hours
SHARED_HATS = "shared_hats"  # hats held by people other than the Team Starter
TIME_TO_INDEPENDENCE = "time_to_independence"  # days from first contact to team independence
DECISIONS_RESOLVED = "decisions_resolved"  # decisions whose concerns or objections were resolved
ACTIVE_TIES = "active_ties"  # active ties per team in the network map
RETENTION = "retention"  # members still active after the period

METRICS = (CONTINUITY, COVER_RATE, GIFTED_SHARE, SHARED_HATS, TIME_TO_INDEPENDENCE, DECISIONS_RESOLVED, ACTIVE_TIES, RETENTION)


def own_key(own_instrument):
    return f"{OWN_PREFIX}{own_instrument.uuid}"


def is_own(key):
    return key.startswith(OWN_PREFIX)
