"""HTML renderer (in progress)."""

IMPLEMENTED = False


def render(gold, blocks, head, closing, p, rng):
    raise NotImplementedError("HTML layouts are not written yet")
