"""Measurements against hand-made gold, each a `GoldMetric` (metric.py) with a signature: structure
(and its invariance over generated layouts, layouts/), key facts, and notes against references."""
