"""The Dutch and English knowledge the stages share, one module per kind of knowledge.

- :mod:`~pipeline.text.months`: month (and weekday) names and their numbers, Dutch and English;
- :mod:`~pipeline.text.dates`: day + month patterns ("15 december", "December 15", "15th of December")
  and Dutch date expressions ("van 31 januari tot 1 februari 2024", "voor de zomer", "eind 2025");
- :mod:`~pipeline.text.numbers`: written numbers in Dutch (1.000,5) and English (1,000.5) notation, with
  scale words ("1,2 miljard" = "1.2 billion");
- :mod:`~pipeline.text.references`: URLs and Kamerstuk references, which are kept verbatim;
- :mod:`~pipeline.text.facts`: what in a sentence must survive translation or summary (numbers, dates,
  months, references), found in Dutch and checked in English;
- :mod:`~pipeline.text.repetition`: repetition loops (degenerate model output);
- :mod:`~pipeline.text.sentences`: the Dutch sentence splitter (abbreviations such as "art." and "o.a."
  protected), the English one, the clause cut of long sentences and sentence punctuation;
- :mod:`~pipeline.text.cues`: the one compiler of the YAML cue lists (taxonomy, key-fact cues).

Pure string work: no models, no configuration, nothing read at import.
"""
