"""Models: finding checkpoints, fetching and converting them, loading them, and running them.

- resolution: where a configured model is (a folder, ``models/<org>--<name>``, the Hugging Face
  cache or hub), or one error naming every place looked in
- hub: the only code that downloads (snapshots; old ``.bin`` weights to safetensors)
- conversion: the CTranslate2 copy of a checkpoint, remade when the checkpoint changes
- download: ``make models``, every configured model fetched and converted for offline use
- loading: ``BACKEND_LOADERS``, the config's backend name → a loaded backend; the NLI classifier
- backends: the interface the stages use (``translate_batch``, ``token_counts``, ``settings``,
  ``with_decoding``) on two engines, transformers and CTranslate2
- cache: the SQLite translation cache
- deadline: the per-letter time budget, and the backend wrapper that checks it before model calls
"""
