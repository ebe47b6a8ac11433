"""Benchmarks and the scale data generator. Not part of the test suite: run ``make bench``.

Results are ratios against a baseline measured in the same run, so numbers from different
machines can be compared; they are written to ``bench/results/`` (git-ignored)."""
