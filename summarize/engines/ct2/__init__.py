"""CTranslate2: converting a transformers model once, and loading the converted folder."""
