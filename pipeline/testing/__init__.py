"""Test support that ships with the package: tiny real-architecture checkpoints (`make tiny-models`).
Never imported by the code that makes notes."""
