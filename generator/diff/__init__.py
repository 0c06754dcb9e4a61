"""`dossier diff`: what a dossier says differently between two versions."""
