"""Jobs around the pipeline: one run of articles, resumable batches, and their records on disk."""
