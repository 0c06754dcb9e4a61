"""Stage 4, site: the site plan, view objects, rendered pages, figures and machine-readable exports."""
