"""Stage 5, output: the site written atomically, and work split over processes."""
