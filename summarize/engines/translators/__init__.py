"""Translators: the interface and the transformers seq2seq implementation."""

from .base import Translator

__all__ = ["Translator"]
