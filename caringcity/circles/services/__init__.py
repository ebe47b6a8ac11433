"""Writes of the circles app, one module per part: structure (circles, people, hats), proposals
(rounds and consent), decisions (the log, reviews, appeals), everyday (advice process, polls),
meetings (the logbook). ``records`` is the one way any part writes a decision record."""
