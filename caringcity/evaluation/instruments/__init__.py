"""Questionnaires: the published ones defined in code, and each commons' own (``OwnInstrument``),
seen by the other parts through one shape (``base.Instrument``). See ``registry``."""
