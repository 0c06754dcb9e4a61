"""dossier: a static site generator for research dossiers, where every statement is cited."""

__version__ = "0.1.0"
