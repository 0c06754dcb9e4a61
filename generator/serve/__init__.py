"""`dossier serve`: the preview with live reload."""
