"""Summarisers: the interface, the extractive one (PacSum, Lead-k or TextRank; no weights) and transformers seq2seq."""

from .base import Summarizer, Summary
from .extractive import ExtractiveSummarizer

__all__ = ["Summarizer", "Summary", "ExtractiveSummarizer"]
