"""The translate stage: the translator (MarianMT, sentence by sentence, batched, cached) and the
fidelity checks around it (glossary, numbers, references, degenerate output)."""
