"""The package version, in one place (pyproject reads it; nothing imports the package root for it)."""

__version__ = "0.1.0"
