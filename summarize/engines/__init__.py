"""Models: where they come from (``hub``), how they run (``transformers``, ``ct2``), the summarisers
and translators on top of them, and the registry that builds one per models.yaml entry."""
