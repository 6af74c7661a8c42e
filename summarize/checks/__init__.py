"""Quality checks (QA flags) on each translated segment."""
