"""Benchmarks of the full stack against bare baselines measured in the same run (``make bench``)."""
