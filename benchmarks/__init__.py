"""Benchmarks (`make bench`, `make bench-batch`), outside the runtime package."""
