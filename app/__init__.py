"""Habeas: exercise data-protection rights against the police."""

__version__ = "0.1.0"
