"""Summarisers: the interface, TextRank (extractive, no weights) and transformers seq2seq."""

from .base import Summarizer, Summary
from .extractive import ExtractiveSummarizer

__all__ = ["Summarizer", "Summary", "ExtractiveSummarizer"]
